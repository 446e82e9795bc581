// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;

namespace flashback {

/// File → Connect to PostgreSQL: host, port, database, user and SSL mode, or a service name, or a pasted URI or
/// conninfo. Empty fields are left out of the address, so libpq's PG* variables, PGSERVICE and ~/.pgpass fill
/// them in as usual. No password field: libpq finds it in ~/.pgpass or PGPASSWORD, or the window asks for it
/// when the server wants one, and keeps it in memory only.
class ConnectDialog : public QDialog {
    Q_OBJECT
public:
    explicit ConnectDialog(QWidget* parent = nullptr);

    /// The libpq address the fields describe (a pasted URI or conninfo as typed).
    QString address() const;
    bool readOnly() const;
    void setAddress(const QString& address);

    /// `value` quoted for a conninfo string when it needs it.
    static QString conninfoValue(const QString& value);

private:
    void updateEnabled();

    QLineEdit* m_uri = nullptr;
    QLineEdit* m_host = nullptr;
    QSpinBox* m_port = nullptr;
    QLineEdit* m_database = nullptr;
    QLineEdit* m_user = nullptr;
    QLineEdit* m_service = nullptr;
    QComboBox* m_sslMode = nullptr;
    QCheckBox* m_readOnly = nullptr;
};

} // namespace flashback

// SPDX-License-Identifier: GPL-3.0-or-later
#include "connectdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace flashback {

ConnectDialog::ConnectDialog(QWidget* parent)
    : QDialog(parent)
    , m_uri(new QLineEdit(this))
    , m_host(new QLineEdit(this))
    , m_port(new QSpinBox(this))
    , m_database(new QLineEdit(this))
    , m_user(new QLineEdit(this))
    , m_service(new QLineEdit(this))
    , m_sslMode(new QComboBox(this))
    , m_readOnly(new QCheckBox(u"Read-only session (the database refuses every write)"_s, this))
{
    setWindowTitle(u"Connect to PostgreSQL"_s);
    setObjectName(u"connectDialog"_s);
    m_uri->setPlaceholderText(u"postgresql://user@host/database, or host=… dbname=…"_s);
    m_host->setPlaceholderText(u"from PGHOST, or the local socket"_s);
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(u"default (PGPORT or 5432)"_s);
    m_database->setPlaceholderText(u"from PGDATABASE, or the user name"_s);
    m_user->setPlaceholderText(u"from PGUSER, or your login name"_s);
    m_service->setPlaceholderText(u"a section of ~/.pg_service.conf"_s);
    m_sslMode->addItem(u"default (prefer)"_s, QString());
    for (const QString& mode : {u"disable"_s, u"allow"_s, u"prefer"_s, u"require"_s, u"verify-ca"_s, u"verify-full"_s})
        m_sslMode->addItem(mode, mode);
    m_readOnly->setChecked(true);

    auto* form = new QFormLayout;
    form->addRow(u"&Address:"_s, m_uri);
    form->addRow(new QLabel(u"or"_s, this));
    form->addRow(u"&Host:"_s, m_host);
    form->addRow(u"&Port:"_s, m_port);
    form->addRow(u"&Database:"_s, m_database);
    form->addRow(u"&User:"_s, m_user);
    form->addRow(u"&Service:"_s, m_service);
    form->addRow(u"SSL &mode:"_s, m_sslMode);
    auto* note = new QLabel(u"Passwords come from ~/.pgpass or PGPASSWORD; when the server asks for one, Flashback "
                            u"asks you and keeps it in memory only."_s,
        this);
    note->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(u"Connect"_s);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_readOnly);
    layout->addWidget(note);
    layout->addWidget(buttons);
    connect(m_uri, &QLineEdit::textChanged, this, &ConnectDialog::updateEnabled);
    updateEnabled();
}

QString ConnectDialog::conninfoValue(const QString& value)
{
    if (!value.isEmpty() && !value.contains(u' ') && !value.contains(u'\'') && !value.contains(u'\\'))
        return value;
    QString quoted = value;
    quoted.replace(u"\\"_s, u"\\\\"_s);
    quoted.replace(u"'"_s, u"\\'"_s);
    return u'\'' + quoted + u'\'';
}

QString ConnectDialog::address() const
{
    if (const QString uri = m_uri->text().trimmed(); !uri.isEmpty())
        return uri;
    QStringList parts;
    const auto add = [&parts](const QString& key, const QString& value) {
        if (!value.trimmed().isEmpty())
            parts.append(key + u'=' + conninfoValue(value.trimmed()));
    };
    add(u"host"_s, m_host->text());
    if (m_port->value() > 0)
        add(u"port"_s, QString::number(m_port->value()));
    add(u"dbname"_s, m_database->text());
    add(u"user"_s, m_user->text());
    add(u"service"_s, m_service->text());
    add(u"sslmode"_s, m_sslMode->currentData().toString());
    // Nothing filled in: libpq's defaults and PG* variables alone.
    return parts.isEmpty() ? u"postgresql://"_s : parts.join(u' ');
}

bool ConnectDialog::readOnly() const
{
    return m_readOnly->isChecked();
}

void ConnectDialog::setAddress(const QString& address)
{
    m_uri->setText(address);
}

void ConnectDialog::updateEnabled()
{
    const bool fields = m_uri->text().trimmed().isEmpty();
    for (QWidget* widget : std::initializer_list<QWidget*> {m_host, m_port, m_database, m_user, m_service, m_sslMode})
        widget->setEnabled(fields);
}

} // namespace flashback

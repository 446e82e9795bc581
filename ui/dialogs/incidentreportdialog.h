// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "report/incidentreportformat.h"

#include <QDialog>
#include <QStringList>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace flashback {

/// File → Export Incident Report…: which revisions of the current stream, which fields' histories, which format
/// and where. The event under scrutiny (the last of the range) starts as the selected one.
class IncidentReportDialog : public QDialog {
    Q_OBJECT
public:
    struct Choice {
        qint64 fromRevision = 1;
        qint64 toRevision = 1;
        QStringList fields;
        IncidentReportFormat format = IncidentReportFormat::Html;
        QString path;
    };

    /// `selectedRevision` 0: the stream's last. `folder`: where the file goes unless the user picks another.
    IncidentReportDialog(const QString& streamId, qint64 headRevision, qint64 selectedRevision, const QString& folder,
        QWidget* parent = nullptr);

    Choice choice() const;
    /// "incident-<stream>-r<revision>.<html|md>", safe as a file name on every platform.
    static QString suggestedFileName(const QString& streamId, qint64 revision, IncidentReportFormat format);

    QSpinBox* fromBox() const { return m_from; }
    QSpinBox* toBox() const { return m_to; }
    QLineEdit* fieldsEdit() const { return m_fields; }
    QComboBox* formatBox() const { return m_format; }
    QLineEdit* pathEdit() const { return m_path; }
    QDialogButtonBox* buttons() const { return m_buttons; }

private:
    void browse();
    void formatChanged();
    void validate();

    QString m_streamId;
    QSpinBox* m_from;
    QSpinBox* m_to;
    QLineEdit* m_fields;
    QComboBox* m_format;
    QLineEdit* m_path;
    QLabel* m_problem;
    QDialogButtonBox* m_buttons;
};

} // namespace flashback

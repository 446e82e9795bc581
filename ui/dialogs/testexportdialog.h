// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace flashback {

/// File → Export as Test…: which event of the current stream is under scrutiny, whether personal data is
/// replaced, the test class's name and the file. Starts at the selected event, anonymized.
class TestExportDialog : public QDialog {
    Q_OBJECT
public:
    struct Choice {
        qint64 revision = 1;
        bool anonymize = true;
        QString className;
        QString path;
    };

    /// `selectedRevision` 0: the stream's last. `folder`: where the file goes unless the user picks another.
    TestExportDialog(const QString& streamId, qint64 headRevision, qint64 selectedRevision, const QString& folder,
        QWidget* parent = nullptr);

    Choice choice() const;

    QSpinBox* revisionBox() const { return m_revision; }
    QCheckBox* anonymizeBox() const { return m_anonymize; }
    QLineEdit* classEdit() const { return m_class; }
    QLineEdit* pathEdit() const { return m_path; }
    QDialogButtonBox* buttons() const { return m_buttons; }

private:
    void browse();
    void validate();

    QSpinBox* m_revision;
    QCheckBox* m_anonymize;
    QLineEdit* m_class;
    QLineEdit* m_path;
    QLabel* m_problem;
    QDialogButtonBox* m_buttons;
};

} // namespace flashback

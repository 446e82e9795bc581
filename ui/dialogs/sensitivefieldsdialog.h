// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QStringList>

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;

namespace flashback {

/// View → Sensitive Fields: the payload keys and paths the window masks on top of the domain's own (password
/// hashes), one per line. Kept in the settings, so they hold for every store this user opens.
class SensitiveFieldsDialog : public QDialog {
    Q_OBJECT
public:
    /// `alwaysMasked` are the domain's own, shown for reference and not editable.
    SensitiveFieldsDialog(const QStringList& entries, const QStringList& alwaysMasked, QWidget* parent = nullptr);

    /// The entries as typed, trimmed, without blanks or repeats (valid once the dialog was accepted).
    QStringList entries() const { return m_entries; }
    QPlainTextEdit* editor() const { return m_editor; }

private:
    void validate();

    QPlainTextEdit* m_editor;
    QLabel* m_problem;
    QDialogButtonBox* m_buttons;
    QStringList m_entries;
};

} // namespace flashback

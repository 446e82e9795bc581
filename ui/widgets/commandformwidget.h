// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/commandform.h"

#include <QHash>
#include <QSet>
#include <QWidget>

class QFormLayout;
class QLabel;

namespace flashback {

/// The fields of one command as a form generated from its CommandSpec: a line edit for text (masked for a
/// secret), a text box for free text, a choice box for an enum, a check box for yes/no. Each field says what is
/// wrong with it below itself as it is typed (once touched, or for every field after showAllProblems()).
class CommandFormWidget : public QWidget {
    Q_OBJECT
public:
    explicit CommandFormWidget(QWidget* parent = nullptr);

    /// Builds the form for `spec`, empty (defaults filled in).
    void setSpec(const CommandSpec& spec);
    const CommandForm& form() const { return m_form; }
    /// Fills the non-secret fields from `values` (re-issuing a command or a template); secrets stay empty.
    void fill(const QJsonObject& values);
    /// Shows the problem of every field, touched or not (after Dry run or Execute was asked for).
    void showAllProblems();
    /// The editor of `field` (QLineEdit, QPlainTextEdit, QComboBox or QCheckBox), for tests and focus.
    QWidget* editor(const QString& field) const { return m_editors.value(field); }
    /// The problem shown under `field`; empty when none is shown.
    QString shownProblem(const QString& field) const;

Q_SIGNALS:
    void changed();

private:
    QWidget* makeEditor(const FieldSpec& field);
    void setEditorText(const FieldSpec& field, const QString& text);
    void edited(const QString& field, const QString& text);
    void updateProblems();

    CommandForm m_form;
    QFormLayout* m_layout;
    QHash<QString, QWidget*> m_editors;
    QHash<QString, QLabel*> m_problems;
    QSet<QString> m_touched;
    bool m_showAll = false;
};

} // namespace flashback

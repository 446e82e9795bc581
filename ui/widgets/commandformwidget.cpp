// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandformwidget.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace flashback {

CommandFormWidget::CommandFormWidget(QWidget* parent)
    : QWidget(parent)
    , m_layout(new QFormLayout(this))
{
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
}

void CommandFormWidget::setSpec(const CommandSpec& spec)
{
    while (m_layout->rowCount() > 0)
        m_layout->removeRow(0);
    m_editors.clear();
    m_problems.clear();
    m_touched.clear();
    m_showAll = false;
    m_form = CommandForm(spec);
    for (const FieldSpec& field : spec.fields) {
        auto* cell = new QWidget(this);
        auto* column = new QVBoxLayout(cell);
        column->setContentsMargins(0, 0, 0, 0);
        column->setSpacing(1);
        QWidget* editor = makeEditor(field);
        editor->setToolTip(field.description);
        column->addWidget(editor);
        auto* problem = new QLabel(cell);
        problem->setObjectName(u"problem_"_s + field.name);
        problem->setWordWrap(true);
        problem->setStyleSheet(u"color: #c62828;"_s);
        QFont small = problem->font();
        small.setPointSizeF(small.pointSizeF() * 0.9);
        problem->setFont(small);
        problem->hide();
        column->addWidget(problem);
        m_editors.insert(field.name, editor);
        m_problems.insert(field.name, problem);
        auto* label = new QLabel(field.label + (field.required ? u" *"_s : QString()) + u':', this);
        label->setBuddy(editor);
        label->setToolTip(field.required ? u"Required. "_s + field.description : field.description);
        m_layout->addRow(label, cell);
    }
    updateProblems();
}

QWidget* CommandFormWidget::makeEditor(const FieldSpec& field)
{
    const QString name = field.name;
    switch (field.type) {
    case FieldType::Boolean: {
        auto* box = new QCheckBox(this);
        box->setChecked(m_form.text(name) == u"true"_s);
        connect(box, &QCheckBox::toggled, this, [this, name](bool on) { edited(name, on ? u"true"_s : u"false"_s); });
        return box;
    }
    case FieldType::Enum: {
        auto* box = new QComboBox(this);
        if (!field.required && field.defaultValue.isUndefined())
            box->addItem(QString());
        box->addItems(field.choices);
        box->setCurrentText(m_form.text(name));
        connect(box, &QComboBox::currentTextChanged, this, [this, name](const QString& text) { edited(name, text); });
        return box;
    }
    case FieldType::Text: {
        auto* text = new QPlainTextEdit(this);
        text->setTabChangesFocus(true);
        text->setFixedHeight(text->fontMetrics().lineSpacing() * 3 + 12);
        connect(text, &QPlainTextEdit::textChanged, this, [this, name, text] { edited(name, text->toPlainText()); });
        return text;
    }
    case FieldType::String:
    case FieldType::Email:
    case FieldType::Password:
    case FieldType::Integer: {
        auto* line = new QLineEdit(this);
        if (field.isSecret()) {
            line->setEchoMode(QLineEdit::Password);
            line->setPlaceholderText(u"not kept after it is sent"_s);
        } else if (field.type == FieldType::Email) {
            line->setPlaceholderText(u"name@example.com"_s);
        } else if (field.type == FieldType::Integer) {
            line->setPlaceholderText(u"a whole number"_s);
        }
        connect(line, &QLineEdit::textEdited, this, [this, name](const QString& text) { edited(name, text); });
        return line;
    }
    }
    return new QWidget(this);
}

void CommandFormWidget::setEditorText(const FieldSpec& field, const QString& text)
{
    QWidget* editor = m_editors.value(field.name);
    const QSignalBlocker quiet(editor); // the form already holds the value; its editor only shows it
    if (auto* line = qobject_cast<QLineEdit*>(editor))
        line->setText(text);
    else if (auto* box = qobject_cast<QPlainTextEdit*>(editor))
        box->setPlainText(text);
    else if (auto* choice = qobject_cast<QComboBox*>(editor))
        choice->setCurrentText(text);
    else if (auto* check = qobject_cast<QCheckBox*>(editor))
        check->setChecked(text == u"true"_s);
}

void CommandFormWidget::fill(const QJsonObject& values)
{
    m_form.fill(values);
    for (const FieldSpec& field : m_form.spec().fields)
        setEditorText(field, m_form.text(field.name));
    m_touched.clear();
    for (auto it = values.begin(); it != values.end(); ++it)
        m_touched.insert(it.key());
    updateProblems();
    Q_EMIT changed();
}

void CommandFormWidget::edited(const QString& field, const QString& text)
{
    m_form.setText(field, text);
    m_touched.insert(field);
    updateProblems();
    Q_EMIT changed();
}

void CommandFormWidget::showAllProblems()
{
    m_showAll = true;
    updateProblems();
}

void CommandFormWidget::updateProblems()
{
    for (auto it = m_problems.begin(); it != m_problems.end(); ++it) {
        const QString problem = m_form.problem(it.key());
        const bool show = !problem.isEmpty() && (m_showAll || m_touched.contains(it.key()));
        it.value()->setText(problem);
        it.value()->setVisible(show);
    }
}

QString CommandFormWidget::shownProblem(const QString& field) const
{
    const QLabel* label = m_problems.value(field);
    return label && !label->isHidden() ? label->text() : QString();
}

} // namespace flashback

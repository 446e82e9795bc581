// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandform.h"

using namespace Qt::StringLiterals;

namespace flashback {

CommandForm::CommandForm(CommandSpec spec)
    : m_spec(std::move(spec))
{
    for (const FieldSpec& field : m_spec.fields) {
        if (field.type == FieldType::Boolean)
            m_texts.insert(field.name, field.defaultValue.toBool() ? u"true"_s : u"false"_s);
        else if (field.type == FieldType::Enum && field.defaultValue.isString())
            m_texts.insert(field.name, field.defaultValue.toString());
    }
}

void CommandForm::setText(const QString& field, const QString& text)
{
    if (m_spec.field(field))
        m_texts.insert(field, text);
}

Result<QJsonValue> CommandForm::parsed(const FieldSpec& field) const
{
    const QString typed = m_texts.value(field.name);
    // Free text keeps its spaces (a reason may be indented); a one-line value never means its edge spaces.
    const bool verbatim = field.type == FieldType::Text || field.type == FieldType::Password;
    const QString text = verbatim ? typed : typed.trimmed();
    if (text.trimmed().isEmpty()) {
        if (field.required)
            return Error::invalidArgument(u"Required."_s);
        return QJsonValue(QJsonValue::Undefined);
    }
    auto value = m_spec.parseValue(field.name, text);
    if (!value) {
        switch (field.type) {
        case FieldType::Integer:
            return Error::invalidArgument(u"A whole number."_s);
        case FieldType::Boolean:
            return Error::invalidArgument(u"Yes or no."_s);
        case FieldType::Enum:
            return Error::invalidArgument(u"One of: %1."_s.arg(field.choices.join(u", "_s)));
        default:
            return value.error();
        }
    }
    if (field.check) {
        const QString wrong = field.check(*value);
        if (!wrong.isEmpty())
            return Error::invalidArgument(wrong);
    }
    return *value;
}

QString CommandForm::problem(const QString& field) const
{
    const FieldSpec* spec = m_spec.field(field);
    if (!spec)
        return {};
    auto value = parsed(*spec);
    return value ? QString() : value.error().message;
}

bool CommandForm::isComplete() const
{
    for (const FieldSpec& field : m_spec.fields) {
        if (!parsed(field))
            return false;
    }
    return !isNull();
}

Result<QJsonObject> CommandForm::fields() const
{
    QJsonObject fields;
    for (const FieldSpec& field : m_spec.fields) {
        auto value = parsed(field);
        if (!value) {
            return Error::invalidArgument(u"%1: %2"_s.arg(field.label, value.error().message), {},
                {{u"command"_s, m_spec.name}, {u"field"_s, field.name}});
        }
        if (!value->isUndefined())
            fields.insert(field.name, *value);
    }
    return m_spec.validate(fields);
}

QJsonObject CommandForm::publicFields() const
{
    QJsonObject fields;
    for (const FieldSpec& field : m_spec.fields) {
        if (field.isSecret())
            continue;
        auto value = parsed(field);
        if (value && !value->isUndefined())
            fields.insert(field.name, *value);
        else if (!value && !m_texts.value(field.name).trimmed().isEmpty())
            fields.insert(field.name, m_texts.value(field.name)); // kept as typed, to be corrected
    }
    return fields;
}

QStringList CommandForm::givenSecrets() const
{
    QStringList given;
    for (const FieldSpec& field : m_spec.fields) {
        if (field.isSecret() && !m_texts.value(field.name).isEmpty())
            given.append(field.name);
    }
    return given;
}

void CommandForm::fill(const QJsonObject& values)
{
    *this = CommandForm(m_spec);
    for (auto it = values.begin(); it != values.end(); ++it) {
        const FieldSpec* field = m_spec.field(it.key());
        if (!field || field->isSecret())
            continue;
        const QJsonValue value = it.value();
        QString text;
        if (value.isBool())
            text = value.toBool() ? u"true"_s : u"false"_s;
        else if (value.isDouble())
            text = QString::number(value.toInteger());
        else
            text = value.toString();
        m_texts.insert(field->name, text);
    }
}

} // namespace flashback

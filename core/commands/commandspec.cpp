// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandspec.h"

using namespace Qt::StringLiterals;

namespace flashback {

QString fieldTypeName(FieldType type)
{
    switch (type) {
    case FieldType::String:
        return u"string"_s;
    case FieldType::Text:
        return u"text"_s;
    case FieldType::Email:
        return u"email"_s;
    case FieldType::Password:
        return u"password"_s;
    case FieldType::Enum:
        return u"enum"_s;
    case FieldType::Integer:
        return u"integer"_s;
    case FieldType::Boolean:
        return u"boolean"_s;
    }
    return u"string"_s;
}

const FieldSpec* CommandSpec::field(const QString& fieldName) const
{
    for (const auto& spec : fields) {
        if (spec.name == fieldName)
            return &spec;
    }
    return nullptr;
}

namespace {

QStringList fieldNames(const QList<FieldSpec>& fields)
{
    QStringList names;
    for (const auto& spec : fields)
        names.append(spec.name);
    return names;
}

bool isTextual(FieldType type)
{
    return type == FieldType::String || type == FieldType::Text || type == FieldType::Email
        || type == FieldType::Password || type == FieldType::Enum;
}

} // namespace

Result<QJsonObject> CommandSpec::validate(const QJsonObject& input) const
{
    QJsonObject checked;
    for (auto it = input.begin(); it != input.end(); ++it) {
        const FieldSpec* spec = field(it.key());
        const QVariantMap context {{u"command"_s, name}, {u"field"_s, it.key()}};
        if (!spec) {
            return Error::invalidArgument(
                u"%1 has no field '%2' (its fields are: %3)."_s.arg(name, it.key(), fieldNames(fields).join(u", "_s)),
                {}, context);
        }
        const QJsonValue value = it.value();
        if (value.isNull()) {
            checked.insert(spec->name, QJsonValue::Null);
            continue;
        }
        if (isTextual(spec->type) && !value.isString()) {
            return Error::invalidArgument(u"Field '%1' of %2 must be text."_s.arg(spec->name, name), {}, context);
        }
        if (spec->type == FieldType::Integer && !(value.isDouble() && value.toDouble() == double(value.toInteger()))) {
            return Error::invalidArgument(
                u"Field '%1' of %2 must be a whole number."_s.arg(spec->name, name), {}, context);
        }
        if (spec->type == FieldType::Boolean && !value.isBool()) {
            return Error::invalidArgument(
                u"Field '%1' of %2 must be true or false."_s.arg(spec->name, name), {}, context);
        }
        if (spec->type == FieldType::Enum && !spec->choices.contains(value.toString())) {
            return Error::invalidArgument(u"Field '%1' of %2 must be one of: %3 (got '%4')."_s.arg(
                                              spec->name, name, spec->choices.join(u", "_s), value.toString()),
                {}, context);
        }
        checked.insert(spec->name, value);
    }
    for (const auto& spec : fields) {
        if (!checked.contains(spec.name) && !spec.defaultValue.isUndefined())
            checked.insert(spec.name, spec.defaultValue);
    }
    return checked;
}

Result<QJsonValue> CommandSpec::parseValue(const QString& fieldName, const QString& text) const
{
    const FieldSpec* spec = field(fieldName);
    const QVariantMap context {{u"command"_s, name}, {u"field"_s, fieldName}};
    if (!spec) {
        return Error::invalidArgument(
            u"%1 has no field '%2' (its fields are: %3)."_s.arg(name, fieldName, fieldNames(fields).join(u", "_s)), {},
            context);
    }
    switch (spec->type) {
    case FieldType::Integer: {
        bool ok = false;
        const qint64 number = text.trimmed().toLongLong(&ok);
        if (!ok)
            return Error::invalidArgument(
                u"Field '%1' of %2 must be a whole number, not '%3'."_s.arg(fieldName, name, text), {}, context);
        return QJsonValue(number);
    }
    case FieldType::Boolean: {
        const QString lowered = text.trimmed().toLower();
        if (lowered == u"true"_s || lowered == u"yes"_s || lowered == u"1"_s)
            return QJsonValue(true);
        if (lowered == u"false"_s || lowered == u"no"_s || lowered == u"0"_s)
            return QJsonValue(false);
        return Error::invalidArgument(
            u"Field '%1' of %2 must be true or false, not '%3'."_s.arg(fieldName, name, text), {}, context);
    }
    case FieldType::Enum:
        if (!spec->choices.contains(text)) {
            return Error::invalidArgument(u"Field '%1' of %2 must be one of: %3 (got '%4')."_s.arg(
                                              fieldName, name, spec->choices.join(u", "_s), text),
                {}, context);
        }
        return QJsonValue(text);
    case FieldType::String:
    case FieldType::Text:
    case FieldType::Email:
    case FieldType::Password:
        return QJsonValue(text);
    }
    return QJsonValue(text);
}

} // namespace flashback

// SPDX-License-Identifier: GPL-3.0-or-later
#include "clicontext.h"
#include "commandline.h"
#include "domain/domaincatalog.h"
#include "subcommands.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace flashback::cli {

namespace {

/// A default-constructed QJsonValue is null, not undefined, so both mean "no default".
bool hasDefault(const FieldSpec& field)
{
    return !field.defaultValue.isUndefined() && !field.defaultValue.isNull();
}

QJsonObject fieldJson(const FieldSpec& field)
{
    return {
        {u"name"_s, field.name},
        {u"label"_s, field.label},
        {u"type"_s, fieldTypeName(field.type)},
        {u"required"_s, field.required},
        {u"secret"_s, field.isSecret()},
        {u"choices"_s, QJsonArray::fromStringList(field.choices)},
        {u"default"_s, hasDefault(field) ? field.defaultValue : QJsonValue(QJsonValue::Null)},
        {u"description"_s, field.description},
    };
}

QString valueText(const QJsonValue& value)
{
    if (value.isString())
        return value.toString();
    return QString::fromUtf8(QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
}

QString fieldText(const FieldSpec& field)
{
    QString text = u"    "_s + field.name.leftJustified(18) + u' ' + fieldTypeName(field.type);
    if (field.required)
        text += u", required"_s;
    if (field.isSecret())
        text += u", secret (give '-' to read it from stdin)"_s;
    if (!field.choices.isEmpty())
        text += u", one of: "_s + field.choices.join(u", "_s);
    if (hasDefault(field))
        text += u", default: "_s + valueText(field.defaultValue);
    if (!field.description.isEmpty())
        text += u"\n    "_s + QString(19, u' ') + field.description;
    return text + u'\n';
}

} // namespace

Status runCommands(CliContext& context, const QStringList& arguments)
{
    CommandLine commandLine(u"commands"_s, QString(),
        u"Lists the commands the built-in domains accept, with their fields. Run one with: "
        u"flashback-cli command NAME --set field=value ..."_s);
    auto proceed = commandLine.parse(arguments, context);
    if (!proceed || !*proceed)
        return proceed ? Status() : Status(proceed.error());
    if (auto none = commandLine.positionals(0, {}); !none)
        return none.error();

    const QList<CommandSpec> specs = DomainCatalog::builtin().commands();
    if (context.options().json) {
        QJsonArray commands;
        for (const auto& spec : specs) {
            QJsonArray fields;
            for (const auto& field : spec.fields)
                fields.append(fieldJson(field));
            commands.append(QJsonObject {
                {u"name"_s, spec.name},
                {u"aggregate_type"_s, spec.aggregateType},
                {u"description"_s, spec.description},
                {u"creates_stream"_s, spec.createsStream},
                {u"fields"_s, fields},
            });
        }
        context.printJson({{u"commands"_s, commands}});
        return {};
    }

    QString text;
    for (const auto& spec : specs) {
        text += spec.name + u" ("_s + spec.aggregateType + u")\n  "_s + spec.description + u'\n';
        text += spec.createsStream ? u"  --stream ID is optional: a new id is generated.\n"_s
                                   : u"  Needs --stream ID.\n"_s;
        for (const auto& field : spec.fields)
            text += fieldText(field);
        text += u'\n';
    }
    context.print(text);
    return {};
}

} // namespace flashback::cli

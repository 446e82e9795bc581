// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandfields.h"

#include "clicontext.h"
#include "commandline.h"

#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace flashback::cli {

namespace {

/// A secret given as "-" is read from stdin, so it never shows up in `ps` or the shell history.
Result<QJsonValue> secretFromStdin(CliContext& context, const QString& field)
{
    const auto line = context.readLine();
    if (!line || line->isEmpty())
        return usageError(u"MissingSecret"_s,
            u"Expected the value of '%1' as one line on standard input, but there was none."_s.arg(field));
    return QJsonValue(*line);
}

} // namespace

Result<QJsonObject> collectFields(CliContext& context, const CommandSpec& spec, const CommandLine& commandLine)
{
    QJsonObject fields;
    if (commandLine.isSet(u"fields"_s)) {
        QJsonParseError parseError {};
        const auto document = QJsonDocument::fromJson(commandLine.value(u"fields"_s).toUtf8(), &parseError);
        if (parseError.error != QJsonParseError::NoError)
            return usageError(u"InvalidJson"_s,
                u"--fields is not valid JSON: %1 at character %2."_s.arg(
                    parseError.errorString(), QString::number(parseError.offset)));
        if (!document.isObject())
            return usageError(
                u"InvalidJson"_s, u"--fields must be a JSON object such as {\"email\": \"sarah@example.com\"}."_s);
        fields = document.object();
        for (const auto& field : spec.fields) {
            if (field.isSecret() && fields.value(field.name) == QJsonValue(u"-"_s)) {
                auto secret = secretFromStdin(context, field.name);
                if (!secret)
                    return secret.error();
                fields.insert(field.name, *secret);
            }
        }
    }
    const QStringList assignments = commandLine.values(u"set"_s);
    for (const auto& assignment : assignments) {
        const qsizetype equals = assignment.indexOf(u'=');
        if (equals <= 0)
            return usageError(u"InvalidArgument"_s,
                u"--set needs FIELD=VALUE (for example --set email=sarah@example.com), not '%1'."_s.arg(assignment));
        const QString name = assignment.left(equals).trimmed();
        QString text = assignment.mid(equals + 1);
        const FieldSpec* field = spec.field(name);
        if (field && field->isSecret() && text == u"-"_s) {
            auto secret = secretFromStdin(context, name);
            if (!secret)
                return secret.error();
            text = secret->toString();
        }
        auto value = spec.parseValue(name, text);
        if (!value)
            return value.error();
        fields.insert(name, *value);
    }
    return fields;
}

void addCommandFieldOptions(CommandLine& commandLine)
{
    commandLine.addOption(
        {u"set"_s, u"Sets one field; repeatable. A secret field given as '-' is read from stdin."_s, u"FIELD=VALUE"_s});
    commandLine.addOption(
        {u"fields"_s, u"All fields at once, as a JSON object; --set overrides them."_s, u"JSON_OBJECT"_s});
}

} // namespace flashback::cli

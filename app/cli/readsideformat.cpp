// SPDX-License-Identifier: GPL-3.0-or-later
#include "readsideformat.h"
#include "commandline.h"
#include "outputformatter.h"
#include "texttable.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace flashback::cli {

QJsonValue jsonOrNull(const QJsonValue& value)
{
    return value.isUndefined() ? QJsonValue(QJsonValue::Null) : value;
}

QString valueText(const QJsonValue& value)
{
    return jsonValueText(value);
}

QString transitionText(const QJsonValue& before, const QJsonValue& after)
{
    return valueText(before) + u" \u2192 "_s + valueText(after);
}

QJsonObject changeJson(const JsonChange& change, const OutputFormatter& formatter)
{
    return {
        {u"kind"_s, jsonChangeKindName(change.kind)},
        {u"path"_s, change.path},
        {u"before"_s, jsonOrNull(formatter.maskedAt(change.path, change.before))},
        {u"after"_s, jsonOrNull(formatter.maskedAt(change.path, change.after))},
    };
}

QString changesTable(const QList<JsonChange>& changes, const OutputFormatter& formatter)
{
    TextTable table({u"CHANGE"_s, u"PATH"_s, u"BEFORE \u2192 AFTER"_s});
    for (const auto& change : changes) {
        table.addRow({jsonChangeKindName(change.kind), change.path,
            transitionText(
                formatter.maskedAt(change.path, change.before), formatter.maskedAt(change.path, change.after))});
    }
    return table.render();
}

QJsonValue timeOrNull(Timestamp time)
{
    return time.micros() == 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(time.toIso());
}

QString timeText(Timestamp time)
{
    return time.micros() == 0 ? u"-"_s : time.toIso();
}

QJsonValue textOrNull(const QString& text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

Result<qint64> revisionArgument(const QString& text, const QString& name)
{
    bool ok = false;
    const qint64 revision = text.trimmed().toLongLong(&ok);
    if (!ok || revision < 1)
        return usageError(u"InvalidArgument"_s,
            u"%1 must be a stream revision, a whole number of at least 1, not '%2'."_s.arg(name, text));
    return revision;
}

} // namespace flashback::cli

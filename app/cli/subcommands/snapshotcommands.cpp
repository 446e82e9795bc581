// SPDX-License-Identifier: GPL-3.0-or-later
#include "clicontext.h"
#include "commandline.h"
#include "domain/domaincatalog.h"
#include "outputformatter.h"
#include "readsideformat.h"
#include "snapshots/snapshotter.h"
#include "streamlookup.h"
#include "subcommands.h"
#include "texttable.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace flashback::cli {

namespace {

QJsonObject snapshotJson(const Snapshot& snapshot)
{
    return {
        {u"revision"_s, snapshot.revision},
        {u"schema_version"_s, snapshot.schemaVersion},
        {u"taken_at"_s, snapshot.takenAt.toIso()},
        {u"size_bytes"_s, qint64(snapshot.state.size())},
    };
}

/// "matches", "differs" or "ignored" (written in an older format, so loading skips it).
QString checkName(const SnapshotCheck& check)
{
    if (!check.usable)
        return u"ignored"_s;
    return check.matches() ? u"matches"_s : u"differs"_s;
}

QString checkText(const SnapshotCheck& check)
{
    if (!check.usable)
        return u"ignored (old format)"_s;
    if (check.matches())
        return u"matches"_s;
    QStringList paths;
    for (const auto& change : check.differences)
        paths.append(change.path);
    return u"DIFFERS: "_s + paths.join(u", "_s);
}

} // namespace

Status runSnapshot(CliContext& context, const QStringList& arguments)
{
    CommandLine commandLine(u"snapshot"_s, u"STREAM"_s,
        u"Takes a snapshot of the stream's current state now, so loading it replays only the events after it. "
        u"Only aggregate types Flashback knows take snapshots."_s);
    commandLine.addPositional(u"STREAM"_s, u"The stream id (see: flashback-cli streams)."_s);
    auto proceed = commandLine.parse(arguments, context);
    if (!proceed || !*proceed)
        return proceed ? Status() : Status(proceed.error());
    auto positionals = commandLine.positionals(1, u"a stream id"_s);
    if (!positionals)
        return positionals.error();

    auto opened = openStoreAndStream(context, positionals->constFirst());
    if (!opened)
        return opened.error();
    auto& [store, stream] = *opened;
    auto snapshot = Snapshotter(*store, DomainCatalog::builtin()).takeSnapshot(stream.streamId);
    if (!snapshot)
        return snapshot.error();

    if (context.options().json) {
        QJsonObject document = snapshotJson(*snapshot);
        document.insert(u"stream_id"_s, stream.streamId);
        document.insert(u"aggregate_type"_s, snapshot->aggregateType);
        context.printJson(document);
        return {};
    }
    context.print(u"Snapshot of %1 %2 taken at revision %3 (schema version %4, %5 bytes).\n"_s.arg(
        snapshot->aggregateType, stream.streamId, QString::number(snapshot->revision),
        QString::number(snapshot->schemaVersion), QString::number(snapshot->state.size())));
    return {};
}

Status runSnapshots(CliContext& context, const QStringList& arguments)
{
    CommandLine commandLine(u"snapshots"_s, u"STREAM [--verify]"_s,
        u"Lists the stream's snapshots, oldest first. With --verify, replays the stream once from its first event "
        u"and compares every snapshot with the replayed state at its revision. A snapshot that differs is "
        u"reported, not an error: the exit code stays 0 and JSON says \"all_match\": false."_s);
    commandLine.addPositional(u"STREAM"_s, u"The stream id (see: flashback-cli streams)."_s);
    commandLine.addOption({u"verify"_s, u"Compare every snapshot with a full replay of the stream."_s});
    auto proceed = commandLine.parse(arguments, context);
    if (!proceed || !*proceed)
        return proceed ? Status() : Status(proceed.error());
    auto positionals = commandLine.positionals(1, u"a stream id"_s);
    if (!positionals)
        return positionals.error();
    const bool verify = commandLine.isSet(u"verify"_s);

    auto opened = openStoreAndStream(context, positionals->constFirst());
    if (!opened)
        return opened.error();
    auto& [store, stream] = *opened;
    // Without --verify there is nothing to replay: list the stored snapshots as checks not made.
    QList<SnapshotCheck> checks;
    if (verify) {
        auto verified = Snapshotter(*store, DomainCatalog::builtin()).verify(stream.streamId);
        if (!verified)
            return verified.error();
        checks = std::move(verified).value();
    } else {
        auto stored = store->snapshots(stream.streamId);
        if (!stored)
            return stored.error();
        for (const auto& snapshot : std::as_const(*stored))
            checks.append({snapshot, true, {}});
    }
    qsizetype usable = 0;
    qsizetype differing = 0;
    for (const auto& check : std::as_const(checks)) {
        usable += check.usable ? 1 : 0;
        differing += check.usable && !check.matches() ? 1 : 0;
    }

    const OutputFormatter formatter;
    if (context.options().json) {
        QJsonArray list;
        for (const auto& check : std::as_const(checks)) {
            QJsonObject row = snapshotJson(check.snapshot);
            if (verify) {
                QJsonArray differences;
                for (const auto& change : check.differences)
                    differences.append(changeJson(change, formatter));
                row.insert(u"check"_s, checkName(check));
                row.insert(u"differences"_s, differences);
            }
            list.append(row);
        }
        context.printJson({{u"stream_id"_s, stream.streamId}, {u"aggregate_type"_s, stream.aggregateType},
            {u"head_revision"_s, stream.revision}, {u"verified"_s, verify},
            {u"all_match"_s, verify ? QJsonValue(differing == 0) : QJsonValue(QJsonValue::Null)},
            {u"snapshots"_s, list}});
        return {};
    }
    QString text
        = u"%1 %2, revision %3\n\n"_s.arg(stream.aggregateType, stream.streamId, QString::number(stream.revision));
    if (checks.isEmpty()) {
        context.print(text + u"No snapshots.\n"_s);
        return {};
    }
    QStringList headers {u"REVISION"_s, u"SCHEMA"_s, u"TAKEN_AT"_s, u"SIZE"_s};
    if (verify)
        headers.append(u"CHECK"_s);
    TextTable table(headers);
    for (const auto& check : std::as_const(checks)) {
        const Snapshot& snapshot = check.snapshot;
        QStringList row {QString::number(snapshot.revision), QString::number(snapshot.schemaVersion),
            snapshot.takenAt.toIso(), u"%1 B"_s.arg(snapshot.state.size())};
        if (verify)
            row.append(checkText(check));
        table.addRow(row);
    }
    text += table.render();
    const QString ignored
        = usable < checks.size() ? u" (%1 in an older format ignored)"_s.arg(checks.size() - usable) : QString();
    if (verify && differing == 0)
        text += u"\nAll %1 usable snapshots match the replayed state%2.\n"_s.arg(QString::number(usable), ignored);
    else if (verify)
        text += u"\n%1 of %2 usable snapshots DIFFER from the replayed state%3.\n"_s.arg(
            QString::number(differing), QString::number(usable), ignored);
    context.print(text);
    return {};
}

} // namespace flashback::cli

// SPDX-License-Identifier: GPL-3.0-or-later
#include "clicontext.h"
#include "commandline.h"
#include "outputformatter.h"
#include "subcommands.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace flashback::cli {

Status runInfo(CliContext& context, const QStringList& arguments)
{
    CommandLine commandLine(u"info"_s, QString(), u"Shows the store's address and statistics."_s);
    auto proceed = commandLine.parse(arguments, context);
    if (!proceed || !*proceed)
        return proceed ? Status() : Status(proceed.error());
    if (auto none = commandLine.positionals(0, {}); !none)
        return none.error();

    auto store = context.openStore();
    if (!store)
        return store.error();
    auto statistics = (*store)->statistics();
    if (!statistics)
        return statistics.error();

    const StoreStatistics& stats = *statistics;
    if (context.options().json) {
        context.printJson({
            {u"address"_s, (*store)->address()},
            {u"read_only"_s, (*store)->isReadOnly()},
            {u"stream_count"_s, stats.streamCount},
            {u"event_count"_s, stats.eventCount},
            {u"head_position"_s, stats.headPosition},
            {u"first_occurred_at"_s, OutputFormatter::timeOrNull(stats.firstOccurredAt)},
            {u"last_occurred_at"_s, OutputFormatter::timeOrNull(stats.lastOccurredAt)},
            {u"search_index"_s, OutputFormatter::searchIndexJson((*store)->readModels())},
        });
        return {};
    }
    auto time = [](const std::optional<Timestamp>& at) { return at ? at->toIso() : u"-"_s; };
    context.print(
        u"address:           %1%2\n"
        u"streams:           %3\n"
        u"events:            %4\n"
        u"head position:     %5\n"
        u"first occurred at: %6\n"
        u"last occurred at:  %7\n"
        u"search index:      %8\n"_s.arg((*store)->address(), (*store)->isReadOnly() ? u" (read-only)"_s : QString(),
            QString::number(stats.streamCount), QString::number(stats.eventCount), QString::number(stats.headPosition),
            time(stats.firstOccurredAt), time(stats.lastOccurredAt), (*store)->readModels().textIndexNote()));
    return {};
}

} // namespace flashback::cli

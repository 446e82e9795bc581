// SPDX-License-Identifier: GPL-3.0-or-later
#include "clicontext.h"
#include "commandline.h"
#include "demo/demogenerator.h"
#include "domain/domaincatalog.h"
#include "subcommands.h"

#include <QElapsedTimer>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace flashback::cli {

namespace {

struct Story {
    QString title;
    QString streamId;
    QString note;
    QStringList nextCommands; ///< Without the leading "flashback-cli " and store argument.
};

QList<Story> stories(const DemoSummary& summary)
{
    return {
        {u"Who deleted my user?"_s, summary.deletedUserId,
            u"Sarah Connor, deleted at %1"_s.arg(summary.deletedAt.toIso()),
            {u"log --type USER_DELETED"_s, u"events %1 --newest-first --limit 5"_s.arg(summary.deletedUserId)}},
        {u"Why was my account suspended?"_s, summary.suspendedUserId, QString(),
            {u"log --stream %1 --type USER_LOGGED_IN,USER_SUSPENDED,USER_REACTIVATED --oldest-first"_s.arg(
                summary.suspendedUserId)}},
        {u"Sarah's name change confusion"_s, summary.renamedUserId, QString(),
            {u"events %1 --limit 10"_s.arg(summary.renamedUserId)}},
        {u"The slow password change"_s, summary.longStreamUserId, u"%1 events"_s.arg(summary.longStreamEvents),
            {u"events %1 --newest-first --limit 5"_s.arg(summary.longStreamUserId)}},
    };
}

QString summaryText(const CliContext& context, const DemoSummary& summary, const QString& address)
{
    QString text = u"Demo store written to %1\n"
                   u"  users:   %2\n"
                   u"  events:  %3\n"
                   u"  from %4 to %5\n\n"
                   u"Incident stories:\n"_s.arg(address, QString::number(summary.users),
                       QString::number(summary.events), summary.firstEventAt.toIso(), summary.lastEventAt.toIso());
    const QString prefix = u"flashback-cli "_s + context.storeArgumentForExamples();
    for (const auto& story : stories(summary)) {
        text += u"  %1  %2%3\n"_s.arg(story.title.leftJustified(30), story.streamId,
            story.note.isEmpty() ? QString() : u"  ("_s + story.note + u')');
        for (const auto& next : story.nextCommands)
            text += u"      "_s + prefix + next + u'\n';
    }
    return text;
}

} // namespace

Status runDemo(CliContext& context, const QStringList& arguments)
{
    CommandLine commandLine(u"demo"_s, u"[OPTIONS]"_s,
        u"Creates the store if needed and fills it with demo users whose histories hold the incident stories "
        u"(a deleted user, a suspension, a name change, a 10,000-event stream). Refuses a store that already "
        u"holds events. The same seed gives the same store."_s);
    commandLine.addOption({u"users"_s, u"Ordinary users besides the incident stories. Default: 300."_s, u"N"_s});
    commandLine.addOption({u"seed"_s, u"Seed of the generator. Default: 42."_s, u"S"_s});
    auto proceed = commandLine.parse(arguments, context);
    if (!proceed || !*proceed)
        return proceed ? Status() : Status(proceed.error());
    if (auto none = commandLine.positionals(0, {}); !none)
        return none.error();
    DemoOptions options;
    auto users = commandLine.integer(u"users"_s, options.users, 0, 10000000);
    if (!users)
        return users.error();
    auto seed = commandLine.integer(u"seed"_s, qint64(options.seed), 0);
    if (!seed)
        return seed.error();
    options.users = int(*users);
    options.seed = quint64(*seed);

    // Normal durability: a demo store is disposable, and full syncs would make generation many times slower.
    auto store = context.openStore(StoreOptions::OpenMode::CreateIfMissing, StoreOptions::Durability::Normal);
    if (!store)
        return store.error();

    // Progress is for a person watching; a script capturing stderr gets only errors.
    if (context.stderrIsTerminal()) {
        auto timer = std::make_shared<QElapsedTimer>();
        timer->start();
        options.progress = [&context, timer](qint64 written, qint64 planned) {
            if (timer->elapsed() < 200 && written < planned)
                return;
            timer->restart();
            context.printError(u"\rWriting demo events: %1 of %2"_s.arg(written).arg(planned));
        };
    }
    auto summary = generateDemo(**store, DomainCatalog::builtin(), options);
    if (options.progress)
        context.printError(u"\r\x1b[K"_s);
    if (!summary)
        return summary.error();

    if (context.options().json) {
        context.printJson({
            {u"address"_s, (*store)->address()},
            {u"users"_s, summary->users},
            {u"events"_s, summary->events},
            {u"first_event_at"_s, summary->firstEventAt.toIso()},
            {u"last_event_at"_s, summary->lastEventAt.toIso()},
            {u"deleted_user_id"_s, summary->deletedUserId},
            {u"deleted_at"_s, summary->deletedAt.toIso()},
            {u"suspended_user_id"_s, summary->suspendedUserId},
            {u"renamed_user_id"_s, summary->renamedUserId},
            {u"long_stream_user_id"_s, summary->longStreamUserId},
            {u"long_stream_events"_s, summary->longStreamEvents},
        });
        return {};
    }
    context.print(summaryText(context, *summary, (*store)->address()));
    return {};
}

} // namespace flashback::cli

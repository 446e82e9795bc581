// SPDX-License-Identifier: GPL-3.0-or-later
#include "clicontext.h"
#include "commandline.h"
#include "outputformatter.h"
#include "projections/usersprojection.h"
#include "queries/userqueries.h"
#include "readsideformat.h"
#include "subcommands.h"
#include "texttable.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace flashback::cli {

namespace {

const QStringList UserStatuses {u"active"_s, u"suspended"_s, u"deleted"_s};

QString fullName(const UserView& user)
{
    return QStringList {user.firstName, user.lastName}.join(u' ').trimmed();
}

} // namespace

Status runUsers(CliContext& context, const QStringList& arguments)
{
    CommandLine commandLine(u"users"_s, u"[OPTIONS]"_s,
        u"Lists users from the users read model, by username, one page at a time. The read model is kept by "
        u"flashback-cli project, so it is as fresh as its last run; the output says when it is behind."_s);
    commandLine.addOption({u"search"_s,
        u"Only users whose username, email, first or last name contains TEXT (case-insensitive)."_s, u"TEXT"_s});
    commandLine.addOption({u"status"_s, u"Only users with this status: active, suspended, deleted."_s, u"S"_s});
    commandLine.addOption({u"limit"_s, u"Users per page, 1-1000. Default: 50."_s, u"N"_s});
    commandLine.addOption({u"cursor"_s, u"Continue after the previous page: its next_cursor."_s, u"C"_s});
    auto proceed = commandLine.parse(arguments, context);
    if (!proceed || !*proceed)
        return proceed ? Status() : Status(proceed.error());
    if (auto none = commandLine.positionals(0, {}); !none)
        return none.error();
    auto limit = commandLine.integer(u"limit"_s, 50, 1, UserQueries::MaxLimit);
    if (!limit)
        return limit.error();
    UserListQuery query;
    query.search = commandLine.value(u"search"_s);
    query.limit = *limit;
    query.cursor = commandLine.value(u"cursor"_s).trimmed();
    if (commandLine.isSet(u"status"_s)) {
        const QString status = commandLine.value(u"status"_s).trimmed().toLower();
        if (!UserStatuses.contains(status))
            return usageError(u"InvalidArgument"_s,
                u"--status must be one of %1, not '%2'."_s.arg(
                    UserStatuses.join(u", "_s), commandLine.value(u"status"_s)));
        query.status = status;
    }
    if (!query.cursor.isEmpty() && !UserQueries::decodeCursor(query.cursor))
        return usageError(u"InvalidCursor"_s,
            u"'%1' is not a cursor; pass the next_cursor printed by the previous page."_s.arg(query.cursor));

    auto store = context.openStore();
    if (!store)
        return store.error();
    auto checkpoint = (*store)->readModels().checkpoint(QString(UsersProjection::Name));
    if (!checkpoint)
        return checkpoint.error();
    auto head = (*store)->headPosition();
    if (!head)
        return head.error();
    auto page = UserQueries((*store)->readModels()).listUsers(query);
    if (!page)
        return page.error();

    if (context.options().json) {
        QJsonArray users;
        for (const auto& user : std::as_const(page->users))
            users.append(user.toJson());
        context.printJson({{u"users"_s, users}, {u"next_cursor"_s, textOrNull(page->nextCursor)},
            {u"read_model_position"_s, checkpoint->position}, {u"head_position"_s, *head}});
        return {};
    }
    if (checkpoint->position == 0 && page->users.isEmpty()) {
        context.print(u"The users read model is empty; run flashback-cli project first.\n"_s);
        return {};
    }
    QString text;
    if (page->users.isEmpty()) {
        text = u"No matching users.\n"_s;
    } else {
        TextTable table(
            {u"USER_ID"_s, u"USERNAME"_s, u"NAME"_s, u"EMAIL"_s, u"ROLE"_s, u"STATUS"_s, u"LAST_EVENT_AT"_s});
        for (const auto& user : std::as_const(page->users)) {
            table.addRow({user.userId, user.username, fullName(user), user.email, user.role, user.status,
                user.lastEventAt ? user.lastEventAt->toIso() : u"-"_s});
        }
        text = table.render();
    }
    if (!page->nextCursor.isEmpty())
        text += u"\nMore users: add --cursor %1 for the next page.\n"_s.arg(page->nextCursor);
    if (checkpoint->position < *head)
        text += u"\nThe users read model is at position %1 of %2; run flashback-cli project to catch up.\n"_s.arg(
            QString::number(checkpoint->position), QString::number(*head));
    context.print(text);
    return {};
}

} // namespace flashback::cli

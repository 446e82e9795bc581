// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "userview.h"
#include "util/result.h"

#include <QList>
#include <QString>

#include <optional>

namespace flashback {

class ReadModelStore;

/// A page request over the users read model.
struct UserListQuery {
    /// Case-insensitive (ASCII) substring of the username, email, first or last name. Empty: everyone.
    QString search;
    /// Only users with this status ("active", "suspended", "deleted").
    std::optional<QString> status;
    /// Users per page, 1 to UserQueries::MaxLimit.
    qint64 limit = 50;
    /// UserPage::nextCursor of the previous page; empty for the first page.
    QString cursor;
};

/// One page of users in (username, user_id) order.
struct UserPage {
    QList<UserView> users;
    /// Pass as UserListQuery::cursor for the next page; empty when this page is the last.
    QString nextCursor;
};

/// The query side of users: reads the users read model (usersReadModel()) and nothing else, never the event
/// store, so answers are as fresh as the users projection (eventually consistent with the events).
///
/// Paging is keyset paging on (username, user_id): a page starts after the last row of the previous one, so
/// rows inserted or removed meanwhile never make a page repeat or skip a user. Usernames compare by code point
/// (what SQL's binary collation does), so "Zoe" sorts before "adam".
class UserQueries {
public:
    static constexpr qint64 MaxLimit = 1000;

    /// Reads through `readModels` (the store's connection: use it in that store's thread).
    explicit UserQueries(ReadModelStore& readModels);

    /// The user with this id (a UUID in any case or with braces is normalised), or nothing.
    Result<std::optional<UserView>> getUser(const QString& userId) const;
    /// A page of users matching the query. InvalidArgument for a limit out of range or a cursor this class did
    /// not make.
    Result<UserPage> listUsers(const UserListQuery& query) const;

    /// The opaque cursor for a page ending at (username, userId): base64url of the JSON array [username, userId].
    static QString encodeCursor(const QString& username, const QString& userId);
    /// The (username, user_id) pair of a cursor, or InvalidArgument.
    static Result<QVariantList> decodeCursor(const QString& cursor);

private:
    ReadModelStore& m_readModels;
};

} // namespace flashback

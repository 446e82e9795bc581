// SPDX-License-Identifier: GPL-3.0-or-later
#include "userqueries.h"
#include "projections/readmodelschemas.h"
#include "readmodels/readmodelstore.h"
#include "util/uuid.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

const QString UsersTable = u"users"_s;
constexpr auto CursorEncoding = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;

} // namespace

UserQueries::UserQueries(ReadModelStore& readModels)
    : m_readModels(readModels)
{ }

Result<std::optional<UserView>> UserQueries::getUser(const QString& userId) const
{
    // User stream ids are canonical UUID text; accept what people paste (upper case, braces) too.
    const auto uuid = parseUuid(userId.trimmed());
    const QString id = uuid ? uuidText(*uuid) : userId.trimmed();
    const ReadModelSchema schema = usersReadModel();
    ReadModelQuery query {
        schema.projection, UsersTable, {{u"user_id"_s, ReadModelQuery::Condition::Op::Equals, id}}, {}, {}, 1, {}};
    auto rows = m_readModels.queryReadModel(schema, query);
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return std::optional<UserView> {};
    return std::optional<UserView>(UserView::fromRow(rows->constFirst()));
}

Result<UserPage> UserQueries::listUsers(const UserListQuery& request) const
{
    if (request.limit < 1 || request.limit > MaxLimit)
        return Error::invalidArgument(u"A page holds 1 to %1 users, not %2."_s.arg(MaxLimit).arg(request.limit));
    using Op = ReadModelQuery::Condition::Op;
    const ReadModelSchema schema = usersReadModel();
    ReadModelQuery query;
    query.projection = schema.projection;
    query.table = UsersTable;
    if (request.status)
        query.where.append({u"status"_s, Op::Equals, *request.status});
    const QString search = request.search.trimmed();
    if (!search.isEmpty()) {
        for (const auto& column : {u"username"_s, u"email"_s, u"first_name"_s, u"last_name"_s})
            query.anyOf.append({column, Op::Contains, search});
    }
    // user_id breaks ties, which makes the order total and the keyset cursor exact.
    query.orderBy = {{u"username"_s, false}, {u"user_id"_s, false}};
    if (!request.cursor.isEmpty()) {
        auto after = decodeCursor(request.cursor);
        if (!after)
            return after.error();
        query.after = *after;
    }
    // One row more than asked tells whether another page exists, without a count.
    query.limit = request.limit + 1;

    auto rows = m_readModels.queryReadModel(schema, query);
    if (!rows)
        return rows.error();
    const QList<ReadModelRow> found = std::move(rows).value();
    UserPage page;
    for (const auto& row : found) {
        if (page.users.size() == request.limit)
            break;
        page.users.append(UserView::fromRow(row));
    }
    if (found.size() > request.limit) {
        const UserView& last = page.users.constLast();
        page.nextCursor = encodeCursor(last.username, last.userId);
    }
    return page;
}

QString UserQueries::encodeCursor(const QString& username, const QString& userId)
{
    const QByteArray json = QJsonDocument(QJsonArray {username, userId}).toJson(QJsonDocument::Compact);
    return QString::fromLatin1(json.toBase64(CursorEncoding));
}

Result<QVariantList> UserQueries::decodeCursor(const QString& cursor)
{
    const auto invalid = [&cursor] {
        return Error::invalidArgument(u"The page cursor is not valid; start again from the first page."_s,
            u"cursor: "_s + cursor, {{u"cursor"_s, cursor}});
    };
    const auto decoded = QByteArray::fromBase64Encoding(
        cursor.trimmed().toLatin1(), CursorEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return invalid();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(*decoded, &parseError);
    const QJsonArray values = document.array();
    if (parseError.error != QJsonParseError::NoError || !document.isArray() || values.size() != 2
        || !values.at(0).isString() || !values.at(1).isString())
        return invalid();
    return QVariantList {values.at(0).toString(), values.at(1).toString()};
}

} // namespace flashback

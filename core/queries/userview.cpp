// SPDX-License-Identifier: GPL-3.0-or-later
#include "userview.h"

#include <QJsonValue>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

std::optional<Timestamp> timeIn(const ReadModelRow& row, const QString& column)
{
    const QVariant value = row.value(column);
    if (value.isNull() || !value.isValid())
        return std::nullopt;
    return Timestamp::parse(value.toString());
}

QJsonValue timeJson(const std::optional<Timestamp>& time)
{
    return time ? QJsonValue(time->toIso()) : QJsonValue(QJsonValue::Null);
}

} // namespace

UserView UserView::fromRow(const ReadModelRow& row)
{
    UserView user;
    user.userId = row.value(u"user_id"_s).toString();
    user.username = row.value(u"username"_s).toString();
    user.email = row.value(u"email"_s).toString();
    user.firstName = row.value(u"first_name"_s).toString();
    user.lastName = row.value(u"last_name"_s).toString();
    user.role = row.value(u"role"_s).toString();
    user.status = row.value(u"status"_s).toString();
    user.createdAt = timeIn(row, u"created_at"_s);
    user.updatedAt = timeIn(row, u"updated_at"_s);
    user.deletedAt = timeIn(row, u"deleted_at"_s);
    user.deletedBy = row.value(u"deleted_by"_s).toString();
    user.deletionReason = row.value(u"deletion_reason"_s).toString();
    user.suspensionReason = row.value(u"suspension_reason"_s).toString();
    user.lastLoginAt = timeIn(row, u"last_login_at"_s);
    user.loginCount = row.value(u"login_count"_s).toLongLong();
    user.revision = row.value(u"revision"_s).toLongLong();
    user.lastEventAt = timeIn(row, u"last_event_at"_s);
    user.lastPosition = row.value(u"last_position"_s).toLongLong();
    return user;
}

QJsonObject UserView::toJson() const
{
    return {{u"user_id"_s, userId}, {u"username"_s, username}, {u"email"_s, email}, {u"first_name"_s, firstName},
        {u"last_name"_s, lastName}, {u"role"_s, role}, {u"status"_s, status}, {u"created_at"_s, timeJson(createdAt)},
        {u"updated_at"_s, timeJson(updatedAt)}, {u"deleted_at"_s, timeJson(deletedAt)}, {u"deleted_by"_s, deletedBy},
        {u"deletion_reason"_s, deletionReason}, {u"suspension_reason"_s, suspensionReason},
        {u"last_login_at"_s, timeJson(lastLoginAt)}, {u"login_count"_s, loginCount}, {u"revision"_s, revision},
        {u"last_event_at"_s, timeJson(lastEventAt)}, {u"last_position"_s, lastPosition}};
}

} // namespace flashback

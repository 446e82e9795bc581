// SPDX-License-Identifier: GPL-3.0-or-later
#include "usersprojection.h"
#include "domain/user/usercommands.h"
#include "domain/user/userstate.h"
#include "readmodels/readmodeltransaction.h"

#include <QJsonValue>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

// Row columns that are not state keys: the projection's own bookkeeping.
constexpr QLatin1StringView RevisionColumn("revision");
constexpr QLatin1StringView LastEventAtColumn("last_event_at");
constexpr QLatin1StringView LastPositionColumn("last_position");

QJsonObject stateJsonFromRow(const ReadModelRow& row)
{
    QJsonObject object;
    for (auto it = row.cbegin(); it != row.cend(); ++it)
        object.insert(it.key(), it.value().isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue::fromVariant(*it));
    return object;
}

} // namespace

QString UsersProjection::name() const
{
    return Name;
}

ReadModelSchema UsersProjection::schema() const
{
    return m_schema;
}

bool UsersProjection::handles(const RecordedEvent& event) const
{
    return event.aggregateType == UserAggregateType;
}

Status UsersProjection::handle(const RecordedEvent& event, const DecodedEvent& decoded, ReadModelTransaction& writer)
{
    auto existing = writer.get(Table, {{u"user_id"_s, event.streamId}});
    if (!existing)
        return existing.error();
    UserState state = existing->has_value() ? UserState::fromJson(stateJsonFromRow(**existing)) : UserState {};
    state.userId = event.streamId;
    state.apply(decoded);

    const QJsonObject json = state.toJson();
    const ReadModelTable* table = m_schema.table(Table);
    Q_ASSERT(table);
    ReadModelRow row;
    for (const ColumnSpec& column : table->columns) {
        // Only the declared columns: the password hash in the state has no column and is never written.
        const QJsonValue value = json.value(column.name);
        if (value.isUndefined())
            continue;
        row.insert(column.name, value.isNull() ? QVariant() : value.toVariant());
    }
    row.insert(RevisionColumn, event.revision);
    row.insert(LastEventAtColumn, event.occurredAt.toIso());
    row.insert(LastPositionColumn, event.position);
    return writer.put(Table, row);
}

} // namespace flashback

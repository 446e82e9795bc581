// SPDX-License-Identifier: GPL-3.0-or-later
#include "readmodelschemas.h"

using namespace Qt::StringLiterals;

namespace flashback {

ReadModelSchema usersReadModel()
{
    const auto text = ColumnType::Text;
    const auto integer = ColumnType::Integer;
    ReadModelTable users {u"users"_s,
        {{u"user_id"_s, text}, {u"username"_s, text}, {u"email"_s, text}, {u"first_name"_s, text},
            {u"last_name"_s, text}, {u"role"_s, text}, {u"status"_s, text}, {u"created_at"_s, text},
            {u"updated_at"_s, text}, {u"deleted_at"_s, text}, {u"deleted_by"_s, text}, {u"deletion_reason"_s, text},
            {u"suspension_reason"_s, text}, {u"last_login_at"_s, text}, {u"login_count"_s, integer},
            {u"revision"_s, integer}, {u"last_event_at"_s, text}, {u"last_position"_s, integer}},
        {u"user_id"_s}, {{u"username"_s, u"user_id"_s}, {u"email"_s}, {u"status"_s}}};
    return {u"users"_s, {users}};
}

ReadModelSchema auditLogReadModel()
{
    const auto text = ColumnType::Text;
    const auto integer = ColumnType::Integer;
    ReadModelTable entries {u"entries"_s,
        {{u"position"_s, integer}, {u"occurred_at"_s, text}, {u"recorded_at"_s, text}, {u"stream_id"_s, text},
            {u"aggregate_type"_s, text}, {u"revision"_s, integer}, {u"event_type"_s, text}, {u"actor"_s, text},
            {u"reason"_s, text}, {u"summary"_s, text}},
        {u"position"_s},
        {{u"event_type"_s, u"position"_s}, {u"actor"_s, u"position"_s}, {u"occurred_at"_s},
            {u"stream_id"_s, u"position"_s}}};
    return {u"audit_log"_s, {entries}};
}

ReadModelSchema mailboxReadModel()
{
    const auto text = ColumnType::Text;
    ReadModelTable sent {u"sent_emails"_s,
        {{u"idempotency_key"_s, text}, {u"to_address"_s, text}, {u"subject"_s, text}, {u"body"_s, text},
            {u"user_id"_s, text}, {u"event_id"_s, text}, {u"sent_at"_s, text}},
        {u"idempotency_key"_s}, {{u"to_address"_s}, {u"sent_at"_s}}};
    return {u"mailbox"_s, {sent}};
}

} // namespace flashback

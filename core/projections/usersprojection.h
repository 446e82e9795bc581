// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "projection.h"
#include "readmodelschemas.h"

namespace flashback {

/// Projection "users" (schema usersReadModel()): one row per user, kept equal to the User aggregate's state.
/// Each event is folded into a UserState rebuilt from the row with the domain's own apply(), so the read model
/// and the aggregate cannot disagree. The password hash is never written. Rows carry the stream revision they
/// reflect and event times only (last_event_at is the event's occurred_at), so a rebuild gives equal rows.
class UsersProjection final : public Projection {
public:
    static constexpr QLatin1StringView Name {"users"};
    static constexpr QLatin1StringView Table {"users"};

    QString name() const override;
    ReadModelSchema schema() const override;
    /// Every event of aggregate type "User".
    bool handles(const RecordedEvent& event) const override;
    Status handle(const RecordedEvent& event, const DecodedEvent& decoded, ReadModelTransaction& writer) override;

private:
    ReadModelSchema m_schema = usersReadModel();
};

} // namespace flashback

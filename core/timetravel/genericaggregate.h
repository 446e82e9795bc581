// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/aggregate.h"

namespace flashback {

/// Folds streams of aggregate types the core does not know, so any store can be inspected: each event's payload
/// is merged into the state (keys overwrite, nested objects merge), `_lastEvent` records the last event's type
/// and revision, and an event whose type ends in DELETED sets `_deleted` (with `_deletedAt`). It decides nothing.
class GenericAggregate final : public Aggregate {
public:
    explicit GenericAggregate(QString type);

    QString type() const override { return m_type; }
    Result<QList<ProposedEvent>> decide(const Command& command, DecisionContext& context) const override;
    QJsonObject state() const override { return m_state; }
    /// The state is the fold itself, so any state() restores (for replay checkpoints; it takes no snapshots).
    bool restoreState(const QJsonObject& state) override
    {
        m_state = state;
        return true;
    }

protected:
    void apply(const DecodedEvent& event) override;

private:
    QString m_type;
    QJsonObject m_state;
};

} // namespace flashback

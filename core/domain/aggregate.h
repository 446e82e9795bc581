// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commands/command.h"
#include "events/decodedevent.h"
#include "store/unitofwork.h"
#include "util/result.h"
#include "util/timestamp.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace flashback {

class PasswordHasher;

/// An event an aggregate decided on; the command handler adds id, time, metadata and schema version.
struct ProposedEvent {
    QString type;
    QJsonObject data;
};

/// What a decision may use besides the aggregate's state. Aggregates do no I/O: time and hashing come in here,
/// so a decision is repeatable (demo data, tests).
struct DecisionContext {
    Timestamp now;
    PasswordHasher* passwordHasher = nullptr;
};

/// A consistency boundary: rebuilt from its stream by apply(), guarded by business rules in decide().
/// Pure C++: no store, no clock, no randomness of its own.
class Aggregate {
public:
    virtual ~Aggregate() = default;

    virtual QString type() const = 0;

    const QString& id() const { return m_id; }
    void setId(const QString& id) { m_id = id; }
    qint64 revision() const { return m_revision; }
    bool exists() const { return m_revision > 0; }

    /// Folds one event into the state and advances the revision. Never validates: history is history.
    void replay(const DecodedEvent& event)
    {
        apply(event);
        m_revision = event.revision > 0 ? event.revision : m_revision + 1;
    }

    /// Checks the command against the rules and the current state; returns the events to record or a
    /// DomainError (Error::domain / Error::notFound with a stable code).
    virtual Result<QList<ProposedEvent>> decide(const Command& command, DecisionContext& context) const = 0;

    /// The state as JSON (snake_case keys), for views, diffs and snapshots.
    virtual QJsonObject state() const = 0;

    /// The format of this aggregate's snapshots; 0 means it takes none. Bump it when the state's shape changes:
    /// snapshots of another version are then ignored and the stream is replayed instead.
    virtual int snapshotVersion() const { return 0; }
    /// Restores the state a snapshot captured (its snapshotVersion() already matched). False if unreadable.
    virtual bool restoreState(const QJsonObject& state)
    {
        Q_UNUSED(state);
        return false;
    }
    /// Loads a snapshot taken at `revision`, when its version is this aggregate's. False: ignore it, replay.
    bool restoreSnapshot(const QJsonObject& state, int version, qint64 revision)
    {
        if (version != snapshotVersion() || version == 0 || !restoreState(state))
            return false;
        m_revision = revision;
        return true;
    }

    /// Restores a state this same build produced with state() at `revision` (an in-memory replay checkpoint,
    /// never a stored snapshot, so no version applies). False when the aggregate cannot restore states.
    bool restoreCheckpoint(const QJsonObject& state, qint64 revision)
    {
        if (!restoreState(state))
            return false;
        m_revision = revision;
        return true;
    }

    /// Unique values the new events claim or free. Called before the new events are applied, so the state is
    /// the one the decision was made on.
    virtual QList<ReservationChange> reservations(const QList<DecodedEvent>& newEvents) const
    {
        Q_UNUSED(newEvents);
        return {};
    }

    /// The domain error to report when another stream holds a reservation this aggregate tried to claim.
    virtual std::optional<Error> reservationConflict(const QString& scope, const QString& key) const
    {
        Q_UNUSED(scope);
        Q_UNUSED(key);
        return std::nullopt;
    }

protected:
    virtual void apply(const DecodedEvent& event) = 0;

private:
    QString m_id;
    qint64 m_revision = 0;
};

} // namespace flashback

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commands/command.h"
#include "domain/passwordhasher.h"
#include "events/decodedevent.h"
#include "events/newevent.h"
#include "util/error.h"
#include "util/timestamp.h"
#include "util/uuid.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace flashback {

class Aggregate;
class DomainCatalog;

/// Given / when / then for one aggregate, with no store: the kit behind the tests `flashback-cli export-test`
/// writes, and usable by hand. Given: events in the text form of parseEventScript(), folded as revisions 1, 2, …
/// When: a command decided against that state (checked and completed as the command handler does), or more
/// recorded events. Then: the outcome's events, error and state. Password hashing is salted from a fixed seed,
/// so a decision that hashes is repeatable.
class AggregateScenario {
public:
    struct Outcome {
        std::optional<Error> error; ///< The domain error (or bad command) the decision ended with.
        QList<DecodedEvent> events; ///< Decided (or folded) by the when, with their revisions.
        QJsonObject state; ///< The aggregate's state afterwards (unchanged on an error).

        QString errorCode() const { return error ? error->code : QString(); }
        QStringList eventTypes() const;
    };

    AggregateScenario(const DomainCatalog& catalog, const QString& aggregateType, const QString& streamId);
    ~AggregateScenario();

    /// Folds the events of `script`. False, with problem(), when it does not parse or the type is unknown.
    bool given(const QString& script);
    /// The same for events already read (parseEventScript), so several scenarios can share one parse.
    bool given(const QList<NewEvent>& events);
    /// Decides `command` for this stream at `now` and folds the events it decides.
    Outcome when(Command command, Timestamp now);
    /// Folds the events of `script` after the given ones, as recorded (no rules are checked).
    Outcome whenEvents(const QString& script);

    QJsonObject state() const;
    qint64 revision() const;
    /// Why given() or whenEvents() failed; empty when nothing failed.
    QString problem() const { return m_problem; }

private:
    bool fold(const QString& script, QList<DecodedEvent>* folded);
    bool fold(const QList<NewEvent>& events, QList<DecodedEvent>* folded);

    const DomainCatalog& m_catalog;
    QString m_aggregateType;
    QString m_streamId;
    std::unique_ptr<Aggregate> m_aggregate;
    PasswordHasher m_hasher;
    IdGenerator m_ids;
    QString m_problem;
};

/// Empty when `actual` equals the JSON object `expectedJson`; otherwise one line per differing path, as
/// "path: expected → actual", for a test's failure message.
QString jsonDifferences(const QJsonObject& actual, const QString& expectedJson);

} // namespace flashback

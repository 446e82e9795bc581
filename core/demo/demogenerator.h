// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/result.h"
#include "util/timestamp.h"

#include <QString>

#include <functional>

namespace flashback {

class DomainCatalog;
class EventStore;

struct DemoOptions {
    int users = 300; ///< Ordinary users besides the ones in the incident stories.
    quint64 seed = 42; ///< Same seed, same store: ids, times and payloads repeat exactly.
    int passwordIterations = 1000; ///< PBKDF2 rounds for demo passwords: low, so generation stays fast.
    int longStreamLogins = 10000; ///< Logins of the "slow password change" user.
    /// Run the built-in projections and deliver the outbox afterwards, leaving the users projection one event
    /// behind (Sara's rename), as in "Sarah's name change confusion".
    bool runProjections = true;
    /// Called now and then with (events written, events planned).
    std::function<void(qint64, qint64)> progress;
};

/// Where the incident stories of DOMAIN.md live in a generated store.
struct DemoSummary {
    qint64 users = 0;
    qint64 events = 0;
    QString deletedUserId; ///< "Who deleted my user?": Sarah Connor.
    QString suspendedUserId; ///< "Why was my account suspended?"
    QString renamedUserId; ///< "Sarah's name change confusion"
    QString longStreamUserId; ///< "The slow password change": 10,000+ events.
    qint64 longStreamEvents = 0;
    Timestamp deletedAt;
    qint64 renamePosition = 0; ///< Sara's rename: the event the users read model has not seen yet.
    qint64 mailsDelivered = 0;
    Timestamp firstEventAt;
    Timestamp lastEventAt;
};

/// Fills an empty store with the built-in User domain's demo history: the incident stories plus ordinary users.
/// Every event comes from the real aggregate's decide(), with a scripted clock, so the data obeys the rules;
/// events go in chronological order in large transactions. Refuses a store that already holds events.
Result<DemoSummary> generateDemo(EventStore& store, const DomainCatalog& catalog, const DemoOptions& options);

} // namespace flashback

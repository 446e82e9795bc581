// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "searchquery.h"
#include "util/result.h"

#include <QJsonObject>
#include <QStringList>

#include <atomic>

namespace flashback {

class DomainCatalog;
class EventStore;

/// The answer to a ticket's "who deleted my account?", from an email address or a username.
struct DeletionAnswer {
    enum class Outcome {
        NoSuchUser, ///< No User stream mentions it.
        Ambiguous, ///< Several users match; `candidates` lists their streams.
        Deleted, ///< `deletion` says who, when and why.
        NeverDeleted, ///< `state` is the user's current state (masked).
    };
    Outcome outcome = Outcome::NoSuchUser;
    QString asked;
    QString streamId;
    QStringList candidates;
    SearchHit deletion;
    QJsonObject state;
    qint64 revision = 0; ///< The stream's head revision.
};

/// Finds the User stream that `emailOrUsername` names (through search: its events, the index and the tail), then
/// its USER_DELETED. When several streams mention the value, the one whose current email or username is it wins;
/// otherwise the answer is Ambiguous.
/// `cancel`, when set, ends it with ErrorKind::Cancelled (between streams and inside the searches' scans).
Result<DeletionAnswer> whoDeleted(EventStore& store, const DomainCatalog& catalog, const QString& emailOrUsername,
    const std::atomic<bool>* cancel = nullptr);

} // namespace flashback

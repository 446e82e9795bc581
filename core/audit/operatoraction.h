// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/result.h"
#include "util/timestamp.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace flashback {

/// One thing an operator did to a store, from the window or the CLI: a command issued, a projection paused,
/// resumed, rebuilt or its rebuild cancelled, an outbox row retried or discarded. Kept in the store's operator
/// audit, append-only, so "who paused users last night?" has an answer like "who deleted this user?" does.
struct OperatorAction {
    qint64 id = 0; ///< Given by the store, increasing.
    Timestamp at; ///< When it was done (the store's writer's clock).
    QString actor; ///< Who: the command's actor, or the operator's name (Actor: defaultActor()).
    QString host; ///< The machine it was done from.
    QString tool; ///< "window" or "cli", with the version: "flashback-cli 0.1.0".
    QString action; ///< One of the names in OperatorAction's constants.
    QString target; ///< What it was done to: "User/<stream id>", a projection's name, "outbox/<row id>".
    QJsonObject detail; ///< What exactly: the command and its fields (secrets masked), the reason.
    QString result; ///< "ok", "refused" (a rule or the store said no) or "failed" (an error).
    QString message; ///< The outcome in a sentence: the events appended, the rule that refused, the error.

    static constexpr QLatin1StringView Command {"command"};
    static constexpr QLatin1StringView PauseProjection {"projection.pause"};
    static constexpr QLatin1StringView ResumeProjection {"projection.resume"};
    static constexpr QLatin1StringView RebuildProjection {"projection.rebuild"};
    static constexpr QLatin1StringView CancelRebuild {"projection.cancel_rebuild"};
    static constexpr QLatin1StringView RetryOutbox {"outbox.retry"};
    static constexpr QLatin1StringView DiscardOutbox {"outbox.discard"};
    static constexpr QLatin1StringView Ok {"ok"};
    static constexpr QLatin1StringView Refused {"refused"};
    static constexpr QLatin1StringView Failed {"failed"};

    /// InvalidArgument unless `action` and `result` are among the names above: what every backend checks before
    /// it records a row.
    Status checkRecordable() const;
    /// Every action name, in the order above.
    static QStringList actionNames();
    /// The detail for people: "ChangeName {"first_name":"Sara"} reason: typo", or the detail's JSON.
    QString detailText() const;
    /// Snake-case keys; `at` as ISO 8601 UTC (docs/cli.md, `audit --json`).
    QJsonObject toJson() const;
};

/// Which operator actions to list: newest first, keyset-paged by id.
struct OperatorAuditQuery {
    std::optional<Timestamp> since; ///< at >= since
    std::optional<Timestamp> until; ///< at < until
    QString actor; ///< Exact.
    QStringList actions; ///< Any of these names; empty: every action.
    QString result; ///< "ok", "refused" or "failed"; empty: any.
    qint64 limit = 100;
    std::optional<qint64> beforeId; ///< Cursor: rows with a smaller id.
};

} // namespace flashback

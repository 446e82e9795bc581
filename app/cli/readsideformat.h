// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "timetravel/jsondiff.h"
#include "util/humanduration.h"
#include "util/result.h"
#include "util/timestamp.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <chrono>

namespace flashback::cli {

class OutputFormatter;

/// Shapes shared by the read-side subcommands (state, diff, history, snapshots, lag, outbox, users), so a change,
/// a duration or an unset time looks the same wherever it appears.

/// JSON has no "absent": an Undefined value becomes null.
QJsonValue jsonOrNull(const QJsonValue& value);
/// A value for people: compact JSON ("active" with quotes, 3, null, {...}), or "(absent)" when Undefined.
QString valueText(const QJsonValue& value);
/// "before → after", both as valueText().
QString transitionText(const QJsonValue& before, const QJsonValue& after);

/// {"kind": "added" | "removed" | "changed", "path", "before", "after"}; absent values are null, masked values
/// hidden by `formatter`.
QJsonObject changeJson(const JsonChange& change, const OutputFormatter& formatter);

/// A table of changes: kind, path, before → after (masked values hidden by `formatter`).
QString changesTable(const QList<JsonChange>& changes, const OutputFormatter& formatter);

/// A time the store leaves at zero for "never": ISO-8601, or null / "-".
QJsonValue timeOrNull(Timestamp time);
QString timeText(Timestamp time);

/// Empty text becomes null, so scripts test one thing (`.last_error == null`).
QJsonValue textOrNull(const QString& text);

/// A stream revision given as a positional argument: a whole number of at least 1, else InvalidArgument.
Result<qint64> revisionArgument(const QString& text, const QString& name);

} // namespace flashback::cli

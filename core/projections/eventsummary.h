// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace flashback {

struct DecodedEvent;

/// Longest summary of an event type Flashback does not know (type plus a compact payload).
inline constexpr qsizetype UnknownEventSummaryLength = 120;

/// A one-line, human summary of an (upcast) event for the audit log, e.g. "deleted: User requested account
/// deletion" or "logged in from 203.0.113.77 (python-requests/2.31)". Known User event types get a sentence, with
/// the values of `maskedKeys` in it shown as the mask placeholder;
/// other types give the type and their compact payload, truncated to UnknownEventSummaryLength characters, with
/// `maskedKeys` (e.g. password_hash) removed at any depth. Deterministic: equal events, equal summaries.
QString eventSummary(const DecodedEvent& event, const QStringList& maskedKeys);

/// `data` without the masked keys, at any depth (so summaries and searches never carry password hashes).
QJsonObject withoutMaskedKeys(const QJsonObject& data, const QStringList& maskedKeys);

} // namespace flashback

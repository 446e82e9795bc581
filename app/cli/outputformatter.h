// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "events/recordedevent.h"
#include "util/error.h"
#include "util/timestamp.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace flashback {
class ReadModelStore;
}

namespace flashback::cli {

/// Turns events and errors into the text and JSON shapes documented in docs/cli.md, hiding masked payload
/// fields (password hashes) unless the user asked to reveal them.
class OutputFormatter {
public:
    /// Shown instead of a masked value.
    static inline const QString MaskedValue = QStringLiteral("\u2022\u2022\u2022\u2022\u2022\u2022");

    /// Masks the built-in domains' masked fields unless `reveal`.
    explicit OutputFormatter(bool reveal = false);

    /// {position, stream_id, aggregate_type, revision, event_id, type, schema_version, occurred_at,
    ///  recorded_at, data, metadata}
    QJsonObject eventJson(const RecordedEvent& event) const;
    QJsonArray eventsJson(const QList<RecordedEvent>& events) const;

    /// The payload as one line of compact JSON, masked.
    QString compactData(const RecordedEvent& event) const;

    /// `object` with masked fields hidden, at any depth (a state, a snapshot, an outbox payload).
    QJsonObject maskedObject(const QJsonObject& object) const;
    /// The value found at `path` ("password_hash", "a.b[2].c") of a document, hidden when the path's last key is
    /// masked; nested masked fields are hidden too. Undefined (absent) stays undefined.
    QJsonValue maskedAt(const QString& path, const QJsonValue& value) const;

    /// Text table of one stream's events: revision, position, occurred_at, type, actor, payload.
    QString streamEventsTable(const QList<RecordedEvent>& events) const;
    /// Text table of events from many streams (the global log): adds the stream id.
    QString logTable(const QList<RecordedEvent>& events) const;

    static QJsonValue timeOrNull(const std::optional<Timestamp>& time);
    /// next_cursor is a string (opaque to scripts) or null on the last page.
    static QJsonValue cursorOrNull(const std::optional<qint64>& cursor);
    /// {"kind": "fts5" | "trigram" | "tsvector" | "scan", "note": why, in a sentence}
    static QJsonObject searchIndexJson(const ReadModelStore& readModels);

    /// {"error": {code, kind, category, message, detail, context}}
    static QJsonObject errorJson(const Error& error);
    /// "flashback-cli: <message> [<code>]\n", plus the detail on a second line when `verbose`.
    static QString errorText(const Error& error, bool verbose);

private:
    QJsonValue masked(const QJsonValue& value) const;

    QStringList m_maskedKeys;
};

} // namespace flashback::cli

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "projections/projection.h"

#include <QStringList>

namespace flashback {

/// Projection "search_index": one row per event of any type, keyed by its position, with what a search filters on
/// (stream, aggregate type, event type, actor, occurred_at in microseconds) and what it finds text in
/// (`terms`, SearchDocument; the table's textColumn, so every backend indexes it: FTS5, trigram or tsvector).
/// A read model like any other: checkpoint, lag, rebuild, and never on the write path, so appends do not wait
/// for it. EventSearch reads it and scans the events after its checkpoint.
class SearchIndexProjection final : public Projection {
public:
    static constexpr QLatin1StringView Name {"search_index"};
    static constexpr QLatin1StringView Table {"documents"};

    /// `maskedKeys`: payload values never indexed (default: the built-in catalog's masked fields).
    SearchIndexProjection();
    explicit SearchIndexProjection(QStringList maskedKeys);

    static ReadModelSchema readModel();
    QString name() const override;
    ReadModelSchema schema() const override { return readModel(); }
    bool handles(const RecordedEvent& event) const override;
    Status handle(const RecordedEvent& event, const DecodedEvent& decoded, ReadModelTransaction& writer) override;
    /// Searches scan past its checkpoint, so it may fall behind while writers are busy without a search missing
    /// anything: appends go first.
    bool background() const override { return true; }

    const QStringList& maskedKeys() const { return m_maskedKeys; }

private:
    QStringList m_maskedKeys;
};

} // namespace flashback

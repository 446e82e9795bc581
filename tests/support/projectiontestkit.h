// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "projections/builtinprojections.h"
#include "readmodels/readmodeltable.h"
#include "util/result.h"

#include <QList>
#include <QString>

#include <atomic>
#include <chrono>
#include <memory>

namespace flashback {
class EventStore;
}

namespace flashback::test {

/// Another projection's logic under a different name, so a from-scratch build can sit beside the real one in
/// the same store (same events, same recorded_at) and be compared row by row.
class RenamedProjection final : public Projection {
public:
    RenamedProjection(std::shared_ptr<Projection> inner, QString name);

    QString name() const override { return m_name; }
    ReadModelSchema schema() const override;
    bool handles(const RecordedEvent& event) const override { return m_inner->handles(event); }
    Status handle(const RecordedEvent& event, const DecodedEvent& decoded, ReadModelTransaction& writer) override
    {
        return m_inner->handle(event, decoded, writer);
    }

private:
    std::shared_ptr<Projection> m_inner;
    QString m_name;
};

/// Records every event it is given (table "seen", key position) and fails at one position a set number of
/// times, for the runner's retry and failure paths.
class FlakyProjection final : public Projection {
public:
    explicit FlakyProjection(qint64 failAt = 0, int failures = 0);

    std::atomic<qint64> failAt;
    std::atomic<int> failuresLeft;
    std::atomic<int> attemptsAtFailure {0};

    QString name() const override;
    ReadModelSchema schema() const override;
    bool handles(const RecordedEvent& event) const override;
    Status handle(const RecordedEvent& event, const DecodedEvent& decoded, ReadModelTransaction& writer) override;
};

/// Counts how often each event took effect (table "applied": position, times), for exactly-once checks.
class TallyProjection final : public Projection {
public:
    /// `delay` per event makes batches long enough for competing runners to overlap.
    explicit TallyProjection(std::chrono::microseconds delay = {})
        : m_delay(delay)
    { }

    QString name() const override;
    ReadModelSchema schema() const override;
    bool handles(const RecordedEvent&) const override { return true; }
    Status handle(const RecordedEvent& event, const DecodedEvent& decoded, ReadModelTransaction& writer) override;

private:
    std::chrono::microseconds m_delay;
};

/// Every row of a read-model table readers see, ordered by `orderColumn`.
Result<QList<ReadModelRow>> allRows(
    EventStore& store, const ReadModelSchema& schema, const QString& table, const QString& orderColumn);

/// Builds `projection` from zero under the name `name` in `store` and returns its rows of `table`.
Result<QList<ReadModelRow>> scratchBuild(EventStore& store, std::shared_ptr<Projection> projection, const QString& name,
    const QString& table, const QString& orderColumn);

/// Runs the search_index projection (SearchIndexProjection, the built-in masked fields) up to the head.
Status catchUpSearchIndex(EventStore& store);

/// The first difference between two row lists, or empty when equal.
QString firstDifference(const QList<ReadModelRow>& actual, const QList<ReadModelRow>& expected);

} // namespace flashback::test

// SPDX-License-Identifier: GPL-3.0-or-later
#include "readmodelcheck.h"

#include "store/eventstore.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace flashback {

QString rowDriftKindName(RowDrift::Kind kind)
{
    switch (kind) {
    case RowDrift::Kind::Missing:
        return u"missing"_s;
    case RowDrift::Kind::Unexpected:
        return u"unexpected"_s;
    case RowDrift::Kind::Different:
        return u"different"_s;
    }
    return u"different"_s;
}

namespace {

/// One run of checkReadModel: the fresh copy, the rows that differ so far, and the store it reads.
class Checker {
public:
    Checker(EventStore& store, std::shared_ptr<Projection> projection, const DomainCatalog& catalog,
        const ReadModelCheckOptions& options)
        : m_store(store)
        , m_fresh(projection, catalog)
        , m_options(options)
    { }

    Result<ReadModelCheck> run()
    {
        const QString name = m_fresh.schema().projection;
        auto start = m_store.readModels().checkpoint(name);
        if (!start)
            return start.error();
        m_report.projection = name;
        m_report.generation = start->generation;
        if (auto status = replayUpTo(start->position); !status)
            return status.error();
        for (const ReadModelTable& table : m_fresh.schema().tables) {
            if (auto status = compareTable(table); !status)
                return status.error();
        }
        if (auto status = settle(); !status)
            return status.error();
        tally();
        return m_report;
    }

private:
    /// A row that differed when last compared, and how.
    struct Suspect {
        const ReadModelTable* table = nullptr;
        ReadModelRow key;
        RowDrift drift;
    };

    Status cancelled() const
    {
        if (m_options.cancel && m_options.cancel->load())
            return Error::make(ErrorKind::Cancelled, u"The read-model check was cancelled."_s);
        return {};
    }

    void progress(ReadModelCheckProgress::Phase phase, qint64 done, qint64 total) const
    {
        if (m_options.onProgress)
            m_options.onProgress({phase, done, total});
    }

    Status replayUpTo(qint64 target)
    {
        while (m_fresh.position() < target) {
            if (auto status = cancelled(); !status)
                return status;
            ReadAllOptions read;
            read.cursor = m_fresh.position();
            read.limit = std::max<qint64>(1, m_options.batchSize);
            auto events = m_store.readAll(read);
            if (!events)
                return events.error();
            while (!events->isEmpty() && events->constLast().position > target)
                events->removeLast();
            if (events->isEmpty())
                break; // the checkpoint points past the last event readable: nothing more to fold
            m_report.eventsReplayed += events->size();
            if (auto status = m_fresh.feed(*events); !status)
                return status;
            progress(ReadModelCheckProgress::Phase::Replaying, m_fresh.position(), target);
        }
        m_report.position = target;
        return {};
    }

    /// Stored rows against the fresh copy, then the fresh copy's rows the store lacks.
    Status compareTable(const ReadModelTable& table)
    {
        auto& models = m_store.readModels();
        const qint64 limit = std::max<qint64>(1, m_options.batchSize);
        QSet<QString> seen;
        std::optional<QVariantList> after;
        for (;;) {
            if (auto status = cancelled(); !status)
                return status;
            auto rows = storedPage(models, m_fresh.schema(), table, after, limit);
            if (!rows)
                return rows.error();
            for (const ReadModelRow& stored : std::as_const(*rows)) {
                const ReadModelRow key = primaryKeyOf(table, stored);
                seen.insert(describeKey(table, key));
                auto expected = m_fresh.row(table.name, key);
                if (!expected)
                    return expected.error();
                if (auto drift = driftOf(table, key, stored, *expected))
                    m_suspects.append({&table, key, *drift});
            }
            m_report.rowsCompared += rows->size();
            progress(ReadModelCheckProgress::Phase::Comparing, m_report.rowsCompared, 0);
            if (rows->size() < limit)
                break;
            after = primaryKeyValues(table, rows->constLast());
        }
        if (auto status = cancelled(); !status)
            return status;
        auto fresh = m_fresh.rows(table.name);
        if (!fresh)
            return fresh.error();
        for (const ReadModelRow& expected : std::as_const(*fresh)) {
            const ReadModelRow key = primaryKeyOf(table, expected);
            if (!seen.contains(describeKey(table, key))) {
                m_suspects.append({&table, key, *driftOf(table, key, std::nullopt, expected)});
                ++m_report.rowsCompared;
            }
        }
        return {};
    }

    /// While the checkpoint moves, carries the fresh copy along and reads the suspects again. Settled when the
    /// checkpoint is the same before and after the suspects are read.
    Status settle()
    {
        const QString name = m_fresh.schema().projection;
        for (int round = 0;; ++round) {
            auto now = m_store.readModels().checkpoint(name);
            if (!now)
                return now.error();
            if (now->generation != m_report.generation)
                return Error::make(ErrorKind::ConcurrencyConflict,
                    u"%1 was rebuilt during the check; check again to compare the new copy."_s.arg(name));
            if (now->position == m_report.position) {
                m_report.settled = true;
                return {};
            }
            if (m_suspects.isEmpty() || round >= m_options.settleRounds) {
                // Nothing differed, or it would not hold still: what differs now is reported as it is.
                m_report.settled = m_suspects.isEmpty();
                return {};
            }
            if (auto status = replayUpTo(now->position); !status)
                return status;
            QList<Suspect> still;
            qint64 done = 0;
            for (const Suspect& suspect : std::as_const(m_suspects)) {
                if (auto status = cancelled(); !status)
                    return status;
                auto drift = compareRow(suspect);
                if (!drift)
                    return drift.error();
                if (*drift)
                    still.append({suspect.table, suspect.key, **drift});
                progress(ReadModelCheckProgress::Phase::Settling, ++done, m_suspects.size());
            }
            m_suspects = still;
        }
    }

    static std::optional<RowDrift> driftOf(const ReadModelTable& table, const ReadModelRow& key,
        const std::optional<ReadModelRow>& stored, const std::optional<ReadModelRow>& expected)
    {
        RowDrift drift;
        drift.table = table.name;
        drift.key = describeKey(table, key);
        drift.keyValues = key;
        if (stored && expected) {
            drift.kind = RowDrift::Kind::Different;
            drift.columns = differingColumns(table, *stored, *expected);
            if (drift.columns.isEmpty())
                return std::nullopt;
        } else if (stored) {
            drift.kind = RowDrift::Kind::Unexpected;
            drift.columns = allColumns(table, *stored, true);
        } else if (expected) {
            drift.kind = RowDrift::Kind::Missing;
            drift.columns = allColumns(table, *expected, false);
        } else {
            return std::nullopt;
        }
        return drift;
    }

    /// The suspect's drift as the store and the fresh copy hold it now, or nullopt when the rows are equal.
    Result<std::optional<RowDrift>> compareRow(const Suspect& suspect)
    {
        auto stored = storedRow(m_store.readModels(), m_fresh.schema(), *suspect.table, suspect.key);
        if (!stored)
            return stored.error();
        auto expected = m_fresh.row(suspect.table->name, suspect.key);
        if (!expected)
            return expected.error();
        return driftOf(*suspect.table, suspect.key, *stored, *expected);
    }

    /// Counts the rows still differing by kind; the first maxExamples become the examples.
    void tally()
    {
        for (const Suspect& suspect : std::as_const(m_suspects)) {
            switch (suspect.drift.kind) {
            case RowDrift::Kind::Missing:
                ++m_report.missing;
                break;
            case RowDrift::Kind::Unexpected:
                ++m_report.unexpected;
                break;
            case RowDrift::Kind::Different:
                ++m_report.different;
                break;
            }
            if (m_report.examples.size() < m_options.maxExamples)
                m_report.examples.append(suspect.drift);
        }
    }

    EventStore& m_store;
    FreshReadModel m_fresh;
    const ReadModelCheckOptions& m_options;
    QList<Suspect> m_suspects;
    ReadModelCheck m_report;
};

} // namespace

Result<ReadModelCheck> checkReadModel(EventStore& store, std::shared_ptr<Projection> projection,
    const DomainCatalog& catalog, const ReadModelCheckOptions& options)
{
    if (!projection)
        return Error::invalidArgument(u"No projection to check."_s);
    Checker checker(store, std::move(projection), catalog, options);
    return checker.run();
}

} // namespace flashback

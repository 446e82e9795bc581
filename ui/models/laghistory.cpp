// SPDX-License-Identifier: GPL-3.0-or-later
#include "laghistory.h"

#include <cstdlib>

using namespace Qt::StringLiterals;

namespace flashback {

QString lagTrendName(LagTrend trend)
{
    switch (trend) {
    case LagTrend::Rising:
        return u"rising"_s;
    case LagTrend::Falling:
        return u"falling"_s;
    case LagTrend::Steady:
        return u"steady"_s;
    case LagTrend::Unknown:
        break;
    }
    return {};
}

LagHistory::LagHistory(std::chrono::seconds window)
    : m_window(window)
{ }

void LagHistory::add(Timestamp at, const QList<ProjectionLag>& lags)
{
    if (m_latest && at < *m_latest)
        return; // a late answer to an earlier sample: the chart's time only moves forward
    m_latest = at;
    for (const ProjectionLag& lag : lags) {
        if (!m_samples.contains(lag.name))
            m_names.append(lag.name);
        std::deque<LagSample>& samples = m_samples[lag.name];
        samples.push_back({at, lag.lagEvents, lag.lagTime, lag.checkpointPosition, lag.headPosition,
            lag.rebuildPosition.value_or(-1), lag.rebuildLagTime});
    }
    const qint64 oldest = at.micros() - qint64(m_window.count()) * 1000000;
    for (auto& samples : m_samples) {
        while (!samples.empty() && samples.front().at.micros() < oldest)
            samples.pop_front();
    }
}

void LagHistory::clear()
{
    m_names.clear();
    m_samples.clear();
    m_latest.reset();
}

const std::deque<LagSample>& LagHistory::samples(const QString& name) const
{
    static const std::deque<LagSample> none;
    const auto found = m_samples.constFind(name);
    return found == m_samples.cend() ? none : *found;
}

std::optional<Timestamp> LagHistory::latest() const
{
    return m_latest;
}

const LagSample* LagHistory::sampleBefore(const std::deque<LagSample>& samples, std::chrono::seconds span) const
{
    if (samples.size() < 2)
        return nullptr;
    const qint64 from = samples.back().at.micros() - qint64(span.count()) * 1000000;
    for (const LagSample& sample : samples) {
        if (sample.at.micros() >= from)
            return &sample == &samples.back() ? nullptr : &sample;
    }
    return nullptr;
}

LagTrend LagHistory::trend(const QString& name, std::chrono::seconds span, qint64 tolerance) const
{
    const std::deque<LagSample>& all = samples(name);
    const LagSample* then = sampleBefore(all, span);
    if (!then)
        return LagTrend::Unknown;
    const qint64 now = all.back().lagEvents;
    const qint64 moved = now - then->lagEvents;
    // Within the tolerance, or within a tenth of the lag (a big backlog wobbles by a few batches): steady.
    if (std::llabs(moved) <= tolerance || std::llabs(moved) * 10 < std::max(now, then->lagEvents))
        return LagTrend::Steady;
    return moved > 0 ? LagTrend::Rising : LagTrend::Falling;
}

std::optional<double> LagHistory::observedRate(const QString& name, std::chrono::seconds span) const
{
    const std::deque<LagSample>& all = samples(name);
    const LagSample* then = sampleBefore(all, span);
    if (!then)
        return std::nullopt;
    const qint64 micros = all.back().at.micros() - then->at.micros();
    if (micros <= 0)
        return std::nullopt;
    return double(std::max<qint64>(0, all.back().checkpoint - then->checkpoint)) * 1e6 / double(micros);
}

std::optional<double> LagHistory::rebuildRate(const QString& name, std::chrono::seconds span) const
{
    const std::deque<LagSample>& all = samples(name);
    const QList<RebuildRun> runs = rebuildRuns(name);
    if (runs.isEmpty() || runs.constLast().first + runs.constLast().count != qsizetype(all.size()))
        return std::nullopt; // no rebuild runs now
    const RebuildRun current = runs.constLast();
    const LagSample& now = all.back();
    const qint64 from = now.at.micros() - qint64(span.count()) * 1000000;
    // The oldest sample of this rebuild within the span: one that started a moment ago has a rate already.
    for (qsizetype i = current.first; i + 1 < current.first + current.count; ++i) {
        const LagSample& sample = all[size_t(i)];
        if (sample.at.micros() < from)
            continue;
        const qint64 micros = now.at.micros() - sample.at.micros();
        if (micros <= 0)
            break;
        return double(now.rebuildPosition - sample.rebuildPosition) * 1e6 / double(micros);
    }
    return std::nullopt;
}

QList<RebuildRun> LagHistory::rebuildRuns(const QString& name) const
{
    const std::deque<LagSample>& all = samples(name);
    QList<RebuildRun> runs;
    for (qsizetype i = 0; i < qsizetype(all.size()); ++i) {
        const LagSample& sample = all[size_t(i)];
        if (!sample.rebuilding())
            continue;
        const bool continues
            = i > 0 && all[size_t(i - 1)].rebuilding() && all[size_t(i - 1)].rebuildPosition <= sample.rebuildPosition;
        if (continues)
            ++runs.last().count;
        else
            runs.append({i, 1});
    }
    return runs;
}

} // namespace flashback

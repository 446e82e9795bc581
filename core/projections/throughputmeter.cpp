// SPDX-License-Identifier: GPL-3.0-or-later
#include "throughputmeter.h"

#include <algorithm>

namespace flashback {

void ThroughputMeter::add(qint64 events, qint64 micros)
{
    micros = std::max<qint64>(1, micros);
    m_samples.append({events, micros});
    if (m_samples.size() > Window)
        m_samples.removeFirst();
    m_sinceTakenMicros += micros;
    m_fresh = true;
}

double ThroughputMeter::eventsPerSecond() const
{
    qint64 events = 0;
    qint64 micros = 0;
    for (const auto& [count, elapsed] : m_samples) {
        events += count;
        micros += elapsed;
    }
    return micros > 0 ? double(events) * 1e6 / double(micros) : 0.0;
}

bool ThroughputMeter::due(bool force) const
{
    return m_fresh && (force || m_sinceTakenMicros >= RecordEveryMicros);
}

double ThroughputMeter::take()
{
    m_fresh = false;
    m_sinceTakenMicros = 0;
    return eventsPerSecond();
}

} // namespace flashback

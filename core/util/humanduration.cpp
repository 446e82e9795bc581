// SPDX-License-Identifier: GPL-3.0-or-later
#include "humanduration.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flashback {

QString humanDuration(std::chrono::microseconds duration)
{
    const qint64 micros = std::max<qint64>(0, duration.count());
    if (micros < 1000000)
        return u"%1 ms"_s.arg(micros / 1000);
    const qint64 seconds = micros / 1000000;
    if (seconds < 60)
        return u"%1 s"_s.arg(seconds);
    const qint64 minutes = seconds / 60;
    if (minutes < 60)
        return u"%1 min"_s.arg(minutes);
    const qint64 hours = minutes / 60;
    if (hours < 24)
        return minutes % 60 ? u"%1 h %2 min"_s.arg(hours).arg(minutes % 60) : u"%1 h"_s.arg(hours);
    const qint64 days = hours / 24;
    return hours % 24 ? u"%1 d %2 h"_s.arg(days).arg(hours % 24) : u"%1 d"_s.arg(days);
}

} // namespace flashback

// SPDX-License-Identifier: GPL-3.0-or-later
#include "outboxmessage.h"

#include <array>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {
constexpr std::array<std::pair<OutboxStatus, QLatin1StringView>, 5> Names {{
    {OutboxStatus::Pending, "pending"_L1},
    {OutboxStatus::Processing, "processing"_L1},
    {OutboxStatus::Completed, "completed"_L1},
    {OutboxStatus::Failed, "failed"_L1},
    {OutboxStatus::Discarded, "discarded"_L1},
}};
} // namespace

QString outboxStatusName(OutboxStatus status)
{
    for (const auto& [value, name] : Names) {
        if (value == status)
            return name;
    }
    return {};
}

std::optional<OutboxStatus> outboxStatusFromName(const QString& name)
{
    for (const auto& [value, text] : Names) {
        if (name == text)
            return value;
    }
    return std::nullopt;
}

} // namespace flashback

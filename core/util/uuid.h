// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "timestamp.h"

#include <QString>
#include <QUuid>

#include <optional>
#include <random>

namespace flashback {

/// Parses a UUID in canonical text form (with or without braces, any case). The nil UUID is rejected.
std::optional<QUuid> parseUuid(QStringView text);

/// Canonical text form used everywhere in Flashback: lower case, no braces.
QString uuidText(const QUuid& uuid);

/// Source of new identifiers. Event ids are UUIDv7 (time-ordered, so the store's unique index grows at its
/// end instead of at random places); aggregate ids are UUIDv4. A seeded generator makes demo data repeatable.
class IdGenerator {
public:
    /// Random bits from the operating system.
    IdGenerator();
    /// Repeatable bits for a given seed.
    explicit IdGenerator(quint64 seed);

    QUuid newV4();
    QUuid newV7(Timestamp at);

private:
    quint64 nextBits();
    std::optional<std::mt19937_64> m_seeded;
};

} // namespace flashback

// SPDX-License-Identifier: GPL-3.0-or-later
#include "uuid.h"

#include <QRandomGenerator>
#include <QtEndian>

namespace flashback {

std::optional<QUuid> parseUuid(QStringView text)
{
    const auto trimmed = text.trimmed();
    if (trimmed.size() != 36 && trimmed.size() != 38)
        return std::nullopt;
    const QUuid uuid = QUuid::fromString(trimmed);
    if (uuid.isNull())
        return std::nullopt;
    return uuid;
}

QString uuidText(const QUuid& uuid)
{
    return uuid.toString(QUuid::WithoutBraces);
}

IdGenerator::IdGenerator() = default;

IdGenerator::IdGenerator(quint64 seed)
    : m_seeded(std::in_place, seed)
{ }

quint64 IdGenerator::nextBits()
{
    if (m_seeded)
        return (*m_seeded)();
    return QRandomGenerator::system()->generate64();
}

QUuid IdGenerator::newV4()
{
    std::array<uchar, 16> bytes {};
    qToBigEndian(nextBits(), bytes.data());
    qToBigEndian(nextBits(), bytes.data() + 8);
    bytes[6] = static_cast<uchar>((bytes[6] & 0x0F) | 0x40);
    bytes[8] = static_cast<uchar>((bytes[8] & 0x3F) | 0x80);
    return QUuid::fromRfc4122(QByteArrayView(reinterpret_cast<const char*>(bytes.data()), 16));
}

QUuid IdGenerator::newV7(Timestamp at)
{
    // RFC 9562: 48-bit Unix milliseconds, version 7, 74 random bits.
    std::array<uchar, 16> bytes {};
    const quint64 millis = static_cast<quint64>(at.micros() / 1000) & 0xFFFFFFFFFFFFull;
    qToBigEndian(millis << 16, bytes.data());
    qToBigEndian(nextBits(), bytes.data() + 8);
    const quint64 randA = nextBits();
    bytes[6] = static_cast<uchar>(0x70 | ((randA >> 8) & 0x0F));
    bytes[7] = static_cast<uchar>(randA & 0xFF);
    bytes[8] = static_cast<uchar>((bytes[8] & 0x3F) | 0x80);
    return QUuid::fromRfc4122(QByteArrayView(reinterpret_cast<const char*>(bytes.data()), 16));
}

} // namespace flashback

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QString>

#include <functional>

namespace flashback {

/// Lifts stored payloads from old schema versions to the current one, one version at a time.
/// An upcaster for (type, v) turns a version-v payload into a version-(v+1) payload. Event types with no
/// registered upcaster pass through unchanged, so stores of unknown domains can still be read.
class UpcasterChain {
public:
    using Upcast = std::function<QJsonObject(const QJsonObject&)>;

    void add(const QString& eventType, int fromVersion, Upcast upcast);

    /// The version payloads of this type are lifted to (1 when nothing is registered).
    int currentVersion(const QString& eventType) const;

    /// Upcasts `data` in place; returns the resulting version. Versions newer than known are left alone.
    int upcast(const QString& eventType, int version, QJsonObject& data) const;

private:
    struct Key {
        QString type;
        int fromVersion;
        bool operator==(const Key&) const = default;
    };
    friend size_t qHash(const Key& key, size_t seed) { return qHashMulti(seed, key.type, key.fromVersion); }

    QHash<Key, Upcast> m_upcasts;
    QHash<QString, int> m_currentVersions;
};

} // namespace flashback

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QRegularExpression>
#include <QString>

namespace flashback {

/// Replaces personal data with stable placeholders for exported tests: the same value always becomes the same
/// placeholder (numbered in the order first seen), so a test that relies on two events naming the same email
/// still does. Recognised by key (email, username, first/last/display name, IP address fields) and, anywhere in a
/// text (an actor, a reason), by shape (email addresses, IPv4 and IPv6 addresses) and by the values already
/// replaced. Placeholders keep the shape the rules check: person1@example.com, user1, 192.0.2.1, 2001:db8::1.
class Pseudonymizer {
public:
    QJsonObject object(const QJsonObject& object);
    QJsonValue value(const QString& key, const QJsonValue& value);
    /// Free text: emails, IPs and the names and usernames seen so far, replaced where they occur.
    QString text(const QString& text);

    /// How many distinct values were replaced.
    int replacedValues() const { return int(m_placeholders.size()); }

private:
    enum class Kind { Email, Username, FirstName, LastName, Name, Ipv4, Ipv6 };
    QString placeholder(Kind kind, const QString& original);

    QHash<QString, QString> m_placeholders; ///< Original → placeholder.
    QHash<int, int> m_counts; ///< Per kind.
    QHash<QString, QRegularExpression> m_wordPatterns; ///< Original → its whole-word pattern, made once.
};

} // namespace flashback

// SPDX-License-Identifier: GPL-3.0-or-later
#include "pseudonymizer.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

const QRegularExpression& emailPattern()
{
    static const QRegularExpression pattern(u"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+"_s);
    return pattern;
}

const QRegularExpression& ipv4Pattern()
{
    static const QRegularExpression pattern(u"\\b(?:\\d{1,3}\\.){3}\\d{1,3}\\b"_s);
    return pattern;
}

const QRegularExpression& ipv6Pattern()
{
    // Enough for the forms logs hold: all eight groups, or compressed with "::" (never a time such as 15:47:00).
    static const QString group = u"[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,5}"_s;
    static const QRegularExpression pattern(u"\\b(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}\\b|(?<![\\w:])(?:"_s + group
        + u"::(?:"_s + group + u")?|::"_s + group + u")(?![\\w:])"_s);
    return pattern;
}

bool whole(const QRegularExpression& pattern, const QString& text)
{
    const auto match = pattern.match(text);
    return match.hasMatch() && match.capturedStart() == 0 && match.capturedLength() == text.size();
}

QString letters(int number)
{
    // 1 → A, 26 → Z, 27 → AA: names without digits, as a name field would hold.
    QString text;
    for (int n = number; n > 0; n = (n - 1) / 26)
        text.prepend(QChar(u'A' + (n - 1) % 26));
    return text;
}

} // namespace

QString Pseudonymizer::placeholder(Kind kind, const QString& original)
{
    if (const auto found = m_placeholders.constFind(original); found != m_placeholders.constEnd())
        return *found;
    const int n = ++m_counts[int(kind)];
    QString replacement;
    switch (kind) {
    case Kind::Email:
        replacement = u"person%1@example.com"_s.arg(n);
        break;
    case Kind::Username:
        replacement = u"user%1"_s.arg(n);
        break;
    case Kind::FirstName:
        replacement = u"Given"_s + letters(n);
        break;
    case Kind::LastName:
        replacement = u"Family"_s + letters(n);
        break;
    case Kind::Name:
        replacement = u"Person"_s + letters(n);
        break;
    case Kind::Ipv4: // the documentation ranges of RFC 5737
        replacement = u"%1.%2"_s.arg(n <= 254      ? u"192.0.2"_s
                                        : n <= 508 ? u"198.51.100"_s
                                                   : u"203.0.113"_s)
                          .arg((n - 1) % 254 + 1);
        break;
    case Kind::Ipv6: // the documentation prefix of RFC 3849
        replacement = u"2001:db8::%1"_s.arg(n, 0, 16);
        break;
    }
    m_placeholders.insert(original, replacement);
    return replacement;
}

QJsonObject Pseudonymizer::object(const QJsonObject& object)
{
    QJsonObject result;
    for (auto it = object.begin(); it != object.end(); ++it)
        result.insert(it.key(), value(it.key(), it.value()));
    return result;
}

QJsonValue Pseudonymizer::value(const QString& key, const QJsonValue& value)
{
    if (value.isObject())
        return object(value.toObject());
    if (value.isArray()) {
        QJsonArray array;
        for (const QJsonValue& item : value.toArray())
            array.append(this->value(key, item));
        return array;
    }
    if (!value.isString() || value.toString().isEmpty())
        return value;
    const QString text = value.toString();
    const QString name = key.toLower();
    std::optional<Kind> kind;
    if (name.contains(u"email"_s) || whole(emailPattern(), text))
        kind = Kind::Email;
    else if (name == u"username"_s || name == u"user_name"_s || name == u"login"_s)
        kind = Kind::Username;
    else if (name == u"first_name"_s || name == u"given_name"_s)
        kind = Kind::FirstName;
    else if (name == u"last_name"_s || name == u"family_name"_s || name == u"surname"_s)
        kind = Kind::LastName;
    else if (name == u"name"_s || name == u"full_name"_s || name == u"display_name"_s)
        kind = Kind::Name;
    else if (whole(ipv4Pattern(), text))
        kind = Kind::Ipv4;
    else if (whole(ipv6Pattern(), text))
        kind = Kind::Ipv6;
    return kind ? QJsonValue(placeholder(*kind, text)) : QJsonValue(this->text(text));
}

QString Pseudonymizer::text(const QString& text)
{
    if (text.isEmpty())
        return text;
    QString result = text;
    const auto replaceAll = [&](const QRegularExpression& pattern, Kind kind) {
        QString replaced;
        qsizetype last = 0;
        auto matches = pattern.globalMatch(result);
        while (matches.hasNext()) {
            const auto match = matches.next();
            replaced += result.mid(last, match.capturedStart() - last) + placeholder(kind, match.captured());
            last = match.capturedEnd();
        }
        result = replaced + result.mid(last);
    };
    replaceAll(emailPattern(), Kind::Email);
    replaceAll(ipv4Pattern(), Kind::Ipv4);
    replaceAll(ipv6Pattern(), Kind::Ipv6);
    // Names and usernames seen in fields, where free text mentions them; longest first, whole words only.
    QStringList known;
    for (auto it = m_placeholders.cbegin(); it != m_placeholders.cend(); ++it) {
        if (it.key().size() >= 3 && !it.key().contains(u'@'))
            known.append(it.key());
    }
    std::sort(known.begin(), known.end(), [](const QString& a, const QString& b) { return a.size() > b.size(); });
    for (const QString& original : std::as_const(known)) {
        if (!result.contains(original))
            continue;
        auto pattern = m_wordPatterns.constFind(original);
        if (pattern == m_wordPatterns.constEnd()) {
            pattern = m_wordPatterns.insert(original,
                QRegularExpression(u"(?<![\\w.@-])"_s + QRegularExpression::escape(original) + u"(?![\\w@-])"_s));
        }
        result.replace(*pattern, m_placeholders.value(original));
    }
    return result;
}

} // namespace flashback

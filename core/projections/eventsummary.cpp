// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventsummary.h"
#include "domain/user/userevents.h"
#include "events/decodedevent.h"
#include "util/jsonmasking.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

// Known summaries are sentences of a few payload values; a guard keeps a hostile user agent to one short line.
constexpr qsizetype KnownEventSummaryLength = 200;

QString text(const QJsonObject& data, QLatin1StringView key)
{
    const QJsonValue value = data.value(key);
    if (value.isString())
        return value.toString().simplified();
    if (value.isDouble())
        return QString::number(value.toDouble());
    return {};
}

QString truncated(QString summary, qsizetype length)
{
    summary = summary.simplified(); // one line, whatever the payload held
    if (summary.size() <= length)
        return summary;
    return summary.left(length - 1) + QChar(0x2026); // …
}

QJsonValue withoutMasked(const QJsonValue& value, const QStringList& maskedKeys)
{
    if (value.isObject())
        return withoutMaskedKeys(value.toObject(), maskedKeys);
    if (value.isArray()) {
        QJsonArray array;
        const QJsonArray source = value.toArray();
        for (const QJsonValue& item : source)
            array.append(withoutMasked(item, maskedKeys));
        return array;
    }
    return value;
}

// The payload's reason, else the command's (metadata) reason.
QString reasonOf(const DecodedEvent& event)
{
    const QString reason = text(event.data, "reason"_L1);
    return reason.isEmpty() ? event.metadata().reason.simplified() : reason;
}

QString withReason(const QString& verb, const QString& reason)
{
    return reason.isEmpty() ? verb : verb + u": "_s + reason;
}

QString fullName(const QString& first, const QString& last)
{
    if (first.isEmpty())
        return last;
    if (last.isEmpty())
        return first;
    return first + u' ' + last;
}

// The reference system's combined update: null (or missing) fields were left unchanged.
QString legacyUpdateSummary(const QJsonObject& data)
{
    const QString first = text(data, "first_name"_L1);
    const QString last = text(data, "last_name"_L1);
    const QString email = text(data, "email"_L1);
    QStringList parts;
    if (!first.isEmpty() && !last.isEmpty())
        parts.append(u"name to "_s + fullName(first, last));
    else if (!first.isEmpty())
        parts.append(u"first name to "_s + first);
    else if (!last.isEmpty())
        parts.append(u"last name to "_s + last);
    if (!email.isEmpty())
        parts.append(u"email to "_s + email);
    if (parts.isEmpty())
        return u"updated (nothing changed)"_s;
    return u"updated "_s + parts.join(u", "_s);
}

QString knownSummary(const DecodedEvent& event)
{
    const QJsonObject& data = event.data;
    const QString& type = event.type;
    if (type == UserEvents::UserLoggedIn) {
        const QString ip = text(data, "ip"_L1);
        const QString agent = text(data, "user_agent"_L1);
        QString summary = u"logged in"_s;
        if (!ip.isEmpty())
            summary += u" from "_s + ip;
        if (!agent.isEmpty())
            summary += u" ("_s + agent + u')';
        return summary;
    }
    if (type == UserEvents::UserCreated) {
        QString summary = u"created "_s + text(data, "username"_L1);
        if (const QString email = text(data, "email"_L1); !email.isEmpty())
            summary += u" <"_s + email + u'>';
        const QString role = text(data, "role"_L1);
        return summary + u" as "_s + (role.isEmpty() ? u"user"_s : role);
    }
    if (type == UserEvents::UserDeleted)
        return withReason(u"deleted"_s, reasonOf(event));
    if (type == UserEvents::UserSuspended)
        return withReason(u"suspended"_s, reasonOf(event));
    if (type == UserEvents::UserReactivated)
        return withReason(u"reactivated"_s, reasonOf(event));
    if (type == UserEvents::UserEmailChanged) {
        const QString previous = text(data, "previous_email"_L1);
        const QString email = text(data, "email"_L1);
        if (previous.isEmpty())
            return u"email changed to "_s + email;
        return u"email changed from "_s + previous + u" to "_s + email;
    }
    if (type == UserEvents::UserNameChanged)
        return u"name changed to "_s + fullName(text(data, "first_name"_L1), text(data, "last_name"_L1));
    if (type == UserEvents::UserUpdated)
        return legacyUpdateSummary(data);
    if (type == UserEvents::PasswordChanged)
        return u"password changed"_s;
    return {};
}

} // namespace

QJsonObject withoutMaskedKeys(const QJsonObject& data, const QStringList& maskedKeys)
{
    QJsonObject result;
    for (auto it = data.begin(); it != data.end(); ++it) {
        if (maskedKeys.contains(it.key()))
            continue;
        result.insert(it.key(), withoutMasked(it.value(), maskedKeys));
    }
    return result;
}

QString eventSummary(const DecodedEvent& event, const QStringList& maskedKeys)
{
    // A sentence names payload values: the masked ones (an email the viewer hides) go in as the placeholder.
    if (!maskedKeys.isEmpty() && containsMaskedKey(event.data, maskedKeys)) {
        DecodedEvent shown = event;
        shown.data = maskedJson(event.data, maskedKeys);
        if (QString known = knownSummary(shown); !known.isEmpty())
            return truncated(std::move(known), KnownEventSummaryLength);
    } else if (QString known = knownSummary(event); !known.isEmpty()) {
        return truncated(std::move(known), KnownEventSummaryLength);
    }
    const QJsonObject visible = withoutMaskedKeys(event.data, maskedKeys);
    if (visible.isEmpty())
        return truncated(event.type, UnknownEventSummaryLength);
    const QString payload = QString::fromUtf8(QJsonDocument(visible).toJson(QJsonDocument::Compact));
    return truncated(event.type + u' ' + payload, UnknownEventSummaryLength);
}

} // namespace flashback

// SPDX-License-Identifier: GPL-3.0-or-later
// The text form of a stream's events (parseEventScript / eventScriptText): what the fixtures write, what exported
// tests hold. Everything a stored event carries that a fold can see reads back unchanged; bad text is refused
// with the item named, never a crash.
#include "events/eventscript.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;

namespace {

NewEvent scripted(const QString& type, const QString& at, const QJsonObject& data, const QString& actor = {},
    const QString& reason = {}, int version = 1)
{
    NewEvent made;
    made.type = type;
    made.occurredAt = *Timestamp::parse(at);
    made.data = NewEvent::encode(data);
    made.metadata.actor = actor;
    made.metadata.reason = reason;
    made.schemaVersion = version;
    return made;
}

} // namespace

class EventScriptTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void theFixtureFormReads()
    {
        IdGenerator ids;
        auto events = parseEventScript(u"USER_CREATED@2025-03-17T10:00 actor=alice {\"username\":\"sarah\"}; "
                                       u"USER_LOGGED_IN; USER_DELETED@15:47 actor=admin reason=User_asked version=2"_s,
            ids);
        QVERIFY(events.ok());
        QCOMPARE(events->size(), 3);
        QCOMPARE(events->at(0).type, u"USER_CREATED"_s);
        QCOMPARE(events->at(0).occurredAt.toIso(), u"2025-03-17T10:00:00.000000Z"_s);
        QCOMPARE(events->at(0).metadata.actor, u"alice"_s);
        QCOMPARE(QJsonDocument::fromJson(events->at(0).data).object().value(u"username"_s).toString(), u"sarah"_s);
        QCOMPARE(events->at(1).occurredAt.toIso(), u"2025-03-17T10:00:01.000000Z"_s); // a second after
        QCOMPARE(events->at(1).data, QByteArray("{}"));
        QCOMPARE(events->at(2).occurredAt.toIso(), u"2025-03-17T15:47:00.000000Z"_s); // that day
        QCOMPARE(events->at(2).metadata.reason, u"User asked"_s); // underscores stand for spaces
        QCOMPARE(events->at(2).schemaVersion, 2);
        QVERIFY(!events->at(0).eventId.isNull());
        QVERIFY(events->at(0).eventId != events->at(1).eventId);
    }

    void whatItWritesReadsBack_data()
    {
        QTest::addColumn<NewEvent>("original");
        QTest::newRow("plain") << scripted(
            u"USER_LOGGED_IN"_s, u"2025-03-17T10:00:00Z"_s, {{u"ip"_s, u"10.0.0.1"_s}}, u"sarah"_s);
        QTest::newRow("microseconds") << scripted(u"A"_s, u"2024-02-29T23:59:59.123456Z"_s, {});
        QTest::newRow("reason with spaces, underscores and quotes")
            << scripted(u"USER_SUSPENDED"_s, u"2025-03-17T12:00:00Z"_s, {{u"reason"_s, u"fraud_detected"_s}},
                   u"fraud-bot"_s, u"said \"stop\"; fraud_detected {really}"_s);
        QTest::newRow("separators inside the payload") << scripted(u"NOTE"_s, u"2025-03-17T12:00:00Z"_s,
            {{u"text"_s, u"a; b} {c \" d"_s}, {u"nested"_s, QJsonObject {{u"x"_s, 1}}}});
        QTest::newRow("unicode and newlines") << scripted(u"USER_NAME_CHANGED"_s, u"2025-03-17T12:00:00Z"_s,
            {{u"last_name"_s, u"Müller-Lüdenscheidt"_s}}, u"zoë@example.com"_s, u"line one\nline two"_s);
        QTest::newRow("spaces in the payload")
            << scripted(u"USER_CREATED"_s, u"2020-01-01T00:00:00Z"_s, {{u"name"_s, u"Sarah Connor"_s}}, {}, {}, 1);
        QTest::newRow("version 3") << scripted(u"X"_s, u"2020-01-01T00:00:00Z"_s, {}, {}, {}, 3);
        QTest::newRow("an actor that looks like a key")
            << scripted(u"X"_s, u"2020-01-01T00:00:00Z"_s, {}, u"reason=x"_s);
    }

    void whatItWritesReadsBack()
    {
        QFETCH(NewEvent, original);
        const NewEvent second = scripted(u"LAST"_s, u"2026-01-01T00:00:00Z"_s, {{u"n"_s, 2}});
        const QString text = eventScriptText({original, second});
        IdGenerator ids;
        auto events = parseEventScript(text, ids);
        QVERIFY2(events.ok(), qPrintable(text));
        QCOMPARE(events->size(), 2);
        const NewEvent& read = events->constFirst();
        QCOMPARE(read.type, original.type);
        QCOMPARE(read.occurredAt, original.occurredAt);
        QCOMPARE(read.metadata.actor, original.metadata.actor);
        QCOMPARE(read.metadata.reason, original.metadata.reason);
        QCOMPARE(read.schemaVersion, original.schemaVersion);
        QCOMPARE(QJsonDocument::fromJson(read.data).object(), QJsonDocument::fromJson(original.data).object());
        QCOMPARE(events->at(1).type, u"LAST"_s);
        QCOMPARE(eventScriptText(*events), text); // and writes the same text again
    }

    void badTextIsRefusedByItsItem_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QString>("named");
        QTest::newRow("payload not JSON") << u"A; B {\"x\": }"_s << u"Event 2"_s;
        QTest::newRow("payload an array") << u"A [1]"_s << u"Event 1"_s;
        QTest::newRow("unknown word") << u"A colour=red"_s << u"Event 1"_s;
        QTest::newRow("no value") << u"A actor"_s << u"Event 1"_s;
        QTest::newRow("unterminated quote") << u"A reason=\"never closed"_s << u"Event 1"_s;
        QTest::newRow("bad time") << u"A@25:99"_s << u"Event 1"_s;
        QTest::newRow("bad date") << u"A@2025-13-40T10:00"_s << u"Event 1"_s;
        QTest::newRow("no type") << u"@10:00"_s << u"Event 1"_s;
        QTest::newRow("version zero") << u"A version=0"_s << u"Event 1"_s;
        QTest::newRow("injection") << u"A reason=x'); DROP TABLE events; --"_s << u"Event 2"_s;
    }

    void badTextIsRefusedByItsItem()
    {
        QFETCH(QString, script);
        QFETCH(QString, named);
        IdGenerator ids;
        auto events = parseEventScript(script, ids);
        QVERIFY(!events.ok());
        QCOMPARE(events.error().kind, ErrorKind::InvalidArgument);
        QVERIFY2(events.error().message.startsWith(named), qPrintable(events.error().message));
    }

    void emptyTextIsNoEvents()
    {
        IdGenerator ids;
        for (const QString& script : {QString(), u"  ;  ; \n"_s}) {
            auto events = parseEventScript(script, ids);
            QVERIFY(events.ok());
            QVERIFY(events->isEmpty());
        }
    }
};

QTEST_APPLESS_MAIN(EventScriptTest)
#include "tst_eventscript.moc"

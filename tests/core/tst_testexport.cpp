// SPDX-License-Identifier: GPL-3.0-or-later
// Incident → test on every backend: exportTest() turns the demo's Sarah Connor story into given/when/then tests
// whose given is the stream as stored (masked), whose when is the command rebuilt from the event (or the event,
// or a command asked), and whose then is what the rules decide; anonymized on request; bad requests refused.
// tst_exportedincident compiles such an exported file and runs it.
#include "demo/demogenerator.h"
#include "domain/domaincatalog.h"
#include "events/eventscript.h"
#include "eventscript.h"
#include "report/testexport.h"
#include "resultcheck.h"
#include "storefixture.h"
#include "timetravel/timetravel.h"
#include "util/jsonmasking.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::test;

class TestExportTest : public QObject {
    Q_OBJECT

    StoreFixture m_fixture;
    std::unique_ptr<EventStore> m_store;
    DemoSummary m_demo;
    qint64 m_head = 0;

    const DomainCatalog& catalog() const { return DomainCatalog::builtin(); }

    QJsonObject maskedStateAt(qint64 revision)
    {
        TimeTravel travel(*m_store, catalog());
        auto state = travel.stateAtRevision(m_demo.deletedUserId, revision);
        return state ? maskedJson(state->state, catalog().maskedFields()) : QJsonObject();
    }

    Result<ExportedTest> exportSarah(
        qint64 revision, std::optional<Command> command = std::nullopt, bool anonymize = false)
    {
        TestExportRequest request;
        request.streamId = m_demo.deletedUserId;
        request.revision = revision;
        request.command = command;
        request.anonymize = anonymize;
        request.storeAddress = u"postgresql://support:s3cr3t-pw@db.example.com/flashback"_s;
        return exportTest(*m_store, catalog(), request);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_store = m_fixture.createStore();
        DemoOptions options;
        options.users = 5;
        options.longStreamLogins = 20;
        options.runProjections = false;
        auto demo = generateDemo(*m_store, catalog(), options);
        QVERIFY2(demo.ok(), why(demo).constData());
        m_demo = *demo;
        m_head = (*m_store->stream(m_demo.deletedUserId))->revision;
        QCOMPARE(m_head, 52); // created, 48 logins, a name change, an email change, the deletion
    }

    void herDeletionBecomesTheDeleteUserCommand()
    {
        auto test = exportSarah(0);
        QVERIFY2(test.ok(), why(test).constData());
        QCOMPARE(test->when, ExportedTest::When::RebuiltCommand);
        QCOMPARE(test->whenName, u"DeleteUser"_s);
        QCOMPARE(test->revision, m_head);
        QCOMPARE(test->givenEvents, m_head - 1);
        QCOMPARE(test->thenEvents, QStringList({u"USER_DELETED"_s}));
        QVERIFY(test->thenError.isEmpty());
        QVERIFY(test->whenCommand);
        QCOMPARE(test->whenCommand->fields.value(u"reason"_s).toString(), u"User requested account deletion"_s);
        QCOMPARE(test->whenCommand->metadata.actor, u"admin@company.com"_s);
        QCOMPARE(test->testFunction, u"deleteUserAtRevision52"_s);

        // The given is the stream as stored, masked.
        IdGenerator ids;
        auto given = parseEventScript(test->givenScript, ids);
        QVERIFY2(given.ok(), why(given).constData());
        StreamReadOptions read;
        read.toRevision = m_head - 1;
        auto stored = m_store->readStream(m_demo.deletedUserId, read);
        QVERIFY(stored.ok());
        QCOMPARE(given->size(), stored->size());
        for (qsizetype i = 0; i < given->size(); ++i) {
            const NewEvent& event = given->at(i);
            const RecordedEvent& original = stored->at(i);
            QCOMPARE(event.type, original.type);
            QCOMPARE(event.occurredAt, original.occurredAt);
            QCOMPARE(event.schemaVersion, original.schemaVersion);
            QCOMPARE(event.metadata.actor, original.metadataObject().actor);
            QCOMPARE(event.metadata.reason, original.metadataObject().reason);
            QCOMPARE(QJsonDocument::fromJson(event.data).object(),
                maskedJson(original.dataObject(), catalog().maskedFields()));
        }
        // The then is the replayed state, masked; the source holds all of it, and nothing secret.
        QCOMPARE(test->expectedState, maskedStateAt(m_head));
        QCOMPARE(test->expectedState.value(u"status"_s).toString(), u"deleted"_s);
        const QString& source = test->source;
        QVERIFY(source.contains(test->givenScript));
        QVERIFY(source.contains(u"class IncidentTest : public QObject"_s));
        QVERIFY(source.contains(u"void deleteUserAtRevision52()"_s));
        QVERIFY(source.contains(u"command.name = u\"DeleteUser\"_s;"_s));
        QVERIFY(source.contains(u"QCOMPARE(outcome.eventTypes(), QStringList({u\"USER_DELETED\"_s}));"_s));
        QVERIFY(source.contains(u"#include \"incidenttest.moc\""_s));
        QVERIFY(source.contains(u"db.example.com"_s));
        QVERIFY2(!source.contains(u"s3cr3t-pw"_s), "the store's password stays out");
        QVERIFY2(!source.contains(u"pbkdf2_sha256$"_s), "the password hash is masked");
    }

    void herEmailChangeBecomesChangeEmail()
    {
        // Her email change, among her logins.
        auto events = m_store->readStream(m_demo.deletedUserId, {});
        QVERIFY(events.ok());
        qint64 revision = 0;
        for (const RecordedEvent& event : std::as_const(*events)) {
            if (event.type == u"USER_EMAIL_CHANGED"_s)
                revision = event.revision;
        }
        QVERIFY(revision > 1);
        auto test = exportSarah(revision);
        QVERIFY2(test.ok(), why(test).constData());
        QCOMPARE(test->when, ExportedTest::When::RebuiltCommand);
        QCOMPARE(test->whenName, u"ChangeEmail"_s);
        QCOMPARE(test->whenCommand->fields.value(u"email"_s).toString(), u"sarah.reese@example.com"_s);
        QCOMPARE(test->expectedState, maskedStateAt(revision));
        QCOMPARE(test->expectedState.value(u"email"_s).toString(), u"sarah.reese@example.com"_s);

        // A login just before it is a RecordLogin.
        auto login = exportSarah(revision - 1);
        QVERIFY2(login.ok(), why(login).constData());
        QCOMPARE(login->whenName, u"RecordLogin"_s);
        QCOMPARE(login->expectedState, maskedStateAt(revision - 1));
    }

    void theFirstEventIsTheWhenWhenNoCommandRebuildsIt()
    {
        // CreateUser needs her password, which no event holds.
        auto test = exportSarah(1);
        QVERIFY2(test.ok(), why(test).constData());
        QCOMPARE(test->when, ExportedTest::When::RecordedEvent);
        QCOMPARE(test->whenName, u"USER_CREATED"_s);
        QCOMPARE(test->givenEvents, 0);
        QVERIFY(!test->whenCommand);
        QVERIFY(test->whenEventScript.startsWith(u"USER_CREATED@"_s));
        QVERIFY(!test->note.isEmpty());
        QCOMPARE(test->expectedState, maskedStateAt(1));
        QVERIFY(test->source.contains(u"scenario.whenEvents("_s));
        QVERIFY(!test->source.contains(u"pbkdf2_sha256$"_s));
    }

    void aCommandAskedAfterHerDeletionEndsInItsDomainError()
    {
        Command command;
        command.name = u"ChangeEmail"_s;
        command.fields = {{u"email"_s, u"sarah.new@example.com"_s}};
        command.metadata.actor = u"support@company.com"_s;
        auto test = exportSarah(0, command);
        QVERIFY2(test.ok(), why(test).constData());
        QCOMPARE(test->when, ExportedTest::When::GivenCommand);
        QCOMPARE(test->givenEvents, m_head);
        QCOMPARE(test->thenError, u"UserDeleted"_s);
        QVERIFY(test->thenEvents.isEmpty());
        QCOMPARE(test->expectedState, maskedStateAt(m_head));
        QCOMPARE(test->testFunction, u"changeEmailAfterRevision52"_s);
        QVERIFY(test->source.contains(u"QCOMPARE(outcome.errorCode(), u\"UserDeleted\"_s);"_s));
    }

    void aCommandAskedBeforeHerDeletionRecordsItsEvents()
    {
        Command command;
        command.name = u"SuspendUser"_s;
        command.fields = {{u"reason"_s, u"Chargeback on the last invoice"_s}};
        auto test = exportSarah(m_head - 1, command);
        QVERIFY2(test.ok(), why(test).constData());
        QCOMPARE(test->thenEvents, QStringList({u"USER_SUSPENDED"_s}));
        QCOMPARE(test->expectedState.value(u"status"_s).toString(), u"suspended"_s);
        // One reason serves the payload and the metadata: the state's comes from the event.
        QCOMPARE(test->expectedState.value(u"suspension_reason"_s).toString(), u"Chargeback on the last invoice"_s);
    }

    void anonymizedItKeepsNoPersonalDataAndStillRebuildsTheCommand()
    {
        auto test = exportSarah(0, std::nullopt, true);
        QVERIFY2(test.ok(), why(test).constData());
        QCOMPARE(test->when, ExportedTest::When::RebuiltCommand);
        QCOMPARE(test->whenName, u"DeleteUser"_s);
        QVERIFY(test->anonymizedValues > 0);
        const QString& source = test->source;
        for (const QString& personal :
            {u"sarah"_s, u"Sarah"_s, u"Connor"_s, u"Reese"_s, u"admin@company.com"_s, u"10.20.30.40"_s})
            QVERIFY2(!source.contains(personal), qPrintable(personal));
        QVERIFY(source.contains(u"person1@example.com"_s));
        QVERIFY(test->whenCommand->metadata.actor.endsWith(u"@example.com"_s));
        QCOMPARE(test->expectedState.value(u"status"_s).toString(), u"deleted"_s);
        QCOMPARE(test->expectedState.value(u"deleted_by"_s).toString(), test->whenCommand->metadata.actor);
        // The same story in the same store gives the same placeholders.
        auto again = exportSarah(0, std::nullopt, true);
        QVERIFY(again.ok());
        QCOMPARE(again->givenScript, test->givenScript);
    }

    void badRequestsSayWhy()
    {
        TestExportRequest request;
        request.streamId = u"no-such-stream"_s;
        auto missing = exportTest(*m_store, catalog(), request);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, ErrorKind::NotFound);

        auto past = exportSarah(m_head + 1);
        QVERIFY(!past.ok());
        QCOMPARE(past.error().code, u"RevisionNotFound"_s);

        request.streamId = m_demo.deletedUserId;
        request.className = u"1 not a class"_s;
        auto badName = exportTest(*m_store, catalog(), request);
        QVERIFY(!badName.ok());
        QCOMPARE(badName.error().kind, ErrorKind::InvalidArgument);

        Command unknownField;
        unknownField.name = u"ChangeEmail"_s;
        unknownField.fields = {{u"colour"_s, u"red"_s}};
        auto badCommand = exportSarah(0, unknownField);
        QVERIFY(!badCommand.ok());
        QCOMPARE(badCommand.error().kind, ErrorKind::InvalidArgument);

        QVERIFY(m_store->append(
            u"order-1"_s, u"Order"_s, ExpectedRevision::noStream(), eventScript(u"ORDER_PLACED {\"total\": 12}"_s)));
        request.className = u"OrderTest"_s;
        request.streamId = u"order-1"_s;
        auto unknownType = exportTest(*m_store, catalog(), request);
        QVERIFY(!unknownType.ok());
        QCOMPARE(unknownType.error().kind, ErrorKind::InvalidArgument);
        QVERIFY2(unknownType.error().message.contains(u"Order"_s), qPrintable(unknownType.error().message));
    }
};

QTEST_GUILESS_MAIN(TestExportTest)
#include "tst_testexport.moc"

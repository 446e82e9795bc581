// SPDX-License-Identifier: GPL-3.0-or-later
// Search across the whole store, on every backend: the search_index projection and EventSearch give exactly what
// a brute-force scan with the same rules gives (SearchDocument + TextQuery::matches + the filters), for words,
// emails and their parts, prefixes, phrases, filters, both orders and every page; events newer than the index's
// checkpoint are found by scanning them; masked values are never found or stored; a rebuild gives equal rows.
// On PostgreSQL the tsvector index, and a table indexed by pg_trgm as earlier builds did.
#include "demo/demogenerator.h"
#include "domain/domaincatalog.h"
#include "events/decodedevent.h"
#include "eventscript.h"
#include "projections/projectionrunner.h"
#include "projectiontestkit.h"
#include "resultcheck.h"
#include "search/eventsearch.h"
#include "search/searchdocument.h"
#include "search/searchindexprojection.h"
#include "search/whodeleted.h"
#include "store/storeopener.h"
#include "storefixture.h"
#include "timetravel/timetravel.h"
#include "util/jsonmasking.h"

#include <QJsonObject>
#include <QSet>
#include <QTest>

#include <libpq-fe.h>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::test;

namespace {

/// The positions a search must find, newest first (or oldest first), by reading every event.
QList<qint64> bruteForce(EventStore& store, const SearchQuery& query, const QStringList& maskedKeys)
{
    QList<qint64> found;
    ReadAllOptions options;
    options.limit = 1000;
    options.cursor = 0;
    options.filter = query.eventFilter();
    for (;;) {
        auto events = store.readAll(options);
        if (!events || events->isEmpty())
            break;
        for (const RecordedEvent& event : std::as_const(*events)) {
            const DecodedEvent decoded = DecodedEvent::decode(event, DomainCatalog::builtin().upcasters());
            if (query.text.matches(SearchDocument::of(event, decoded, maskedKeys).terms))
                found.append(event.position);
        }
        options.cursor = events->constLast().position;
    }
    if (!query.oldestFirst)
        std::reverse(found.begin(), found.end());
    return found;
}

/// Every hit of `query`, page by page (pages of `pageSize`), with the first page's figures in `first`.
QList<qint64> allPages(EventStore& store, SearchQuery query, qint64 pageSize, SearchPage* first = nullptr)
{
    EventSearch search(store, DomainCatalog::builtin().upcasters(), DomainCatalog::builtin().maskedFields());
    query.limit = pageSize;
    QList<qint64> found;
    for (int page = 0; page < 10000; ++page) {
        auto result = search.search(query);
        if (!result) {
            qWarning() << "search failed:" << result.error().toString();
            return {-1};
        }
        for (const SearchHit& hit : std::as_const(result->hits))
            found.append(hit.position);
        if (first && page == 0)
            *first = *result;
        if (!result->nextCursor)
            break;
        query.cursor = result->nextCursor;
    }
    return found;
}

SearchQuery textQuery(const QString& typed)
{
    SearchQuery query;
    query.text = TextQuery::parse(typed);
    return query;
}

} // namespace

class SearchTest : public QObject {
    Q_OBJECT

    StoreFixture m_fixture;
    std::unique_ptr<EventStore> m_store;
    DemoSummary m_demo;

    QList<SearchQuery> queries() const
    {
        QList<SearchQuery> all;
        for (const QString& typed :
            {u"sarah.connor@example.com"_s, u"sarah.connor"_s, u"example.com"_s, u"connor"_s, u"sarah*"_s,
                u"\"account deletion\""_s, u"admin@company.com"_s, u"deleted"_s, u"user_deleted"_s, u"logged*"_s,
                u"\"requested account\"*"_s, u"nothing-matches-this"_s, u"'; DROP TABLE events; --"_s, QString()}) {
            all.append(textQuery(typed));
        }
        SearchQuery byType = textQuery(u"sarah*"_s);
        byType.types = {u"USER_DELETED"_s, u"USER_SUSPENDED"_s};
        all.append(byType);
        SearchQuery byActor;
        byActor.actor = u"admin@company.com"_s;
        all.append(byActor);
        SearchQuery inStream = textQuery(u"logged*"_s);
        inStream.streamId = m_demo.deletedUserId;
        all.append(inStream);
        SearchQuery inTime = textQuery(u"user*"_s);
        inTime.since = Timestamp::parse(u"2025-03-17T00:00:00Z"_s);
        inTime.until = Timestamp::parse(u"2025-03-17T16:00:00Z"_s);
        all.append(inTime);
        SearchQuery oldest = textQuery(u"com"_s);
        oldest.oldestFirst = true;
        all.append(oldest);
        return all;
    }

    void compareAll(const QString& when)
    {
        const QStringList masked = DomainCatalog::builtin().maskedFields();
        for (const SearchQuery& query : queries()) {
            const QList<qint64> expected = bruteForce(*m_store, query, masked);
            for (const qint64 pageSize : {7, 1000}) {
                const QList<qint64> found = allPages(*m_store, query, pageSize);
                const QString what = u"%1: %2 (types %3, actor %4, oldest first %5), pages of %6"_s.arg(when,
                    query.text.terms().join(u' '), query.types.join(u','), query.actor,
                    query.oldestFirst ? u"yes"_s : u"no"_s, QString::number(pageSize));
                QVERIFY2(found == expected,
                    qPrintable(u"%1: %2 found, %3 expected"_s.arg(what).arg(found.size()).arg(expected.size())));
            }
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_store = m_fixture.createStore();
        DemoOptions options;
        options.users = 30;
        options.longStreamLogins = 300;
        auto demo = generateDemo(*m_store, DomainCatalog::builtin(), options);
        QVERIFY2(demo.ok(), why(demo).constData());
        m_demo = *demo;
    }

    void theIndexAnswersAsABruteForceScanDoes()
    {
        // The demo ran search_index to the head.
        const qint64 head = *m_store->headPosition();
        QCOMPARE(m_store->readModels().checkpoint(SearchIndexProjection::Name)->position, head);
        SearchPage first;
        const QList<qint64> sarah = allPages(*m_store, textQuery(u"sarah.connor@example.com"_s), 50, &first);
        QVERIFY(!sarah.isEmpty());
        QCOMPARE(first.indexedThrough, head);
        QCOMPARE(first.scannedEvents, 0);
        QCOMPARE(first.indexKind, textIndexName(m_store->readModels().textIndex()));
        compareAll(u"indexed"_s);
    }

    void theWhoDeletedStoryEndsAtTheDeletion()
    {
        // The ticket names an email: it leads to her stream (her USER_DELETED carries only the reason), and the
        // deletion in that stream says who and why.
        EventSearch search(*m_store, DomainCatalog::builtin().upcasters(), DomainCatalog::builtin().maskedFields());
        auto byEmail = search.search(textQuery(u"sarah.connor@example.com"_s));
        QVERIFY2(byEmail.ok(), why(byEmail).constData());
        QSet<QString> streams;
        for (const SearchHit& hit : std::as_const(byEmail->hits))
            streams.insert(hit.streamId);
        QVERIFY(streams.contains(m_demo.deletedUserId));
        SearchQuery deletion;
        deletion.streamId = m_demo.deletedUserId;
        deletion.types = {u"USER_DELETED"_s};
        auto page = search.search(deletion);
        QVERIFY2(page.ok(), why(page).constData());
        QCOMPARE(page->hits.size(), 1);
        const SearchHit& hit = page->hits.constFirst();
        QCOMPARE(hit.eventType, u"USER_DELETED"_s);
        QCOMPARE(hit.actor, u"admin@company.com"_s);
        QVERIFY(hit.fromIndex);
        QVERIFY2(hit.summary.contains(u"deletion"_s), qPrintable(hit.summary));
    }

    void whoDeletedAnswersFromAnEmailOrAUsername()
    {
        for (const QString& asked : {u"sarah.connor@example.com"_s, u"SARAH.CONNOR"_s}) {
            auto answer = whoDeleted(*m_store, DomainCatalog::builtin(), asked);
            QVERIFY2(answer.ok(), why(answer).constData());
            QCOMPARE(answer->outcome, DeletionAnswer::Outcome::Deleted);
            QCOMPARE(answer->streamId, m_demo.deletedUserId);
            QCOMPARE(answer->deletion.eventType, u"USER_DELETED"_s);
            QCOMPARE(answer->deletion.actor, u"admin@company.com"_s);
            QVERIFY2(answer->deletion.summary.contains(u"User requested account deletion"_s),
                qPrintable(answer->deletion.summary));
            QCOMPARE(answer->state.value(u"status"_s).toString(), u"deleted"_s); // her state as it is now
            if (answer->state.contains(u"password_hash"_s))
                QCOMPARE(answer->state.value(u"password_hash"_s).toString(), QString::fromUtf16(MaskPlaceholder));
        }
        // Someone never deleted: the current state instead, its password hash masked.
        TimeTravel travel(*m_store, DomainCatalog::builtin());
        const auto renamed = travel.stateAtRevision(m_demo.renamedUserId, 1);
        QVERIFY(renamed.ok());
        auto alive = whoDeleted(*m_store, DomainCatalog::builtin(), renamed->state.value(u"email"_s).toString());
        QVERIFY2(alive.ok(), why(alive).constData());
        QCOMPARE(alive->outcome, DeletionAnswer::Outcome::NeverDeleted);
        QCOMPARE(alive->streamId, m_demo.renamedUserId);
        QCOMPARE(alive->state.value(u"first_name"_s).toString(), u"Sara"_s);
        QVERIFY(alive->revision > 1);
        if (alive->state.contains(u"password_hash"_s))
            QCOMPARE(alive->state.value(u"password_hash"_s).toString(), QString::fromUtf16(MaskPlaceholder));

        auto nobody = whoDeleted(*m_store, DomainCatalog::builtin(), u"nobody@nowhere.example"_s);
        QVERIFY2(nobody.ok(), why(nobody).constData());
        QCOMPARE(nobody->outcome, DeletionAnswer::Outcome::NoSuchUser);
        QVERIFY(!whoDeleted(*m_store, DomainCatalog::builtin(), u" ;; "_s).ok());
        const std::atomic<bool> cancelled = true;
        auto stopped = whoDeleted(*m_store, DomainCatalog::builtin(), u"sarah.connor@example.com"_s, &cancelled);
        QVERIFY(!stopped.ok());
        QCOMPARE(stopped.error().kind, ErrorKind::Cancelled);
    }

    void eventsAfterTheCheckpointAreScannedNotMissed()
    {
        // New events the projection has not seen: the search scans them, with the same rules.
        QVERIFY(m_store->append(u"late-user"_s, u"User"_s, ExpectedRevision::noStream(),
            eventScript(u"USER_CREATED@2025-04-01T10:00 actor=signup {\"email\":\"late.comer@example.com\"}; "
                        u"USER_DELETED@11:00 actor=admin@company.com reason=Requested_by_sarah.connor@example.com"_s)));
        const qint64 head = *m_store->headPosition();
        SearchPage first;
        const QList<qint64> late = allPages(*m_store, textQuery(u"example.com"_s), 5, &first);
        QCOMPARE(late.constFirst(), head); // newest first: the unindexed deletion leads
        QCOMPARE(first.indexedThrough, head - 2);
        QCOMPARE(first.scannedEvents, 2);
        QVERIFY(!first.hits.constFirst().fromIndex);
        compareAll(u"two events behind"_s);

        QVERIFY2(catchUpSearchIndex(*m_store).ok(), "the projection catches up");
        compareAll(u"caught up again"_s);
    }

    void maskedValuesAreNeverIndexedOrFound()
    {
        QVERIFY(m_store->append(u"masked-user"_s, u"User"_s, ExpectedRevision::noStream(),
            {makeEvent(u"USER_PASSWORD_CHANGED"_s,
                {{u"password_hash"_s, u"pbkdf2_sha256$1000$saltysalt$supersecrethashvalue"_s},
                    {u"profile"_s, QJsonObject {{u"password_hash"_s, u"nestedsecrethash"_s}}}},
                u"masked-user"_s)}));
        const qint64 position = *m_store->headPosition();
        for (const QString& secret : {u"supersecrethashvalue"_s, u"saltysalt*"_s, u"nestedsecrethash"_s}) {
            // Unindexed (scanned), then indexed (looked up): found neither way.
            QCOMPARE(allPages(*m_store, textQuery(secret), 50), QList<qint64> {});
        }
        QVERIFY(catchUpSearchIndex(*m_store).ok());
        for (const QString& secret : {u"supersecrethashvalue"_s, u"saltysalt*"_s, u"nestedsecrethash"_s})
            QCOMPARE(allPages(*m_store, textQuery(secret), 50), QList<qint64> {});
        // The event itself is findable by what is not masked.
        QCOMPARE(allPages(*m_store, textQuery(u"masked-user"_s), 50), QList<qint64> {position});
        auto rows = allRows(*m_store, SearchIndexProjection::readModel(), SearchIndexProjection::Table, u"position"_s);
        QVERIFY2(rows.ok(), why(rows).constData());
        for (const ReadModelRow& row : std::as_const(*rows)) {
            const QString terms = row.value(u"terms"_s).toString();
            QVERIFY2(!terms.contains(u"secret"_s), qPrintable(terms));
        }
    }

    void valuesTheAskerMasksAreNotFound()
    {
        // One event the index has not reached, so that both the look-up and the scan are asked.
        QVERIFY(m_store->append(u"masked-late"_s, u"User"_s, ExpectedRevision::noStream(),
            eventScript(u"USER_CREATED@2025-04-02T10:00 actor=signup {\"email\":\"late.masked@example.com\"}; "
                        u"USER_DELETED@11:00 actor=admin@company.com reason=Requested_by_sarah.connor@example.com"_s)));
        const QStringList masked = DomainCatalog::builtin().maskedFields();
        for (const QStringList& also : {QStringList {u"reason"_s}, QStringList {u"actor"_s, u"email"_s}}) {
            for (const QString& typed : {u"\"account deletion\""_s, u"admin@company.com"_s,
                     u"sarah.connor@example.com"_s, u"example.com"_s, u"late*"_s}) {
                SearchQuery query = textQuery(typed);
                query.alsoMasked = also;
                const QList<qint64> expected = bruteForce(*m_store, query, masked + also);
                for (const qint64 pageSize : {3, 1000}) {
                    QVERIFY2(allPages(*m_store, query, pageSize) == expected,
                        qPrintable(u"%1 with %2 masked, pages of %3"_s.arg(typed, also.join(u',')).arg(pageSize)));
                }
            }
        }
        // What only the reason holds is found, and not once the reason is masked.
        SearchQuery byReason = textQuery(u"\"account deletion\""_s);
        QVERIFY(!allPages(*m_store, byReason, 50).isEmpty());
        byReason.alsoMasked = {u"reason"_s};
        QCOMPARE(allPages(*m_store, byReason, 50), QList<qint64> {});
        QVERIFY(catchUpSearchIndex(*m_store).ok());
    }

    void aRebuildGivesEqualRows()
    {
        auto live = allRows(*m_store, SearchIndexProjection::readModel(), SearchIndexProjection::Table, u"position"_s);
        QVERIFY2(live.ok(), why(live).constData());
        QCOMPARE(live->size(), *m_store->headPosition()); // one row per event, each exactly once
        auto scratch = scratchBuild(*m_store, std::make_shared<SearchIndexProjection>(), u"search_scratch"_s,
            SearchIndexProjection::Table, u"position"_s);
        QVERIFY2(scratch.ok(), why(scratch).constData());
        QCOMPARE(*scratch, *live);

        ProjectionRunner runner(*m_store, {std::make_shared<SearchIndexProjection>()}, {}, DomainCatalog::builtin());
        auto rebuilt = runner.rebuild(SearchIndexProjection::Name);
        QVERIFY2(rebuilt.ok(), why(rebuilt).constData());
        auto after = allRows(*m_store, SearchIndexProjection::readModel(), SearchIndexProjection::Table, u"position"_s);
        QVERIFY2(after.ok(), why(after).constData());
        QCOMPARE(*after, *live);
        compareAll(u"rebuilt"_s);
    }

    void postgresUsesTsvectorAndStillReadsAnEarlierTrigramTable()
    {
        if (m_fixture.backend() != u"postgres"_s)
            QSKIP("PostgreSQL's text indexes");
        // pg_trgm is there on the test server (a superuser may create it), and is still not what search is made of.
        QCOMPARE(m_store->readModels().textIndex(), TextIndexKind::TsVector);
        QVERIFY(!m_store->readModels().textIndexNote().isEmpty());
        // Another database on the same server, its index then rebuilt as an earlier build made it: pg_trgm only.
        auto store = m_fixture.createStore();
        DemoOptions options;
        options.users = 10;
        options.longStreamLogins = 50;
        options.runProjections = false;
        QVERIFY(generateDemo(*store, DomainCatalog::builtin(), options).ok());
        QVERIFY(catchUpSearchIndex(*store).ok());
        QVERIFY(indexAsAnEarlierBuild(m_fixture.lastAddress()));
        std::swap(m_store, store);
        compareAll(u"trigram table"_s);
        std::swap(m_store, store);
    }

private:
    /// The live search table's tsvector index replaced by the pg_trgm one earlier builds made.
    static bool indexAsAnEarlierBuild(const QString& address)
    {
        PGconn* connection = PQconnectdb(address.toUtf8().constData());
        auto run = [&](const QByteArray& sql) {
            PGresult* result = PQexec(connection, sql.constData());
            const ExecStatusType status = PQresultStatus(result);
            QByteArray value = status == PGRES_TUPLES_OK && PQntuples(result) == 1 ? PQgetvalue(result, 0, 0) : "";
            if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
                qWarning() << sql << PQerrorMessage(connection);
                value = "error";
            }
            PQclear(result);
            return value;
        };
        bool done = false;
        if (PQstatus(connection) == CONNECTION_OK && run("CREATE EXTENSION IF NOT EXISTS pg_trgm") != "error") {
            const QByteArray table = run("SELECT tablename FROM pg_indexes WHERE indexname LIKE "
                                         "'rm\\_search\\_index\\_\\_documents\\_\\_g%\\_terms\\_tsv'");
            done = !table.isEmpty() && table != "error" && run("DROP INDEX " + table + "__terms_tsv") != "error"
                && run("CREATE INDEX " + table + "__terms_trgm ON " + table + " USING gin (terms gin_trgm_ops)")
                    != "error";
        }
        PQfinish(connection);
        return done;
    }
};

QTEST_GUILESS_MAIN(SearchTest)
#include "tst_search.moc"

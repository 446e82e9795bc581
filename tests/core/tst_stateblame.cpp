// SPDX-License-Identifier: GPL-3.0-or-later
// Blame for state over every store backend: for every field of the state at a revision, the event that last set
// it, against a brute force that diffs every event's state from the first revision; across segment boundaries,
// with summaries kept and with none kept (a memory budget of zero), for a field set A -> B -> A inside one
// segment, for nested fields whose holder changed, for a type the core does not know; cancelled and resumed.
#include "demo/demogenerator.h"
#include "domain/domaincatalog.h"
#include "eventscript.h"
#include "resultcheck.h"
#include "storefixture.h"
#include "timetravel/replaycheckpoints.h"
#include "timetravel/stateblame.h"
#include "timetravel/timetravel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::test;

namespace {

/// Whether `holder` is `path` or holds it ("a" holds "a.b" and "a[1]", not "ab").
bool holds(const QString& holder, const QString& path)
{
    return path == holder
        || (path.startsWith(holder) && (path.at(holder.size()) == u'.' || path.at(holder.size()) == u'['));
}

void pathsOf(const QString& path, const QJsonValue& value, QStringList& out)
{
    if (!path.isEmpty())
        out.append(path);
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            pathsOf(path.isEmpty() ? it.key() : path + u'.' + it.key(), it.value(), out);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            pathsOf(path + u'[' + QString::number(i) + u']', array.at(i), out);
    }
}

/// The changes of every revision 1..head, each from a fold from scratch (TimeTravel, no cache).
QList<QList<JsonChange>> changesByRevision(EventStore& store, const QString& streamId, qint64 head)
{
    TimeTravel travel(store, DomainCatalog::builtin());
    QList<QList<JsonChange>> changes {{}}; // revision 0 changes nothing
    QJsonObject previous; // the first event sets everything the state then holds
    for (qint64 revision = 1; revision <= head; ++revision) {
        auto at = travel.stateAtRevision(streamId, revision);
        if (!at)
            return {};
        changes.append(diffJson(previous, at->state));
        previous = at->state;
    }
    return changes;
}

/// Brute force: for each path of the state at `revision`, the last revision whose event changed it, a field
/// holding it or a field inside it.
QHash<QString, qint64> bruteForce(const QList<QList<JsonChange>>& changes, const QJsonObject& state, qint64 revision)
{
    QStringList paths;
    pathsOf({}, state, paths);
    QHash<QString, qint64> blamed;
    for (const QString& path : std::as_const(paths)) {
        for (qint64 r = revision; r >= 1; --r) {
            const bool touched = std::any_of(changes.at(r).begin(), changes.at(r).end(),
                [&](const JsonChange& change) { return holds(change.path, path) || holds(path, change.path); });
            if (touched) {
                blamed.insert(path, r);
                break;
            }
        }
    }
    return blamed;
}

QHash<QString, qint64> revisionsOf(const QHash<QString, FieldBlame>& blame)
{
    QHash<QString, qint64> revisions;
    for (auto it = blame.cbegin(); it != blame.cend(); ++it)
        revisions.insert(it.key(), it.value().revision);
    return revisions;
}

QString describe(const QHash<QString, qint64>& blame)
{
    QStringList lines;
    for (auto it = blame.cbegin(); it != blame.cend(); ++it)
        lines.append(u"%1=%2"_s.arg(it.key()).arg(it.value()));
    lines.sort();
    return lines.join(u", "_s);
}

} // namespace

class StateBlameTest : public QObject {
    Q_OBJECT

    StoreFixture m_fixture;
    std::unique_ptr<EventStore> m_store;
    DemoSummary m_demo;

    /// Blame at each of `revisions` equals the brute force, with `budget` bytes of summaries.
    void compareAt(const QString& streamId, const QList<qint64>& revisions, qint64 budget)
    {
        auto checkpoints = ReplayCheckpoints::start(*m_store, DomainCatalog::builtin(), streamId, {64, 1 << 20});
        QVERIFY2(checkpoints.ok(), why(checkpoints).constData());
        const qint64 head = (*checkpoints)->headRevision();
        const auto changes = changesByRevision(*m_store, streamId, head);
        QCOMPARE(changes.size(), head + 1);
        StateBlame blame(DomainCatalog::builtin(), budget);
        for (const qint64 revision : revisions) {
            auto at = (*checkpoints)->stateAt(*m_store, revision);
            QVERIFY(at.ok());
            auto found = blame.blame(*m_store, **checkpoints, revision);
            QVERIFY2(found.ok(), why(found).constData());
            const QHash<QString, qint64> expected = bruteForce(changes, at->state, revision);
            const QHash<QString, qint64> actual = revisionsOf(*found);
            QVERIFY2(actual == expected,
                qPrintable(u"revision %1:\n got %2\nwant %3"_s.arg(
                    QString::number(revision), describe(actual), describe(expected))));
            // Who and when are the blamed event's.
            for (auto it = found->cbegin(); it != found->cend(); ++it) {
                auto event = m_store->readEvent(streamId, it->revision);
                QVERIFY(event.ok() && event->has_value());
                QCOMPARE(it->occurredAt, (*event)->occurredAt);
                QCOMPARE(it->eventType, (*event)->type);
                QCOMPARE(it->actor, (*event)->metadataObject().actor);
            }
        }
        // Only whole segments are kept: a stream shorter than one never keeps any.
        if (budget == 0 || head < StateBlame::SegmentRevisions)
            QCOMPARE(blame.summarisedSegments(), 0);
        else
            QVERIFY(blame.summarisedSegments() > 0 && blame.memoryBytes() <= budget);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_store = m_fixture.createStore();
        DemoOptions options;
        options.users = 8;
        options.longStreamLogins = 1000;
        auto demo = generateDemo(*m_store, DomainCatalog::builtin(), options);
        QVERIFY2(demo.ok(), why(demo).constData());
        m_demo = *demo;
        QVERIFY(m_demo.longStreamEvents > 3 * StateBlame::SegmentRevisions);
    }

    void theLongStreamAcrossSegments_data()
    {
        QTest::addColumn<qint64>("budget");
        QTest::newRow("summaries kept") << qint64(16 * 1024 * 1024);
        QTest::newRow("none kept") << qint64(0);
    }

    void theLongStreamAcrossSegments()
    {
        QFETCH(qint64, budget);
        const qint64 head = m_demo.longStreamEvents;
        // Newest first (a walk that summarises every segment once), then around the boundaries and spread out.
        QList<qint64> revisions {head, 1, 2, 255, 256, 257, 511, 512, 513, head - 1};
        for (qint64 revision = 3; revision < head; revision += 37)
            revisions.append(revision);
        compareAt(m_demo.longStreamUserId, revisions, budget);
    }

    void everyRevisionOfShortStreams()
    {
        StreamListOptions list;
        list.limit = 6;
        auto streams = m_store->listStreams(list);
        QVERIFY(streams.ok());
        for (const StreamInfo& stream : std::as_const(streams->streams)) {
            if (stream.streamId == m_demo.longStreamUserId)
                continue;
            QList<qint64> all;
            for (qint64 revision = 1; revision <= stream.revision; ++revision)
                all.append(revision);
            compareAt(stream.streamId, all, 1 << 20);
        }
    }

    void setBackInsideOneSegmentAndNestedHolders()
    {
        // A field set A -> B -> A between two checkpoints; a nested field whose holder was touched; an array.
        QString script = u"ORDER_PLACED@2025-03-01T10:00 {\"total\":10,\"address\":{\"city\":\"Berlin\","
                         u"\"street\":\"A\"},\"tags\":[\"a\"]}"_s;
        for (int i = 0; i < 300; ++i)
            script += u"; ORDER_NOTED@2025-03-01T10:01 {\"note\":%1}"_s.arg(i);
        script += u"; ORDER_REPRICED@2025-03-01T11:00 {\"total\":11}"_s; // 302
        script += u"; ORDER_REPRICED@2025-03-01T11:01 {\"total\":10}"_s; // 303: back to what it was
        script += u"; ORDER_MOVED@2025-03-01T11:02 {\"address\":{\"city\":\"Paris\"}}"_s; // 304
        script += u"; ORDER_NOTED@2025-03-01T11:03 {\"note\":1000}"_s; // 305
        QVERIFY(m_store->append(u"order-9"_s, u"Order"_s, ExpectedRevision::noStream(), eventScript(script)));

        auto checkpoints = ReplayCheckpoints::start(*m_store, DomainCatalog::builtin(), u"order-9"_s);
        QVERIFY(checkpoints.ok());
        while (!(*checkpoints)->isComplete())
            QVERIFY((*checkpoints)->advance(*m_store, 1000).ok());
        StateBlame blame(DomainCatalog::builtin());
        auto found = blame.blame(*m_store, **checkpoints, 305);
        QVERIFY2(found.ok(), why(found).constData());
        const QHash<QString, qint64> revisions = revisionsOf(*found);
        QCOMPARE(revisions.value(u"total"_s), 303); // the checkpoints at 256 and after agree on 10; the event set it
        QCOMPARE(revisions.value(u"address.city"_s), 304);
        QCOMPARE(revisions.value(u"address"_s), 304); // something inside it changed
        QCOMPARE(revisions.value(u"address.street"_s), 1); // set at creation, 304 segments back
        QCOMPARE(revisions.value(u"tags"_s), 1);
        QCOMPARE(revisions.value(u"tags[0]"_s), 1);
        QCOMPARE(revisions.value(u"note"_s), 305);
        QCOMPARE(found->value(u"note"_s).eventType, u"ORDER_NOTED"_s);
        QCOMPARE(found->value(u"total"_s).eventType, u"ORDER_REPRICED"_s);
        compareAt(u"order-9"_s, {1, 2, 256, 257, 301, 302, 303, 304, 305}, 1 << 20);
    }

    void cancelledThenAskedAgain()
    {
        auto checkpoints
            = ReplayCheckpoints::start(*m_store, DomainCatalog::builtin(), m_demo.longStreamUserId, {64, 1 << 20});
        QVERIFY(checkpoints.ok());
        StateBlame blame(DomainCatalog::builtin());
        const std::atomic<bool> cancel = true;
        auto cancelled = blame.blame(*m_store, **checkpoints, m_demo.longStreamEvents, &cancel);
        QVERIFY(!cancelled.ok());
        QCOMPARE(cancelled.error().kind, ErrorKind::Cancelled);
        auto again = blame.blame(*m_store, **checkpoints, m_demo.longStreamEvents);
        QVERIFY2(again.ok(), why(again).constData());
        QVERIFY(!again->isEmpty());
        QCOMPARE(blame.blame(*m_store, **checkpoints, m_demo.longStreamEvents + 1).error().code, u"RevisionNotFound"_s);
    }
};

QTEST_GUILESS_MAIN(StateBlameTest)
#include "tst_stateblame.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// `flashback-cli search` and `log --text` as scripts use them, on SQLite and PostgreSQL: words, parts of emails
// and IPs, prefixes, phrases, filters and paging; the JSON shape; how far the index is behind (nothing indexed
// yet: everything scanned; after `project --once`: looked up; events after it: scanned); usage errors.
#include "clitestkit.h"

#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback::test;

namespace {
using Run = CliRun;
}

class TestCliSearch : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void finds_data();
    void finds();
    void pagesJoinWithoutGapsOrRepeats();
    void theIndexAfterProjectAndTheTailAfterIt();
    void jsonShape();
    void errors_data();
    void errors();

private:
    Run cli(const QStringList& arguments, const QString& store = {}) const
    {
        return runCli(arguments, cliEnvironment(store.isEmpty() ? m_store : store));
    }
    QString command(const QStringList& arguments, const QString& store = {}) const
    {
        const Run run = cli(QStringList {u"command"_s} + arguments + QStringList {u"--json"_s}, store);
        return run.exitCode == 0 ? run.json().value(u"stream_id"_s).toString() : QString();
    }
    /// A new store with Sarah, Kyle, ten logins and a rename; `sarah` gets Sarah's stream id.
    QString fillStore(const QString& name, QString& sarah);
    static QList<qint64> positions(const Run& run)
    {
        QList<qint64> found;
        for (const auto& hit : run.array(u"hits"_s))
            found.append(hit.toObject().value(u"position"_s).toInteger());
        return found;
    }

    CliStores m_stores;
    QString m_store; ///< Sarah, Kyle, their logins and a rename: never projected, so every search scans.
    QString m_sarah;
};

QString TestCliSearch::fillStore(const QString& name, QString& sarah)
{
    const QString store = m_stores.newAddress(name);
    if (cli({u"init"_s}, store).exitCode != 0)
        return {};
    sarah = command(
        {u"CreateUser"_s, u"--set"_s, u"username=sarah.connor"_s, u"--set"_s, u"email=sarah.connor@example.com"_s,
            u"--set"_s, u"first_name=Sarah"_s, u"--set"_s, u"password=terminator1"_s},
        store);
    const QString kyle
        = command({u"CreateUser"_s, u"--set"_s, u"username=kyle_reese"_s, u"--set"_s, u"email=kyle@resistance.org"_s,
                      u"--set"_s, u"password=resistance"_s, u"--actor"_s, u"admin@company.com"_s},
            store);
    if (sarah.isEmpty() || kyle.isEmpty())
        return {};
    for (int i = 0; i < 5; ++i) {
        command({u"RecordLogin"_s, u"--stream"_s, sarah, u"--set"_s, u"ip=10.0.0.%1"_s.arg(i)}, store);
        command({u"RecordLogin"_s, u"--stream"_s, kyle, u"--set"_s, u"ip=192.168.1.%1"_s.arg(i)}, store);
    }
    command({u"ChangeName"_s, u"--stream"_s, sarah, u"--set"_s, u"first_name=Sally"_s, u"--actor"_s,
                u"admin@company.com"_s, u"--reason"_s, u"Fixing a typo in the first name"_s},
        store);
    return store;
}

void TestCliSearch::initTestCase()
{
    QVERIFY(m_stores.isValid());
    m_store = fillStore(u"search.flashback"_s, m_sarah);
    QVERIFY(!m_store.isEmpty());
}

void TestCliSearch::finds_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("count");
    QTest::newRow("an email, whole") << QStringList {u"kyle@resistance.org"_s} << 1;
    QTest::newRow("an email's domain") << QStringList {u"resistance.org"_s} << 1;
    QTest::newRow("a username with a dot") << QStringList {u"sarah.connor"_s} << 1;
    QTest::newRow("a part of a username") << QStringList {u"reese"_s} << 1;
    QTest::newRow("an IP") << QStringList {u"10.0.0.3"_s} << 1;
    QTest::newRow("an IP prefix") << QStringList {u"192.168.1*"_s} << 5;
    QTest::newRow("a word of a reason, any case") << QStringList {u"TYPO"_s} << 1;
    QTest::newRow("a phrase") << QStringList {u"\"first name\""_s} << 1;
    QTest::newRow("a phrase out of order") << QStringList {u"\"name first\""_s} << 0;
    QTest::newRow("the actor") << QStringList {u"admin@company.com"_s} << 2;
    QTest::newRow("words and a type") << QStringList {u"10.0.0*"_s, u"--type"_s, u"USER_LOGGED_IN,USER_CREATED"_s} << 5;
    QTest::newRow("words and an actor") << QStringList {u"10.0.0*"_s, u"--actor"_s, u"admin@company.com"_s} << 0;
    QTest::newRow("a stream") << QStringList {u"logged*"_s, u"--stream"_s, u"@SARAH@"_s} << 5;
    QTest::newRow("the last week") << QStringList {u"sally"_s, u"--last"_s, u"week"_s} << 1;
    QTest::newRow("long ago") << QStringList {u"sally"_s, u"--until"_s, u"2001-01-01"_s} << 0;
    QTest::newRow("no such word") << QStringList {u"skynet"_s} << 0;
    QTest::newRow("an injection is just words") << QStringList {u"'; DROP TABLE events; --"_s} << 0;
}

void TestCliSearch::finds()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, count);
    arguments.replaceInStrings(u"@SARAH@"_s, m_sarah);
    const Run run = cli(QStringList {u"search"_s, u"--json"_s} + arguments);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(run.array(u"hits"_s).size(), count);

    // `log --text` finds the same events, as whole events.
    const Run log = cli(QStringList {u"log"_s, u"--json"_s, u"--text"_s} + arguments);
    QVERIFY2(log.exitCode == 0, log.err.constData());
    QCOMPARE(log.events().size(), count);
    for (qsizetype i = 0; i < count; ++i)
        QCOMPARE(log.events().at(i).toObject().value(u"position"_s).toInteger(), positions(run).at(i));

    const Run text = cli(QStringList {u"search"_s} + arguments);
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.outText().contains(u"Search index: none yet"_s), qPrintable(text.outText()));
}

void TestCliSearch::pagesJoinWithoutGapsOrRepeats()
{
    const Run all = cli({u"search"_s, u"logged*"_s, u"--json"_s});
    QCOMPARE(all.exitCode, 0);
    const QList<qint64> expected = positions(all);
    QCOMPARE(expected.size(), 10);
    for (const bool oldestFirst : {false, true}) {
        QList<qint64> walked;
        std::optional<QString> cursor;
        int pages = 0;
        do {
            QStringList arguments {u"search"_s, u"logged*"_s, u"--limit"_s, u"3"_s, u"--json"_s};
            if (oldestFirst)
                arguments.append(u"--oldest-first"_s);
            if (cursor)
                arguments += QStringList {u"--cursor"_s, *cursor};
            const Run page = cli(arguments);
            QCOMPARE(page.exitCode, 0);
            walked += positions(page);
            const QJsonValue next = page.json().value(u"next_cursor"_s);
            cursor = next.isString() ? std::optional(next.toString()) : std::nullopt;
            QVERIFY(++pages <= 10);
        } while (cursor);
        QList<qint64> want = expected;
        if (oldestFirst)
            std::reverse(want.begin(), want.end());
        QCOMPARE(walked, want);
        QCOMPARE(pages, 4); // 3 + 3 + 3 + 1: no empty last page
    }
}

void TestCliSearch::theIndexAfterProjectAndTheTailAfterIt()
{
    QString sarah;
    const QString store = fillStore(u"indexed.flashback"_s, sarah);
    QVERIFY(!store.isEmpty());
    QVERIFY(cli({u"project"_s, u"--once"_s}, store).exitCode == 0);
    const Run indexed = cli({u"search"_s, u"192.168.1*"_s, u"--json"_s}, store);
    QCOMPARE(indexed.exitCode, 0);
    const QJsonObject index = indexed.json().value(u"index"_s).toObject();
    QVERIFY2(QSet<QString>({u"fts5"_s, u"trigram"_s, u"tsvector"_s}).contains(index.value(u"kind"_s).toString()),
        qPrintable(index.value(u"kind"_s).toString()));
    QCOMPARE(index.value(u"indexed_through"_s).toInteger(), index.value(u"head"_s).toInteger());
    QCOMPARE(index.value(u"scanned_events"_s).toInteger(), 0);
    QCOMPARE(indexed.array(u"hits"_s).size(), 5);
    for (const auto& hit : indexed.array(u"hits"_s))
        QVERIFY(hit.toObject().value(u"indexed"_s).toBool());

    // A login after the projection ran: found by scanning the tail, first (newest first), and said so.
    QVERIFY(!command({u"RecordLogin"_s, u"--stream"_s, sarah, u"--set"_s, u"ip=192.168.1.99"_s}, store).isEmpty());
    const Run tail = cli({u"search"_s, u"192.168.1*"_s, u"--json"_s}, store);
    QCOMPARE(tail.exitCode, 0);
    QCOMPARE(tail.array(u"hits"_s).size(), 6);
    QVERIFY(!tail.array(u"hits"_s).at(0).toObject().value(u"indexed"_s).toBool());
    QCOMPARE(tail.json().value(u"index"_s).toObject().value(u"scanned_events"_s).toInteger(), 1);
    const Run text = cli({u"search"_s, u"192.168.1*"_s}, store);
    QVERIFY2(text.outText().contains(u"1 events behind the head"_s), qPrintable(text.outText()));
}

void TestCliSearch::jsonShape()
{
    const Run run = cli({u"search"_s, u"sally"_s, u"--json"_s});
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(sortedKeys(run.json()), (QStringList {u"hits"_s, u"index"_s, u"next_cursor"_s, u"terms"_s}));
    QCOMPARE(sortedKeys(run.json().value(u"index"_s).toObject()),
        (QStringList {u"head"_s, u"indexed_through"_s, u"kind"_s, u"scanned_events"_s}));
    QCOMPARE(run.json().value(u"index"_s).toObject().value(u"kind"_s).toString(), u"none"_s);
    const QJsonObject hit = run.array(u"hits"_s).at(0).toObject();
    QCOMPARE(sortedKeys(hit),
        (QStringList {u"actor"_s, u"aggregate_type"_s, u"indexed"_s, u"occurred_at"_s, u"position"_s, u"revision"_s,
            u"stream_id"_s, u"summary"_s, u"type"_s}));
    QCOMPARE(hit.value(u"type"_s).toString(), u"USER_NAME_CHANGED"_s);
    QCOMPARE(hit.value(u"actor"_s).toString(), u"admin@company.com"_s);
    QCOMPARE(hit.value(u"stream_id"_s).toString(), m_sarah);
    QVERIFY(run.json().value(u"next_cursor"_s).isNull());
    QCOMPARE(run.json().value(u"terms"_s).toArray().size(), 1);
}

void TestCliSearch::errors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("code");
    QTest::newRow("no text") << QStringList {u"search"_s} << 2 << u"MissingArgument"_s;
    QTest::newRow("nothing to search for") << QStringList {u"search"_s, u";; --"_s} << 2 << u"EmptySearch"_s;
    QTest::newRow("log --text with nothing") << QStringList {u"log"_s, u"--text"_s, u"***"_s} << 2 << u"EmptySearch"_s;
    QTest::newRow("a bad span") << QStringList {u"search"_s, u"x"_s, u"--last"_s, u"fortnight"_s} << 2
                                << u"InvalidSpan"_s;
    QTest::newRow("since and last") << QStringList {u"search"_s, u"x"_s, u"--last"_s, u"day"_s, u"--since"_s,
        u"2025-01-01"_s} << 2 << u"ConflictingOptions"_s;
    QTest::newRow("a bad limit") << QStringList {u"search"_s, u"x"_s, u"--limit"_s, u"0"_s} << 2
                                 << u"InvalidArgument"_s;
    // Options are checked before the store is opened: a usage error stays one whatever the store.
    QTest::newRow("a bad limit, no store") << QStringList {u"log"_s, u"--text"_s, u"x"_s, u"--limit"_s, u"0"_s,
        u"--store"_s, u"/nonexistent-folder/none.flashback"_s}
                                           << 2 << u"InvalidArgument"_s;
}

void TestCliSearch::errors()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, code);
    verifyCliError(cli(arguments), exitCode, code, false);
    verifyCliError(cli(arguments + QStringList {u"--json"_s}), exitCode, code, true);
}

QTEST_MAIN(TestCliSearch)
#include "tst_cli_search.moc"

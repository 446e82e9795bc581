// SPDX-License-Identifier: GPL-3.0-or-later
// The demo store the window makes on first use: generated beside its final name and moved into place whole,
// with the search index file it was indexed into (so the first search in the window is answered by the index),
// replacing an index file an earlier demo store left there, and nothing of the partial files left behind.
#include "models/demostore.h"
#include "search/searchindexprojection.h"
#include "store/sqlite/sqliteeventstore.h"
#include "store/sqlite/sqlitereadmodelfiles.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;

namespace {
constexpr int Deadline = 120000; // generation on a loaded 2-core machine; ends as soon as it is ready
}

class DemoStoreTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void theDemoArrivesWholeWithItsIndex()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"demo.flashback"_s);
        const QString index = SqliteReadModelFiles::indexPath(path);
        QFile stale(index); // an earlier demo store's index, the store itself since deleted
        QVERIFY(stale.open(QIODevice::WriteOnly));
        stale.write("an older index file");
        stale.close();

        DemoStore demo;
        QSignalSpy ready(&demo, &DemoStore::ready);
        QSignalSpy failed(&demo, &DemoStore::failed);
        demo.prepare(path);
        QVERIFY(QTest::qWaitFor([&] { return !ready.isEmpty() || !failed.isEmpty(); }, Deadline));
        QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).value<Error>().toString()));
        QCOMPARE(ready.constFirst().constFirst().toString(), path);

        const QStringList left = QDir(dir.path()).entryList(QDir::Files);
        for (const QString& file : left)
            QVERIFY2(!file.contains(u".partial"_s), qPrintable(left.join(u", "_s)));
        QVERIFY(QFile::exists(index));

        StoreOptions options;
        options.mode = StoreOptions::OpenMode::OpenExisting;
        auto store = SqliteEventStore::open(path, options);
        QVERIFY2(store.ok(), qPrintable(store.ok() ? QString() : store.error().toString()));
        auto checkpoint = (*store)->readModels().checkpoint(SearchIndexProjection::Name);
        QVERIFY(checkpoint.ok());
        QCOMPARE(checkpoint->position, *(*store)->headPosition()); // indexed, and this store's index
    }
};

QTEST_MAIN(DemoStoreTest)
#include "tst_demostore.moc"

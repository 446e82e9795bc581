// SPDX-License-Identifier: GPL-3.0-or-later
// The MIME entry a package installs (resources/org.flashback.Flashback.mime.xml), seen through Qt's own
// QMimeDatabase, the way Qt file dialogs and the KDE and GNOME file managers classify files: a store is
// application/x-flashback by its name and, renamed, by its contents; another SQLite database stays one.
// CTest points XDG_DATA_DIRS at a folder of the build tree, where initTestCase builds a MIME database with
// update-mime-database before QMimeDatabase is first used (it reads XDG_DATA_DIRS then): the system's packages and
// the source XML in one database, as the package installs it, into /usr/share/mime beside freedesktop.org.xml.
#include "store/storeaddress.h"
#include "store/storeopener.h"
#include "util/uuid.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QMimeDatabase>
#include <QMimeType>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;

namespace {

const QString StoreType = u"application/x-flashback"_s;
const QString SqliteType = u"application/vnd.sqlite3"_s;

QByteArray readAt(const QString& path, qint64 offset, qint64 size)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || !file.seek(offset))
        return {};
    return file.read(size);
}

} // namespace

class MimeTypeTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_files;
    QString m_store;

private Q_SLOTS:
    void initTestCase()
    {
        // Only ever the folder CMake named: update-mime-database rewrites the whole database of the folder it is
        // given, and run by hand with the usual XDG_DATA_DIRS the first entry would be /usr/local/share or
        // /usr/share.
        const QString dataDir = qEnvironmentVariable("XDG_DATA_DIRS").section(u':', 0, 0);
        QVERIFY2(dataDir == QStringLiteral(FLASHBACK_MIME_TEST_DATA),
            qPrintable(u"run through ctest: XDG_DATA_DIRS must start with %1, not \"%2\""_s.arg(
                QStringLiteral(FLASHBACK_MIME_TEST_DATA), dataDir)));
        // One database, not ours in front of the system's: Qt 6.4 takes the content match of the last MIME folder
        // that has one, whatever the priorities, so a folder of our own before /usr/share would lose every store
        // to /usr/share's plain SQLite rule (within one database the priority decides, as on an installed system).
        QCOMPARE(qEnvironmentVariable("XDG_DATA_DIRS"), dataDir);
        // From scratch each run, so an entry removed from the XML does not linger in an old cache.
        const QString mimeDir = dataDir + u"/mime"_s;
        QVERIFY(QDir(mimeDir).removeRecursively());
        QVERIFY(QDir().mkpath(mimeDir + u"/packages"_s));
        const QDir systemPackages(QStringLiteral(FLASHBACK_SYSTEM_MIME_PACKAGES));
        QVERIFY2(systemPackages.exists(u"freedesktop.org.xml"_s),
            qPrintable(u"no freedesktop.org.xml in %1 (package shared-mime-info)"_s.arg(systemPackages.path())));
        const QStringList packages = systemPackages.entryList({u"*.xml"_s}, QDir::Files);
        for (const QString& package : packages)
            QVERIFY(QFile::copy(systemPackages.filePath(package), mimeDir + u"/packages/"_s + package));
        const QString xml = QStringLiteral(FLASHBACK_MIME_XML);
        QVERIFY2(QFile::copy(xml, mimeDir + u"/packages/"_s + QFileInfo(xml).fileName()), qPrintable(xml));

        // shared-mime-info is a dependency of Qt's own packages on Debian, so the tool is there wherever Qt is.
        QProcess update;
        update.start(u"update-mime-database"_s, {mimeDir});
        QVERIFY2(update.waitForStarted(), qPrintable(update.errorString()));
        QVERIFY(update.waitForFinished(60000));
        const QByteArray output = update.readAllStandardOutput() + update.readAllStandardError();
        QVERIFY2(update.exitStatus() == QProcess::NormalExit && update.exitCode() == 0, output.constData());
        QVERIFY2(QFileInfo::exists(mimeDir + u"/mime.cache"_s), output.constData());

        // A real store, made the way the CLI and the window make one, with one event in it.
        QVERIFY(m_files.isValid());
        m_store = m_files.filePath(u"x.flashback"_s);
        {
            auto address = StoreAddress::parse(m_store);
            QVERIFY2(address.ok(), address.ok() ? "" : qPrintable(address.error().toString()));
            StoreOptions options;
            options.mode = StoreOptions::OpenMode::CreateIfMissing;
            auto store = openStore(*address, options);
            QVERIFY2(store.ok(), store.ok() ? "" : qPrintable(store.error().toString()));
            IdGenerator ids;
            const NewEvent event {ids.newV7(Timestamp::now()), u"USER_CREATED"_s, 1, Timestamp::now(),
                NewEvent::encode({{u"email"_s, u"sarah.connor@example.com"_s}}), {}};
            auto appended = (*store)->append(u"user-1"_s, u"User"_s, ExpectedRevision::noStream(), {event});
            QVERIFY2(appended.ok(), appended.ok() ? "" : qPrintable(appended.error().toString()));
        }
        // Closed, the write-ahead log is folded into the file, and with it the header the magic reads. (While the
        // writer that created it still has a new store open, the header may still say 0 there: only the name
        // tells then.)
        QCOMPARE(readAt(m_store, 0, 16), QByteArray("SQLite format 3\0", 16));
        QCOMPARE(readAt(m_store, 68, 4), QByteArray("FBk1"));
    }

    void entry()
    {
        const QMimeType type = QMimeDatabase().mimeTypeForName(StoreType);
        QVERIFY2(type.isValid(), "application/x-flashback is not in the MIME database built from the XML");
        QCOMPARE(type.comment(), u"Flashback event store"_s);
        // A store is a SQLite database: tools offered for SQLite files are offered for stores too.
        QVERIFY(type.inherits(SqliteType));
        QCOMPARE(type.globPatterns(), QStringList {u"*.flashback"_s});
        QCOMPARE(type.iconName(), u"org.flashback.Flashback"_s);
    }

    void storeByName()
    {
        QCOMPARE(QMimeDatabase().mimeTypeForFile(m_store).name(), StoreType);
        // By name alone, as a file dialog does before reading anything.
        QCOMPARE(QMimeDatabase().mimeTypeForFile(m_store, QMimeDatabase::MatchExtension).name(), StoreType);
    }

    void storeByContent_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("no extension") << u"incident-4711"_s;
        QTest::newRow("an extension nobody claims") << u"backup.db"_s;
    }

    void storeByContent()
    {
        // Renamed, a store is still recognised by its header: SQLite's magic with application_id 'FBk1', above
        // the plain SQLite magic.
        QFETCH(QString, name);
        const QString copy = m_files.filePath(name);
        QFile::remove(copy);
        QVERIFY(QFile::copy(m_store, copy));
        QCOMPARE(QMimeDatabase().mimeTypeForFile(copy, QMimeDatabase::MatchContent).name(), StoreType);
        QCOMPARE(QMimeDatabase().mimeTypeForFile(copy).name(), StoreType);
    }

    void otherSqliteDatabase()
    {
        // Another application's database (application_id 0) is not claimed, so it keeps its own handler.
        const QString path = m_files.filePath(u"plain.db"_s);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"plain"_s);
            db.setDatabaseName(path);
            QVERIFY2(db.open(), qPrintable(db.lastError().text()));
            QSqlQuery query(db);
            QVERIFY2(query.exec(u"CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)"_s),
                qPrintable(query.lastError().text()));
            QVERIFY2(query.exec(u"INSERT INTO notes (text) VALUES ('not an event')"_s),
                qPrintable(query.lastError().text()));
        }
        QSqlDatabase::removeDatabase(u"plain"_s);
        QCOMPARE(readAt(path, 68, 4), QByteArray(4, '\0'));
        QCOMPARE(QMimeDatabase().mimeTypeForFile(path).name(), SqliteType);
    }

    void nameWinsOverContent()
    {
        // shared-mime-info's rule, which Qt and GIO follow: a name matching exactly one glob decides without
        // reading the file. A text file called *.flashback is offered to Flashback, which then says it is not a
        // store; only by its contents is it text.
        const QString path = m_files.filePath(u"notes.flashback"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.write("Who deleted sarah.connor@example.com?\n") > 0);
        file.close();
        QCOMPARE(QMimeDatabase().mimeTypeForFile(path).name(), StoreType);
        QCOMPARE(QMimeDatabase().mimeTypeForFile(path, QMimeDatabase::MatchContent).name(), u"text/plain"_s);
    }
};

QTEST_GUILESS_MAIN(MimeTypeTest)
#include "tst_mimetype.moc"

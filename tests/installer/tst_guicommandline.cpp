// SPDX-License-Identifier: GPL-3.0-or-later
// The window's command line as scripts and packages meet it: --help and --version answer without a display,
// --quit-after-load opens a real store and reports what the CLI sees in it, and each failure has its exit code.
#include "buildinfo.h"
#include "guioptions.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using flashback::gui::GuiExitCode;

namespace {

// Generous: a loaded CI machine is slow, and a hung program fails the test instead of hanging it.
constexpr int processDeadlineMs = 180000;

struct Run {
    bool finished = false;
    int exitCode = -1;
    QString out;
    QString err;
};

/// Runs `program` with `environment` until it exits or the deadline passes.
Run run(const QString& program, const QStringList& arguments, const QProcessEnvironment& environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    Run result;
    result.finished = process.waitForFinished(processDeadlineMs) && process.exitStatus() == QProcess::NormalExit;
    if (!result.finished)
        process.kill();
    result.exitCode = process.exitCode();
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

/// No display of any kind: what a terminal over ssh, or a package's smoke test as root, has.
QProcessEnvironment withoutDisplay()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString& name : {u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s, u"QT_QPA_PLATFORM"_s})
        environment.remove(name);
    return environment;
}

QProcessEnvironment offscreenIn(const QTemporaryDir& home)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    // The window keeps settings and the demo store in the home folder; the test's own keeps the user's untouched.
    environment.insert(u"HOME"_s, home.path());
    environment.insert(u"XDG_CONFIG_HOME"_s, home.filePath(u"config"_s));
    environment.insert(u"XDG_DATA_HOME"_s, home.filePath(u"data"_s));
    environment.insert(u"FLASHBACK_PASSWORD_ITERATIONS"_s, u"1000"_s);
    return environment;
}

QString gui()
{
    return QStringLiteral(FLASHBACK_GUI);
}

QString cli()
{
    return QStringLiteral(FLASHBACK_CLI);
}

} // namespace

class TestGuiCommandLine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void asksOnlyForText_data();
    void asksOnlyForText();
    void versionAndHelpNeedNoDisplay_data();
    void versionAndHelpNeedNoDisplay();
    void quitAfterLoadReportsWhatTheCliSees();
    void quitAfterLoadOnAnEmptyStore();
    void quitAfterLoadOnAFileThatIsNotAStore();
    void usageErrorsExitWithTwo_data();
    void usageErrorsExitWithTwo();
};

void TestGuiCommandLine::asksOnlyForText_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("textOnly");
    QTest::newRow("nothing") << QStringList {} << false;
    QTest::newRow("a store") << QStringList {u"store.flashback"_s} << false;
    QTest::newRow("--version") << QStringList {u"--version"_s} << true;
    QTest::newRow("-v after a store") << QStringList {u"store.flashback"_s, u"-v"_s} << true;
    QTest::newRow("--help") << QStringList {u"--help"_s} << true;
    QTest::newRow("-h") << QStringList {u"-h"_s} << true;
    QTest::newRow("--help-all") << QStringList {u"--help-all"_s} << true;
    QTest::newRow("a store named --help after --") << QStringList {u"--"_s, u"--help"_s} << false;
    QTest::newRow("--versions is not --version") << QStringList {u"--versions"_s} << false;
    QTest::newRow("--help as --theme's value") << QStringList {u"--theme"_s, u"--help"_s} << false;
    QTest::newRow("--version with an unknown option") << QStringList {u"--bogus"_s, u"--version"_s} << false;
}

void TestGuiCommandLine::asksOnlyForText()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, textOnly);
    QCOMPARE(flashback::gui::asksOnlyForText(arguments), textOnly);
}

void TestGuiCommandLine::versionAndHelpNeedNoDisplay_data()
{
    QTest::addColumn<QString>("argument");
    QTest::addColumn<QString>("expected");
    // Exactly the text of the build (with its commit when it knew one).
    QTest::newRow("--version") << u"--version"_s << u"flashback %1\n"_s.arg(flashback::versionText());
    QTest::newRow("--help") << u"--help"_s << u"--quit-after-load"_s;
}

void TestGuiCommandLine::versionAndHelpNeedNoDisplay()
{
    QFETCH(QString, argument);
    QFETCH(QString, expected);
    const Run result = run(gui(), {argument}, withoutDisplay());
    QVERIFY2(result.finished, "flashback did not exit");
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QVERIFY2(result.out.contains(expected), qPrintable(result.out));
}

void TestGuiCommandLine::quitAfterLoadReportsWhatTheCliSees()
{
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const QProcessEnvironment environment = offscreenIn(home);
    const QString store = home.filePath(u"incident.flashback"_s);
    const Run demo = run(cli(), {u"--store"_s, store, u"demo"_s, u"--users"_s, u"12"_s}, environment);
    QVERIFY2(demo.finished && demo.exitCode == 0, qPrintable(demo.err));
    const Run info = run(cli(), {u"--store"_s, store, u"--json"_s, u"info"_s}, environment);
    QVERIFY2(info.finished && info.exitCode == 0, qPrintable(info.err));
    const qint64 streams = QJsonDocument::fromJson(info.out.toUtf8()).object().value(u"stream_count"_s).toInteger(-1);
    QVERIFY2(streams > 1, qPrintable(info.out));

    const Run window = run(gui(), {store, u"--quit-after-load"_s}, environment);
    QVERIFY2(window.finished, "the window did not exit");
    QVERIFY2(window.exitCode == int(GuiExitCode::Success), qPrintable(window.err));
    QCOMPARE(window.out.trimmed(), u"Loaded %1: %2 streams."_s.arg(store).arg(streams));
}

void TestGuiCommandLine::quitAfterLoadOnAnEmptyStore()
{
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const QProcessEnvironment environment = offscreenIn(home);
    const QString store = home.filePath(u"empty.flashback"_s);
    const Run init = run(cli(), {u"--store"_s, store, u"init"_s}, environment);
    QVERIFY2(init.finished && init.exitCode == 0, qPrintable(init.err));

    const Run window = run(gui(), {store, u"--quit-after-load"_s}, environment);
    QVERIFY2(window.finished, "the window did not exit on an empty store");
    QVERIFY2(window.exitCode == int(GuiExitCode::Success), qPrintable(window.err));
    QCOMPARE(window.out.trimmed(), u"Loaded %1: 0 streams."_s.arg(store));
}

void TestGuiCommandLine::quitAfterLoadOnAFileThatIsNotAStore()
{
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const QString notAStore = home.filePath(u"notes.flashback"_s);
    QFile file(notAStore);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("These are meeting notes, not an event store.\n");
    file.close();

    const Run window = run(gui(), {notAStore, u"--quit-after-load"_s}, offscreenIn(home));
    QVERIFY2(window.finished, "the window did not exit on a file that is not a store");
    QCOMPARE(window.exitCode, int(GuiExitCode::Store));
    QVERIFY(window.out.isEmpty());
    QVERIFY2(window.err.contains(u"flashback: %1 is not a Flashback store"_s.arg(notAStore)), qPrintable(window.err));
    // The file is left as it was: opening it must not have turned it into a store.
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("These are meeting notes, not an event store.\n"));
}

void TestGuiCommandLine::usageErrorsExitWithTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("named");
    QTest::newRow("--quit-after-load without a store")
        << QStringList {u"--quit-after-load"_s} << u"--quit-after-load"_s;
    QTest::newRow("--revision without --stream") << QStringList {u"--demo"_s, u"--revision"_s, u"3"_s} << u"--stream"_s;
    QTest::newRow("an unknown theme") << QStringList {u"--theme"_s, u"purple"_s} << u"purple"_s;
    QTest::newRow("an unknown option") << QStringList {u"--bogus"_s} << u"bogus"_s;
    QTest::newRow("an unknown option with --help") << QStringList {u"--bogus"_s, u"--help"_s} << u"bogus"_s;
    QTest::newRow("--help as --theme's value") << QStringList {u"--theme"_s, u"--help"_s} << u"--help"_s;
    QTest::newRow("--theme without its value") << QStringList {u"--theme"_s} << u"theme"_s;
    QTest::newRow("two addresses") << QStringList {u"a.flashback"_s, u"b.flashback"_s} << u"at most one"_s;
}

void TestGuiCommandLine::usageErrorsExitWithTwo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, named);
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const Run window = run(gui(), arguments, offscreenIn(home));
    QVERIFY2(window.finished, "flashback did not exit on a usage error");
    QCOMPARE(window.exitCode, int(GuiExitCode::Usage));
    QVERIFY2(window.err.contains(named), qPrintable(window.err));
}

QTEST_GUILESS_MAIN(TestGuiCommandLine)
#include "tst_guicommandline.moc"

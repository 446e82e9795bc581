// SPDX-License-Identifier: GPL-3.0-or-later
// The man pages against the programs: every subcommand and option the built programs' --help shows is in the
// page, the pages render without a warning from man, and roff in a description cannot leak through.
#include "manpages.h"
#include "roffwriter.h"
#include "subcommands/subcommands.h"

#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using flashback::manpages::RoffWriter;

namespace {

/// The built program's --help (bounded: a hung program fails the test, it does not hang it).
QString helpOf(const QString& program, const QStringList& arguments)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    if (!process.waitForFinished(120000) || process.exitCode() != 0)
        return {};
    return QString::fromUtf8(process.readAllStandardOutput());
}

/// Every "--option" a help text lists (at the start of an option line).
QSet<QString> optionsIn(const QString& help)
{
    static const QRegularExpression option(
        u"^\\s+(?:-\\w, )?--([a-z][a-z0-9-]*)"_s, QRegularExpression::MultilineOption);
    QSet<QString> names;
    auto matches = option.globalMatch(help);
    while (matches.hasNext())
        names.insert(matches.next().captured(1));
    return names;
}

QString asRoff(const QString& option)
{
    return RoffWriter::literal(u"--"_s + option);
}

} // namespace

class TestManPages : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cliPageHasEverySubcommandAndOption();
    void guiPageHasEveryOption();
    void pagesRenderWithoutWarnings();
    void descriptionsCannotInjectRoff();
};

void TestManPages::cliPageHasEverySubcommandAndOption()
{
    const QString page = flashback::manpages::cliManPage(u"2026-12-04"_s, u"0.1.0"_s);
    const QString globalHelp = helpOf(QStringLiteral(FLASHBACK_CLI), {u"--help"_s});
    QVERIFY2(!globalHelp.isEmpty(), "flashback-cli --help ran");
    for (const auto& option : optionsIn(globalHelp))
        QVERIFY2(page.contains(asRoff(option)), qPrintable(u"global option --"_s + option));

    for (const auto& subcommand : flashback::cli::subcommands()) {
        QVERIFY2(page.contains(u".SS \"%1\""_s.arg(RoffWriter::literal(subcommand.name))), qPrintable(subcommand.name));
        const QString help = helpOf(QStringLiteral(FLASHBACK_CLI), {subcommand.name, u"--help"_s});
        QVERIFY2(!help.isEmpty(), qPrintable(subcommand.name + u" --help ran"_s));
        // The page's section of this subcommand: from its heading to the next one.
        const qsizetype start = page.indexOf(u".SS \"%1\""_s.arg(RoffWriter::literal(subcommand.name)));
        qsizetype end = page.indexOf(u"\n.S"_s, start + 1);
        const QString section = page.mid(start, end < 0 ? -1 : end - start);
        // The description the help shows (its first words) is the one the page shows.
        const QString firstLine = help.section(u'\n', 2, 2).trimmed();
        QVERIFY2(section.contains(RoffWriter::escaped(firstLine.section(u' ', 0, 3))),
            qPrintable(subcommand.name + u": "_s + firstLine));
        const QSet<QString> own = optionsIn(help.section(u"Global options:"_s, 0, 0));
        for (const auto& option : own)
            QVERIFY2(section.contains(asRoff(option)), qPrintable(subcommand.name + u" --"_s + option));
    }
    for (const auto& code : {u"0"_s, u"2"_s, u"3"_s, u"6"_s})
        QVERIFY2(page.contains(u".TP\n\\fB%1\\fR\n"_s.arg(code)), qPrintable(u"exit code "_s + code));
    QVERIFY(page.contains(u"FLASHBACK_STORE"_s));
}

void TestManPages::guiPageHasEveryOption()
{
    const QString page = flashback::manpages::guiManPage(u"2026-12-04"_s, u"0.1.0"_s);
    const QString help = helpOf(QStringLiteral(FLASHBACK_GUI), {u"--help"_s});
    QVERIFY2(!help.isEmpty(), "flashback --help ran");
    const QSet<QString> options = optionsIn(help);
    QVERIFY2(options.contains(u"quit-after-load"_s) && options.contains(u"stream"_s), qPrintable(help));
    for (const auto& option : options)
        QVERIFY2(page.contains(asRoff(option)), qPrintable(u"--"_s + option));
    QVERIFY(page.contains(u"ADDRESS"_s));
}

void TestManPages::pagesRenderWithoutWarnings()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QList<std::pair<QString, QString>> pages {
        {u"flashback-cli.1"_s, flashback::manpages::cliManPage(u"2026-12-04"_s, u"0.1.0"_s)},
        {u"flashback.1"_s, flashback::manpages::guiManPage(u"2026-12-04"_s, u"0.1.0"_s)},
    };
    for (const auto& [name, text] : pages) {
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text.toUtf8());
        file.close();
        // groff's own warnings (-ww) on the page as man(1) would format it; -z: no output, only the diagnostics.
        QProcess groff;
        groff.start(
            u"groff"_s, {u"-man"_s, u"-ww"_s, u"-z"_s, u"-K"_s, u"utf8"_s, u"-T"_s, u"utf8"_s, file.fileName()});
        QVERIFY2(groff.waitForStarted(30000), "groff (package groff-base) runs");
        QVERIFY(groff.waitForFinished(120000));
        QCOMPARE(groff.exitCode(), 0);
        const QString warnings = QString::fromUtf8(groff.readAllStandardError());
        QVERIFY2(warnings.isEmpty(), qPrintable(name + u": "_s + warnings));
    }
}

void TestManPages::descriptionsCannotInjectRoff()
{
    QCOMPARE(RoffWriter::escaped(u".SH EVIL"_s), u"\\&.SH EVIL"_s);
    QCOMPARE(RoffWriter::escaped(u"'br"_s), u"\\&'br"_s);
    QCOMPARE(RoffWriter::escaped(u"C:\\path"_s), u"C:\\epath"_s);
    QCOMPARE(RoffWriter::literal(u"--read-only"_s), u"\\-\\-read\\-only"_s);
    RoffWriter page(u"x"_s, u"1"_s, u"2026-12-04"_s, u"Flashback"_s);
    page.option(QCommandLineOption(u"at"_s, u"first line\n.TH broken"_s, u"TIME"_s));
    QVERIFY(page.text().contains(u"\n\\&.TH broken\n"_s));
    QVERIFY(page.text().contains(u"\\fB\\-\\-at\\fR \\fITIME\\fR"_s));
}

QTEST_GUILESS_MAIN(TestManPages)
#include "tst_manpages.moc"

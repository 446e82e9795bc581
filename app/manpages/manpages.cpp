// SPDX-License-Identifier: GPL-3.0-or-later
#include "manpages.h"
#include "roffwriter.h"

#include "clicontext.h"
#include "clireference.h"
#include "guioptions.h"
#include "subcommands/subcommands.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace flashback::manpages {

namespace {

/// The subcommand's own reference: run with a context that only wants it, so nothing is parsed or opened.
cli::SubcommandReference referenceOf(const cli::Subcommand& subcommand)
{
    cli::SubcommandReference found;
    cli::CliContext context;
    context.describeOnly([&found](const cli::SubcommandReference& reference) { found = reference; });
    (void)subcommand.run(context, {u"flashback-cli"_s});
    if (found.name.isEmpty())
        found.name = subcommand.name;
    return found;
}

void licence(RoffWriter& page)
{
    page.section(u"Licence"_s);
    page.paragraph(u"Flashback is free software under the GNU General Public License, version 3 or (at your option) "
                   u"any later version. It comes with no warranty."_s);
}

} // namespace

QString cliManPage(const QString& date, const QString& version)
{
    RoffWriter page(u"flashback-cli"_s, u"1"_s, date, u"Flashback "_s + version);
    // NAME's line is lower case by convention: only the first letter, "Flashback" stays a name.
    QString summary = cli::cliDescription().chopped(1);
    summary[0] = summary[0].toLower();
    page.name(u"flashback-cli"_s, summary);
    page.section(u"Synopsis"_s);
    page.synopsis(u"flashback-cli"_s, u"[GLOBAL OPTIONS] SUBCOMMAND [OPTIONS] [ARGUMENTS]"_s);
    page.synopsis(u"flashback-cli"_s, u"SUBCOMMAND --help"_s);
    page.section(u"Description"_s);
    page.paragraph(u"flashback-cli is the headless face of Flashback: it creates stores, runs commands through the "
                   u"aggregates, reads streams, the global log and the read models, travels in time, runs "
                   u"projections and the outbox, and writes incident reports, for scripts and terminals. A store "
                   u"is a SQLite file or a PostgreSQL database. With --json every subcommand prints exactly one "
                   u"JSON document; its fields, the subcommands, flags and exit codes are a stable interface."_s);
    page.paragraph(u"Global options may be given before or after the subcommand's name; both --option value and "
                   u"--option=value work."_s);

    page.section(u"Global options"_s);
    for (const auto& option : cli::globalOptions())
        page.option(option);

    page.section(u"Subcommands"_s);
    for (const auto& subcommand : cli::subcommands()) {
        const cli::SubcommandReference reference = referenceOf(subcommand);
        page.subsection(reference.name);
        page.synopsis(u"flashback-cli "_s + reference.name, reference.synopsis);
        page.paragraph(reference.description);
        for (const auto& [name, description] : reference.positionals)
            page.tagged(name, description);
        for (const auto& option : reference.options)
            page.option(option);
    }

    page.section(u"Environment"_s);
    for (const auto& variable : cli::environmentVariables())
        page.tagged(variable.name, variable.detail);
    page.paragraph(u"libpq's own variables (PGHOST, PGPASSWORD, PGSERVICE, ...) and ~/.pgpass apply to PostgreSQL "
                   u"addresses as in psql."_s);

    page.section(u"Exit status"_s);
    for (const auto& code : cli::exitCodes())
        page.tagged(code.name, code.detail);

    licence(page);
    page.section(u"See also"_s);
    page.paragraph(u"flashback(1). The full reference, with every JSON field and error code, is docs/cli.md in "
                   u"Flashback's sources."_s);
    return page.text();
}

QString guiManPage(const QString& date, const QString& version)
{
    RoffWriter page(u"flashback"_s, u"1"_s, date, u"Flashback "_s + version);
    page.name(u"flashback"_s, u"inspect event-sourced systems: streams, timelines, time travel and projections"_s);
    page.section(u"Synopsis"_s);
    const gui::GuiPositional positional = gui::guiPositional();
    page.synopsis(u"flashback"_s, u"[OPTIONS] "_s + positional.syntax);
    page.section(u"Description"_s);
    page.paragraph(gui::guiDescription());
    page.paragraph(u"The window lists every stream of the store, shows a stream's events on a timeline and as a "
                   u"table, and each event in full: who did it, when, why, in which command and conversation. It "
                   u"replays a stream's state at any revision, diffs states and snapshots, issues commands with a "
                   u"dry run, and shows the projections' lag live. PostgreSQL stores open read-only unless "
                   u"--writable is given."_s);

    page.section(u"Arguments"_s);
    page.tagged(positional.name.toUpper(), positional.description);
    page.section(u"Options"_s);
    page.option(QCommandLineOption({u"h"_s, u"help"_s}, u"Displays help on commandline options."_s));
    page.option(QCommandLineOption(u"help-all"_s, u"Displays help, including Qt's own options."_s));
    page.option(QCommandLineOption({u"v"_s, u"version"_s}, u"Displays version information."_s));
    for (const auto& option : gui::guiOptions())
        page.option(option);

    page.section(u"Exit status"_s);
    page.tagged(QString::number(int(gui::GuiExitCode::Success)),
        u"The window was closed (or, with --quit-after-load, the store was opened and read)."_s);
    page.tagged(QString::number(int(gui::GuiExitCode::Usage)),
        u"Usage error: a bad option or combination, said in one sentence on standard error."_s);
    page.tagged(QString::number(int(gui::GuiExitCode::Store)),
        u"With --quit-after-load: the store could not be opened or read; the reason is on standard error."_s);

    page.section(u"Files"_s);
    page.tagged(u"~/.config/Flashback/flashback.conf"_s,
        u"Settings: time zone, colours, text size, recent stores (never passwords), searches, command history "
        u"without secrets, window layout."_s);
    page.tagged(u"~/.local/share/Flashback/flashback/demo.flashback"_s,
        u"The demo store, generated on first use of --demo or File, Open the Demo Store."_s);

    page.section(u"Environment"_s);
    page.paragraph(
        u"libpq's variables (PGHOST, PGUSER, PGSERVICE, ...) and ~/.pgpass apply to PostgreSQL "
        u"addresses. QT_QPA_PLATFORM=offscreen runs the window without a display (with --quit-after-load, "
        u"a smoke test). QT_LOGGING_RULES=\"flashback.*.debug=true\" logs what the core does on standard error."_s);

    licence(page);
    page.section(u"See also"_s);
    page.paragraph(u"flashback-cli(1). The window's reference is docs/gui.md in Flashback's sources."_s);
    return page.text();
}

} // namespace flashback::manpages

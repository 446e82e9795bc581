#include "cli.h"
#include "clicontext.h"
#include "commandline.h"
#include "exitcode.h"
#include "outputformatter.h"
#include "subcommands/subcommands.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QLoggingCategory>

#include <exception>

using namespace Qt::StringLiterals;

namespace flashback::cli {

namespace {

/// Global options that take a value, so the value is not mistaken for the subcommand's name.
const QStringList GlobalValueOptions {u"store"_s, u"busy-timeout"_s};
const QStringList GlobalFlags {u"json"_s, u"read-only"_s, u"verbose"_s, u"help"_s, u"h"_s, u"version"_s};

/// Where the subcommand's name is, after any global options; -1 when there is none.
struct Split {
    qsizetype subcommandIndex = -1;
    bool help = false;
    bool version = false;
};

Result<Split> findSubcommand(const QStringList& arguments)
{
    Split split;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString& token = arguments.at(i);
        if (!token.startsWith(u'-') || token == u"-"_s) {
            split.subcommandIndex = i;
            return split;
        }
        const QString name = token.mid(token.startsWith(u"--"_s) ? 2 : 1).section(u'=', 0, 0);
        if (GlobalValueOptions.contains(name)) {
            if (!token.contains(u'='))
                ++i;
        } else if (name == u"help"_s || name == u"h"_s) {
            split.help = true;
        } else if (name == u"version"_s) {
            split.version = true;
        } else if (!GlobalFlags.contains(name)) {
            return usageError(u"UnknownOption"_s,
                u"Unknown option '%1' before the subcommand (options of a subcommand go after its name; "
                u"see: flashback-cli --help)."_s.arg(token));
        }
    }
    return split;
}

QString mainHelp()
{
    QString text = u"Usage: flashback-cli [GLOBAL OPTIONS] SUBCOMMAND [OPTIONS]\n\n"
                   u"Inspect and write Flashback event stores from scripts and terminals.\n\n"
                   u"Subcommands:\n"_s;
    for (const auto& subcommand : subcommands())
        text += u"  "_s + subcommand.name.leftJustified(10) + u' ' + subcommand.summary + u'\n';
    text += u"\n"_s + globalOptionsHelp();
    text += u"\nEnvironment:\n"
            u"  FLASHBACK_STORE                the store when --store is not given\n"
            u"  FLASHBACK_ACTOR                metadata.actor of commands when --actor is not given\n"
            u"  FLASHBACK_PASSWORD_ITERATIONS  PBKDF2 rounds for new password hashes\n"
            u"\nExit codes: 0 success, 1 internal error, 2 usage error, 3 store error, 4 domain rule violated,\n"
            u"5 concurrency conflict, 6 not found. Run 'flashback-cli SUBCOMMAND --help' for a subcommand's options.\n"
            u"Full reference: docs/cli.md.\n"_s;
    return text;
}

void installLogging(bool verbose)
{
    // QT_LOGGING_RULES still wins over these rules, so a developer can always turn on more.
    QLoggingCategory::setFilterRules(
        verbose ? u"flashback.*.debug=true\nflashback.*.info=true"_s : u"*.debug=false\n*.info=false"_s);
    qSetMessagePattern(u"flashback-cli: %{if-category}%{category}: %{endif}%{message}"_s);
}

Status dispatch(CliContext& context, const QStringList& arguments)
{
    auto split = findSubcommand(arguments);
    if (!split)
        return split.error();
    if (split->subcommandIndex < 0) {
        if (split->help) {
            context.print(mainHelp());
            return {};
        }
        if (split->version) {
            context.print(u"flashback-cli "_s + QCoreApplication::applicationVersion() + u'\n');
            return {};
        }
        return usageError(u"MissingSubcommand"_s, u"No subcommand given; run 'flashback-cli --help' to see them."_s);
    }

    const QString name = arguments.at(split->subcommandIndex);
    for (const auto& subcommand : subcommands()) {
        if (subcommand.name == name) {
            QStringList rest = arguments;
            rest.removeAt(split->subcommandIndex);
            return subcommand.run(context, rest);
        }
    }
    return usageError(u"UnknownSubcommand"_s,
        u"'%1' is not a flashback-cli subcommand; run 'flashback-cli --help' to see them."_s.arg(name));
}

} // namespace

int run(const QStringList& arguments)
{
    CliContext context;
    // Known before parsing, so that even a parse error is reported in the form the caller asked for.
    context.options().json = arguments.contains(u"--json"_s);
    context.options().verbose = arguments.contains(u"--verbose"_s);
    installLogging(context.options().verbose);

    Status status;
    try {
        status = dispatch(context, arguments);
    } catch (const std::exception& exception) {
        // Core does not throw, but Qt and the standard library can (bad_alloc); a script still gets one line.
        status = Error::internal(u"flashback-cli failed unexpectedly."_s, QString::fromUtf8(exception.what()));
    }
    if (status)
        return int(ExitCode::Success);

    const Error& error = status.error();
    if (context.options().json)
        context.printError(QString::fromUtf8(QJsonDocument(OutputFormatter::errorJson(error)).toJson()));
    else
        context.printError(OutputFormatter::errorText(error, context.options().verbose));
    return int(exitCodeFor(error.category()));
}

} // namespace flashback::cli

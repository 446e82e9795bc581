// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli.h"
#include "clicontext.h"
#include "clireference.h"
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

/// Whether the global option `name` exists, and whether it takes a value (so that the value is not mistaken for
/// the subcommand's name).
struct GlobalOptionKind {
    bool known = false;
    bool takesValue = false;
};

GlobalOptionKind globalOption(const QString& name)
{
    static const QList<QCommandLineOption> options = globalOptions();
    for (const auto& option : options) {
        if (option.names().contains(name))
            return {true, !option.valueName().isEmpty()};
    }
    return {};
}

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
        const GlobalOptionKind kind = globalOption(name);
        if (kind.takesValue) {
            if (!token.contains(u'='))
                ++i;
        } else if (name == u"help"_s || name == u"h"_s) {
            split.help = true;
        } else if (name == u"version"_s) {
            split.version = true;
        } else if (!kind.known) {
            return usageError(u"UnknownOption"_s,
                u"Unknown option '%1' before the subcommand (options of a subcommand go after its name; "
                u"see: flashback-cli --help)."_s.arg(token));
        }
    }
    return split;
}

QString mainHelp()
{
    QString text = u"Usage: flashback-cli [GLOBAL OPTIONS] SUBCOMMAND [OPTIONS]\n\n"_s + cliDescription()
        + u"\n\nSubcommands:\n"_s;
    for (const auto& subcommand : subcommands())
        text += u"  "_s + subcommand.name.leftJustified(10) + u' ' + subcommand.summary + u'\n';
    text += u"\n"_s + globalOptionsHelp();
    text += u"\nEnvironment:\n"_s;
    for (const auto& variable : environmentVariables())
        text += u"  "_s + variable.name.leftJustified(30) + u' ' + variable.summary + u'\n';
    QStringList codes;
    for (const auto& code : exitCodes())
        codes.append(code.name + u' ' + code.summary);
    text += u"\nExit codes: "_s + codes.mid(0, 5).join(u", "_s) + u",\n"_s + codes.mid(5).join(u", "_s)
        + u". Run 'flashback-cli SUBCOMMAND --help' for a subcommand's options.\n"
          u"Full reference: docs/cli.md and man flashback-cli.\n"_s;
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

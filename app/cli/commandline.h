// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clireference.h"
#include "util/result.h"
#include "util/timestamp.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <QString>
#include <QStringList>

#include <limits>
#include <optional>

namespace flashback::cli {

class CliContext;

/// The arguments of one subcommand: its own options plus the global ones, which may therefore appear on either
/// side of the subcommand's name. Wraps QCommandLineParser so that every mistake becomes an Error value (usage
/// category, exit code 2) instead of QCommandLineParser's print-and-exit.
class CommandLine {
public:
    /// `synopsis` follows the subcommand name in the usage line, e.g. "STREAM [OPTIONS]".
    CommandLine(QString subcommand, QString synopsis, QString description);

    void addOption(const QCommandLineOption& option);
    /// Shown under "Arguments:" in the help text.
    void addPositional(const QString& name, const QString& description);

    /// Parses `arguments` (program name first, subcommand name already removed) and stores the global options
    /// in `context`. Ok(false) means --help or --version was answered, or the context only wanted this
    /// reference (CliContext::describeOnly), and there is nothing left to do.
    Result<bool> parse(const QStringList& arguments, CliContext& context);

    bool isSet(const QString& name) const { return m_parser.isSet(name); }
    /// The last value given for the option (options may be repeated; the last one wins).
    QString value(const QString& name) const;
    QStringList values(const QString& name) const { return m_parser.values(name); }

    /// The positional arguments as given, however many.
    QStringList positionalArguments() const { return m_parser.positionalArguments(); }
    /// Exactly `count` positional arguments, described as `what` in the error message.
    Result<QStringList> positionals(qsizetype count, const QString& what) const;

    /// The option as a whole number within [minimum, maximum], or `fallback` when absent.
    Result<qint64> integer(const QString& name, qint64 fallback, qint64 minimum,
        qint64 maximum = std::numeric_limits<qint64>::max()) const;
    /// The option as a whole number within [minimum, maximum], or nothing when absent.
    Result<std::optional<qint64>> optionalInteger(
        const QString& name, qint64 minimum, qint64 maximum = std::numeric_limits<qint64>::max()) const;
    /// The opaque --cursor of a previous page, or nothing when absent.
    Result<std::optional<qint64>> cursor() const;
    /// The option parsed with Timestamp::parse, or nothing when absent.
    Result<std::optional<Timestamp>> time(const QString& name) const;

    QString helpText() const;
    SubcommandReference reference() const;

private:
    QString m_subcommand;
    QString m_synopsis;
    QString m_description;
    QList<QCommandLineOption> m_ownOptions;
    QList<std::pair<QString, QString>> m_positionals;
    QCommandLineParser m_parser;
};

/// The "Global options:" section of the help, shared by the main help and every subcommand's help.
QString globalOptionsHelp();

/// A usage error (exit code 2) raised by the command line itself rather than by the core.
Error usageError(const QString& code, const QString& message);

} // namespace flashback::cli

// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandline.h"
#include "clicontext.h"
#include "clireference.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace flashback::cli {

namespace {

/// QCommandLineParser's help without its own usage line: everything from "Options:" on.
QString optionsSection(const QList<QCommandLineOption>& options)
{
    QCommandLineParser parser;
    parser.addOptions(options);
    const QString text = parser.helpText();
    const qsizetype start = text.indexOf(u"Options:"_s);
    return start < 0 ? QString() : text.mid(start);
}

/// Word-wraps a paragraph to the width QCommandLineParser uses for its option lists.
QString wrapped(const QString& paragraph, qsizetype width = 79)
{
    QString text;
    qsizetype lineLength = 0;
    const QStringList words = paragraph.split(u' ', Qt::SkipEmptyParts);
    for (const auto& word : words) {
        if (lineLength > 0 && lineLength + 1 + word.size() > width) {
            text += u'\n';
            lineLength = 0;
        } else if (lineLength > 0) {
            text += u' ';
            ++lineLength;
        }
        text += word;
        lineLength += word.size();
    }
    return text;
}

} // namespace

QString globalOptionsHelp()
{
    return u"Global "_s + optionsSection(globalOptions()).replace(u"Options:"_s, u"options:"_s);
}

Error usageError(const QString& code, const QString& message)
{
    Error error = Error::invalidArgument(message);
    error.code = code;
    return error;
}

CommandLine::CommandLine(QString subcommand, QString synopsis, QString description)
    : m_subcommand(std::move(subcommand))
    , m_synopsis(std::move(synopsis))
    , m_description(std::move(description))
{
    m_parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    m_parser.addOptions(globalOptions());
}

void CommandLine::addOption(const QCommandLineOption& option)
{
    m_ownOptions.append(option);
    m_parser.addOption(option);
}

void CommandLine::addPositional(const QString& name, const QString& description)
{
    m_positionals.append({name, description});
}

Result<bool> CommandLine::parse(const QStringList& arguments, CliContext& context)
{
    if (context.referenceSink()) {
        context.referenceSink()(reference());
        return false;
    }
    if (!m_parser.parse(arguments)) {
        const QStringList unknown = m_parser.unknownOptionNames();
        if (!unknown.isEmpty()) {
            const QString name = unknown.constFirst();
            return usageError(u"UnknownOption"_s,
                u"Unknown option '%1%2' for %3 (see: flashback-cli %3 --help)."_s.arg(
                    name.size() == 1 ? u"-"_s : u"--"_s, name, m_subcommand));
        }
        return usageError(u"InvalidArgument"_s, m_parser.errorText());
    }
    if (m_parser.isSet(u"help"_s)) {
        context.print(helpText());
        return false;
    }
    if (m_parser.isSet(u"version"_s)) {
        context.print(u"flashback-cli "_s + QCoreApplication::applicationVersion() + u'\n');
        return false;
    }

    GlobalOptions& options = context.options();
    if (m_parser.isSet(u"store"_s))
        options.store = value(u"store"_s);
    options.json = m_parser.isSet(u"json"_s);
    options.readOnly = m_parser.isSet(u"read-only"_s);
    options.verbose = m_parser.isSet(u"verbose"_s);
    auto timeout = integer(u"busy-timeout"_s, 5000, 0, 24 * 3600 * 1000);
    if (!timeout)
        return timeout.error();
    options.busyTimeout = std::chrono::milliseconds(*timeout);
    return true;
}

QString CommandLine::value(const QString& name) const
{
    const QStringList all = m_parser.values(name);
    return all.isEmpty() ? QString() : all.constLast();
}

Result<QStringList> CommandLine::positionals(qsizetype count, const QString& what) const
{
    const QStringList given = m_parser.positionalArguments();
    if (given.size() < count)
        return usageError(
            u"MissingArgument"_s, u"%1 needs %2 (see: flashback-cli %1 --help)."_s.arg(m_subcommand, what));
    if (given.size() > count)
        return usageError(u"UnexpectedArgument"_s,
            u"Unexpected argument '%1' for %2 (see: flashback-cli %2 --help)."_s.arg(given.at(count), m_subcommand));
    return given;
}

Result<qint64> CommandLine::integer(const QString& name, qint64 fallback, qint64 minimum, qint64 maximum) const
{
    auto number = optionalInteger(name, minimum, maximum);
    if (!number)
        return number.error();
    return number->value_or(fallback);
}

Result<std::optional<qint64>> CommandLine::optionalInteger(const QString& name, qint64 minimum, qint64 maximum) const
{
    if (!m_parser.isSet(name))
        return std::optional<qint64> {};
    const QString text = value(name);
    bool ok = false;
    const qint64 number = text.trimmed().toLongLong(&ok);
    if (!ok || number < minimum || number > maximum) {
        const QString range = maximum == std::numeric_limits<qint64>::max()
            ? u"a whole number of at least %1"_s.arg(minimum)
            : u"a whole number from %1 to %2"_s.arg(minimum).arg(maximum);
        return usageError(u"InvalidArgument"_s, u"--%1 must be %2, not '%3'."_s.arg(name, range, text));
    }
    return std::optional<qint64>(number);
}

Result<std::optional<qint64>> CommandLine::cursor() const
{
    if (!m_parser.isSet(u"cursor"_s))
        return std::optional<qint64> {};
    bool ok = false;
    const QString text = value(u"cursor"_s);
    const qint64 position = text.trimmed().toLongLong(&ok);
    if (!ok || position < 0)
        return usageError(u"InvalidCursor"_s,
            u"'%1' is not a cursor; pass the next_cursor printed by the previous page."_s.arg(text));
    return std::optional<qint64>(position);
}

Result<std::optional<Timestamp>> CommandLine::time(const QString& name) const
{
    if (!m_parser.isSet(name))
        return std::optional<Timestamp> {};
    const QString text = value(name);
    const auto parsed = Timestamp::parse(text);
    if (!parsed)
        return usageError(u"InvalidTime"_s,
            u"'%1' is not a valid time for --%2; use ISO-8601 such as 2025-03-17T15:47:00Z, "
            u"2025-03-17 15:47+02:00 or a date such as 2025-03-17."_s.arg(text, name));
    return parsed;
}

SubcommandReference CommandLine::reference() const
{
    return {m_subcommand, m_synopsis, m_description, m_positionals, m_ownOptions};
}

QString CommandLine::helpText() const
{
    QString text = u"Usage: flashback-cli [GLOBAL OPTIONS] %1 %2\n\n%3\n"_s.arg(
        m_subcommand, m_synopsis, wrapped(m_description));
    if (!m_positionals.isEmpty()) {
        text += u"\nArguments:\n"_s;
        for (const auto& [name, description] : m_positionals)
            text += u"  "_s + name.leftJustified(20) + u' ' + description + u'\n';
    }
    if (!m_ownOptions.isEmpty())
        text += u'\n' + optionsSection(m_ownOptions);
    return text + u'\n' + globalOptionsHelp();
}

} // namespace flashback::cli

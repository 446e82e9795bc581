// SPDX-License-Identifier: GPL-3.0-or-later
#include "roffwriter.h"

#include <QRegularExpression>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace flashback::manpages {

RoffWriter::RoffWriter(const QString& name, const QString& section, const QString& date, const QString& source)
{
    line(u".TH %1 %2 %3 %4 \"User Commands\""_s.arg(macroArgument(literal(name.toUpper())), macroArgument(section),
        macroArgument(escaped(date)), macroArgument(escaped(source))));
}

void RoffWriter::name(const QString& program, const QString& summary)
{
    section(u"Name"_s);
    line(literal(program) + u" \\- "_s + escaped(summary));
}

void RoffWriter::section(const QString& title)
{
    line(u".SH "_s + macroArgument(escaped(title.toUpper())));
}

void RoffWriter::subsection(const QString& title)
{
    line(u".SS "_s + macroArgument(literal(title)));
}

void RoffWriter::paragraph(const QString& text)
{
    line(u".PP"_s);
    line(escaped(text));
}

void RoffWriter::synopsis(const QString& program, const QString& rest)
{
    line(u".PP"_s);
    line(u"\\fB%1\\fR %2"_s.arg(literal(program), withMetavariables(rest)));
}

void RoffWriter::tagged(const QString& tag, const QString& text)
{
    line(u".TP"_s);
    line(u"\\fB%1\\fR"_s.arg(literal(tag)));
    line(escaped(text));
}

void RoffWriter::option(const QCommandLineOption& option)
{
    QStringList names;
    for (const auto& name : option.names())
        names.append(u"\\fB%1\\fR"_s.arg(literal((name.size() == 1 ? u"-"_s : u"--"_s) + name)));
    QString tag = names.join(u", "_s);
    if (!option.valueName().isEmpty())
        tag += u" \\fI%1\\fR"_s.arg(literal(option.valueName()));
    line(u".TP"_s);
    line(tag);
    line(escaped(option.description()));
}

void RoffWriter::line(const QString& text)
{
    m_text += text + u'\n';
}

QString RoffWriter::escaped(const QString& text)
{
    QString result = text;
    result.replace(u'\\', u"\\e"_s);
    QStringList lines = result.split(u'\n');
    for (auto& each : lines) {
        if (each.startsWith(u'.') || each.startsWith(u'\''))
            each.prepend(u"\\&"_s);
    }
    return lines.join(u'\n');
}

QString RoffWriter::macroArgument(const QString& text)
{
    // In a quoted macro argument a quote is written twice; one alone would end the argument.
    return u'"' + QString(text).replace(u'"', u"\"\""_s) + u'"';
}

QString RoffWriter::literal(const QString& text)
{
    return escaped(text).replace(u'-', u"\\-"_s);
}

QString RoffWriter::withMetavariables(const QString& words)
{
    // A word of capitals (ADDRESS, SUBCOMMAND, N, the OPTIONS of "[OPTIONS]"): italic, the brackets roman.
    static const QRegularExpression metavariable(u"\\b([A-Z][A-Z_]*)\\b"_s);
    QString result;
    qsizetype last = 0;
    const QString text = literal(words);
    auto matches = metavariable.globalMatch(text);
    while (matches.hasNext()) {
        const auto match = matches.next();
        result += text.mid(last, match.capturedStart() - last);
        result += u"\\fI"_s + match.captured(1) + u"\\fR"_s;
        last = match.capturedEnd();
    }
    return result + text.mid(last);
}

} // namespace flashback::manpages

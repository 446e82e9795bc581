// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCommandLineOption>
#include <QString>

namespace flashback::manpages {

/// Builds a man(7) page: the few macros a command reference needs, with text escaped so that nothing in an option's
/// description (a backslash, a leading dot or quote, a hyphen in an option name) is read as roff.
class RoffWriter {
public:
    /// .TH: `name` in upper case, `section` ("1"), `date` (YYYY-MM-DD), `source` ("Flashback 0.1.0").
    RoffWriter(const QString& name, const QString& section, const QString& date, const QString& source);

    /// The NAME section's line: "program \- summary", which whatis(1) and apropos(1) read.
    void name(const QString& program, const QString& summary);
    void section(const QString& title);
    void subsection(const QString& title);
    void paragraph(const QString& text);
    /// A synopsis line: `program` in bold, `rest` as given (metavariables in capitals are set in italics).
    void synopsis(const QString& program, const QString& rest);
    /// A tagged paragraph: `tag` in bold, `text` below it, indented.
    void tagged(const QString& tag, const QString& text);
    /// An option as a tagged paragraph: "-h, --help", "--store ADDRESS".
    void option(const QCommandLineOption& option);

    QString text() const { return m_text; }

    /// Text escaped for roff: backslashes, and a leading '.' or '\'' that would start a request.
    static QString escaped(const QString& text);
    /// An option or command name: escaped, with '-' as \- so it stays a minus sign that can be searched and copied.
    static QString literal(const QString& text);
    /// One argument of a macro (.TH, .SH, .SS): quoted, a quote inside it doubled.
    static QString macroArgument(const QString& text);

private:
    void line(const QString& text);
    /// `words` with each word in capitals (a metavariable: ADDRESS, N) in italics.
    static QString withMetavariables(const QString& words);

    QString m_text;
};

} // namespace flashback::manpages

// SPDX-License-Identifier: GPL-3.0-or-later
#include "guioptions.h"

using namespace Qt::StringLiterals;

namespace flashback::gui {

QString guiDescription()
{
    return u"Flashback: an inspector for event-sourced systems. Opens ADDRESS (a store "
           u"file, or a PostgreSQL URI, conninfo or service=NAME), or shows the start page."_s;
}

GuiPositional guiPositional()
{
    return {u"address"_s,
        u"The store to open: a file path, postgresql://…, key=value conninfo, "
        u"or service=NAME."_s,
        u"[ADDRESS]"_s};
}

QList<QCommandLineOption> guiOptions()
{
    return {
        {u"stream"_s, u"Open the stream ID (its newest event selected)."_s, u"ID"_s},
        {u"revision"_s, u"With --stream: select revision N."_s, u"N"_s},
        {u"at"_s, u"With --stream: select the last event at or before TIME (ISO 8601; UTC unless it has an offset)."_s,
            u"TIME"_s},
        {u"event"_s, u"With --stream: select the event with this id."_s, u"EVENT_ID"_s},
        {u"read-only"_s, u"Open the store read-only (the default for PostgreSQL)."_s},
        {u"writable"_s, u"Open the store writable (the default for files)."_s},
        {u"demo"_s, u"Open the demo store (generated in the data folder on first use)."_s},
        {u"utc"_s, u"Show times in UTC."_s},
        {u"local-time"_s, u"Show times in the local time zone."_s},
        {u"theme"_s, u"Colours: system, light or dark."_s, u"THEME"_s},
        {u"quit-after-load"_s,
            u"Open the store, wait until its stream list has loaded, print what it holds and exit: 0 when it "
            u"opened, 3 when it could not; it never asks for a password (a smoke test for packages and scripts)."_s},
    };
}

void addGuiOptions(QCommandLineParser& parser)
{
    parser.setApplicationDescription(guiDescription());
    parser.addHelpOption();
    parser.addVersionOption();
    const GuiPositional positional = guiPositional();
    parser.addPositionalArgument(positional.name, positional.description, positional.syntax);
    parser.addOptions(guiOptions());
}

bool asksOnlyForText(const QStringList& arguments)
{
    QCommandLineParser parser;
    addGuiOptions(parser);
    // Arguments this parser refuses (an unknown option, or Qt's own such as -platform) take the window's way,
    // where QApplication removes Qt's options first and anything left is a usage error.
    if (!parser.parse(QStringList {u"flashback"_s} + arguments))
        return false;
    return parser.isSet(u"help"_s) || parser.isSet(u"help-all"_s) || parser.isSet(u"version"_s);
}

Result<GuiOptions> readGuiOptions(const QCommandLineParser& parser)
{
    GuiOptions options;
    const QStringList positionals = parser.positionalArguments();
    if (positionals.size() > 1)
        return Error::invalidArgument(u"Give at most one store address, not %1."_s.arg(positionals.size()));
    if (!positionals.isEmpty())
        options.address = positionals.constFirst();
    options.demo = parser.isSet(u"demo"_s);
    if (options.demo && !options.address.isEmpty())
        return Error::invalidArgument(u"--demo opens the demo store; it takes no ADDRESS."_s);
    if (parser.isSet(u"read-only"_s) && parser.isSet(u"writable"_s))
        return Error::invalidArgument(u"--read-only and --writable contradict each other; give one."_s);
    if (parser.isSet(u"read-only"_s))
        options.readOnly = true;
    if (parser.isSet(u"writable"_s))
        options.readOnly = false;
    if (parser.isSet(u"utc"_s) && parser.isSet(u"local-time"_s))
        return Error::invalidArgument(u"--utc and --local-time contradict each other; give one."_s);
    if (parser.isSet(u"utc"_s))
        options.utc = true;
    if (parser.isSet(u"local-time"_s))
        options.utc = false;
    if (parser.isSet(u"theme"_s)) {
        options.theme = parser.value(u"theme"_s).toLower();
        if (!QStringList {u"system"_s, u"light"_s, u"dark"_s}.contains(options.theme))
            return Error::invalidArgument(
                u"--theme takes system, light or dark, not '%1'."_s.arg(parser.value(u"theme"_s)));
    }
    const int places = int(parser.isSet(u"revision"_s)) + int(parser.isSet(u"at"_s)) + int(parser.isSet(u"event"_s));
    if (places > 0 && !parser.isSet(u"stream"_s))
        return Error::invalidArgument(u"--revision, --at and --event need --stream ID."_s);
    if (places > 1)
        return Error::invalidArgument(u"Give one of --revision, --at and --event, not several."_s);
    if (parser.isSet(u"stream"_s)) {
        if (options.address.isEmpty() && !options.demo)
            return Error::invalidArgument(u"--stream needs a store: give its ADDRESS (or --demo)."_s);
        options.link.streamId = parser.value(u"stream"_s).trimmed();
        if (options.link.streamId.isEmpty())
            return Error::invalidArgument(u"--stream needs a stream id."_s);
    }
    if (parser.isSet(u"revision"_s)) {
        bool ok = false;
        options.link.revision = parser.value(u"revision"_s).toLongLong(&ok);
        if (!ok || options.link.revision < 1)
            return Error::invalidArgument(
                u"--revision takes a whole number of at least 1, not '%1'."_s.arg(parser.value(u"revision"_s)));
    }
    if (parser.isSet(u"at"_s)) {
        options.link.at = Timestamp::parse(parser.value(u"at"_s));
        if (!options.link.at)
            return Error::invalidArgument(
                u"--at takes a time such as 2025-03-17T15:47:00Z, not '%1'."_s.arg(parser.value(u"at"_s)));
    }
    if (parser.isSet(u"event"_s))
        options.link.eventId = parser.value(u"event"_s).trimmed();
    options.quitAfterLoad = parser.isSet(u"quit-after-load"_s);
    if (options.quitAfterLoad && options.address.isEmpty() && !options.demo)
        return Error::invalidArgument(u"--quit-after-load needs a store: give its ADDRESS (or --demo)."_s);
    return options;
}

} // namespace flashback::gui

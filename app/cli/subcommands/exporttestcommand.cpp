// SPDX-License-Identifier: GPL-3.0-or-later
#include "clicontext.h"
#include "commandfields.h"
#include "commandline.h"
#include "domain/domaincatalog.h"
#include "report/reportfile.h"
#include "report/testexport.h"
#include "streamlookup.h"
#include "subcommands.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace flashback::cli {

namespace {

void printSummary(CliContext& context, const ExportedTest& test, const QString& output)
{
    QString text
        = u"Wrote %1::%2 to %3.\n"_s.arg(test.className, test.testFunction, QFileInfo(output).absoluteFilePath());
    text += u"given:  %1 events of %2 (%3)\n"_s.arg(test.givenEvents).arg(test.streamId, test.aggregateType);
    switch (test.when) {
    case ExportedTest::When::RebuiltCommand:
        text += u"when:   %1, rebuilt from revision %2\n"_s.arg(test.whenName).arg(test.revision);
        break;
    case ExportedTest::When::GivenCommand:
        text += u"when:   %1\n"_s.arg(test.whenName);
        break;
    case ExportedTest::When::RecordedEvent:
        text += u"when:   the %1 recorded at revision %2\n"_s.arg(test.whenName).arg(test.revision);
        break;
    }
    text += test.thenError.isEmpty() ? u"then:   %1 and the state after\n"_s.arg(
                test.thenEvents.isEmpty() ? u"no events"_s : test.thenEvents.join(u", "_s))
                                     : u"then:   the domain error %1\n"_s.arg(test.thenError);
    if (!test.note.isEmpty())
        text += u"note:   %1\n"_s.arg(test.note);
    if (test.anonymizedValues > 0)
        text += u"%1 personal values replaced by placeholders.\n"_s.arg(test.anonymizedValues);
    context.print(text);
}

} // namespace

Status runExportTest(CliContext& context, const QStringList& arguments)
{
    CommandLine commandLine(u"export-test"_s, u"STREAM [OPTIONS]"_s,
        u"Turns a stream's history into a given/when/then Qt Test case for its aggregate, to build against "
        u"flashback_core: given the events before the event under scrutiny (in the fixture's text form), when "
        u"the command that recorded it (rebuilt from its payload; the event itself when no command rebuilds it), "
        u"then the events and state that follow, or with --command, what today's rules decide for that command: "
        u"its events, or its domain error code. Masked fields never reach the test."_s);
    commandLine.addPositional(u"STREAM"_s, u"The stream id (see: flashback-cli streams)."_s);
    commandLine.addOption({u"revision"_s,
        u"The event under scrutiny (default: the stream's last). With --command: the last given event."_s, u"R"_s});
    commandLine.addOption({u"command"_s,
        u"Ask this command instead, e.g. ChangeEmail (see: flashback-cli commands), with --set/--fields."_s,
        u"NAME"_s});
    addCommandFieldOptions(commandLine);
    commandLine.addOption({u"actor"_s, u"Who issues the --command (default: none)."_s, u"A"_s});
    commandLine.addOption({u"reason"_s, u"Why, for the --command."_s, u"R"_s});
    commandLine.addOption({u"at"_s,
        u"When the --command is decided, e.g. 2025-03-17T16:00 (default: a minute after the last given event)."_s,
        u"TIME"_s});
    commandLine.addOption({u"anonymize"_s,
        u"Replace names, emails, usernames and IPs by stable placeholders (person1@example.com, user1, 192.0.2.1)."_s});
    commandLine.addOption({u"class"_s, u"The test class's name (default IncidentTest)."_s, u"NAME"_s});
    commandLine.addOption({u"output"_s,
        u"Write the test to FILE (replaced whole, never left half-written) instead of standard output; its name "
        u"(without .cpp) is the one the test's closing #include \"….moc\" uses."_s,
        u"FILE"_s});
    auto proceed = commandLine.parse(arguments, context);
    if (!proceed || !*proceed)
        return proceed ? Status() : Status(proceed.error());
    auto positionals = commandLine.positionals(1, u"a stream id"_s);
    if (!positionals)
        return positionals.error();
    auto revision = commandLine.integer(u"revision"_s, 0, 1);
    if (!revision)
        return revision.error();

    TestExportRequest request;
    request.revision = *revision;
    request.anonymize = commandLine.isSet(u"anonymize"_s);
    if (commandLine.isSet(u"class"_s))
        request.className = commandLine.value(u"class"_s).trimmed();
    const QString output = commandLine.value(u"output"_s);
    if (!output.isEmpty())
        request.fileBaseName = QFileInfo(output).completeBaseName();
    const DomainCatalog& catalog = DomainCatalog::builtin();
    if (commandLine.isSet(u"command"_s)) {
        const CommandSpec* spec = catalog.command(commandLine.value(u"command"_s).trimmed());
        if (!spec)
            return usageError(u"UnknownCommand"_s,
                u"There is no command '%1' (see: flashback-cli commands)."_s.arg(commandLine.value(u"command"_s)));
        auto fields = collectFields(context, *spec, commandLine);
        if (!fields)
            return fields.error();
        Command command;
        command.name = spec->name;
        command.fields = *fields;
        command.metadata.actor = commandLine.value(u"actor"_s);
        command.metadata.reason = commandLine.value(u"reason"_s);
        request.command = command;
        if (commandLine.isSet(u"at"_s)) {
            request.commandTime = Timestamp::parse(commandLine.value(u"at"_s));
            if (!request.commandTime)
                return usageError(u"InvalidArgument"_s,
                    u"--at needs a time such as 2025-03-17T16:00, not '%1'."_s.arg(commandLine.value(u"at"_s)));
        }
    } else {
        for (const QString& option : {u"set"_s, u"fields"_s, u"actor"_s, u"reason"_s, u"at"_s}) {
            if (commandLine.isSet(option))
                return usageError(u"InvalidArgument"_s, u"--%1 goes with --command."_s.arg(option));
        }
    }

    auto opened = openStoreAndStream(context, positionals->constFirst());
    if (!opened)
        return opened.error();
    auto& [store, stream] = *opened;
    request.streamId = stream.streamId;
    request.storeAddress = exportedStoreAddress(context);
    auto test = exportTest(*store, catalog, request);
    if (!test)
        return test.error();
    if (!output.isEmpty()) {
        if (auto written = writeReportFile(output, test->source); !written)
            return written.error();
    }

    if (context.options().json) {
        QJsonObject document {{u"stream_id"_s, test->streamId}, {u"aggregate_type"_s, test->aggregateType},
            {u"revision"_s, test->revision}, {u"given_events"_s, test->givenEvents},
            {u"when"_s, QJsonObject {{u"kind"_s, testExportWhenName(test->when)}, {u"name"_s, test->whenName}}},
            {u"then"_s,
                QJsonObject {{u"events"_s, QJsonArray::fromStringList(test->thenEvents)},
                    {u"error"_s, test->thenError.isEmpty() ? QJsonValue() : QJsonValue(test->thenError)}}},
            {u"note"_s, test->note.isEmpty() ? QJsonValue() : QJsonValue(test->note)}, {u"class"_s, test->className},
            {u"test_function"_s, test->testFunction}, {u"anonymized_values"_s, test->anonymizedValues},
            {u"output"_s, output.isEmpty() ? QJsonValue() : QJsonValue(QFileInfo(output).absoluteFilePath())}};
        if (output.isEmpty())
            document.insert(u"source"_s, test->source);
        context.printJson(document);
    } else if (output.isEmpty()) {
        context.print(test->source);
    } else {
        printSummary(context, *test, output);
    }
    return {};
}

} // namespace flashback::cli

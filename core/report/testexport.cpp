// SPDX-License-Identifier: GPL-3.0-or-later
#include "testexport.h"

#include "domain/domaincatalog.h"
#include "events/eventscript.h"
#include "pseudonymizer.h"
#include "store/eventstore.h"
#include "store/storeaddress.h"
#include "testkit/aggregatescenario.h"
#include "util/jsonmasking.h"

#include <QJsonDocument>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

/// A command may record several events; this many after the one under scrutiny are read to compare against.
constexpr qint64 MaxEventsPerCommand = 16;

Error cancelled()
{
    return Error::make(ErrorKind::Cancelled, u"The export was cancelled."_s);
}

/// A C++ string literal of `text`: a plain one when nothing in it needs escaping, else a raw one with a delimiter
/// the text does not contain.
QString cppLiteral(const QString& text, bool wide = true)
{
    static const QRegularExpression plain(u"^[^\"\\\\\\x00-\\x1f]*$"_s);
    if (plain.match(text).hasMatch())
        return wide ? QString(u"u\""_s + text + u"\"_s"_s) : QString(u'"' + text + u'"');
    QString delimiter = u"flashback"_s;
    for (int n = 1; text.contains(u')' + delimiter + u'"'); ++n)
        delimiter = u"flashback%1"_s.arg(n);
    return (wide ? u"uR\""_s : u"R\""_s) + delimiter + u'(' + text + u')' + delimiter + (wide ? u"\"_s"_s : u"\""_s);
}

QString jsonText(const QJsonObject& object, QJsonDocument::JsonFormat format = QJsonDocument::Indented)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(format)).trimmed();
}

/// "USER_DELETED" → "userDeleted", "DeleteUser" → "deleteUser": the start of the test function's name.
QString functionStem(const QString& name)
{
    QString stem;
    bool upper = false;
    const bool allCaps = name == name.toUpper();
    for (const QChar c : name) {
        if (c == u'_' || c == u'-' || c == u'.') {
            upper = true;
            continue;
        }
        if (!c.isLetterOrNumber() || c.unicode() > 127)
            continue;
        stem += upper ? c.toUpper() : (allCaps ? c.toLower() : c);
        upper = false;
    }
    if (!stem.isEmpty())
        stem[0] = stem[0].toLower();
    return stem.isEmpty() || !stem[0].isLetter() ? u"incident"_s + stem : stem;
}

/// The events as the test writes them: masked always, pseudonymized on request, in stream order so placeholders
/// are numbered as the story goes.
QList<NewEvent> scriptEvents(
    const QList<RecordedEvent>& recorded, const QStringList& maskedKeys, Pseudonymizer* pseudonymizer)
{
    QList<NewEvent> events;
    for (const RecordedEvent& event : recorded) {
        QJsonObject data = maskedJson(event.dataObject(), maskedKeys);
        EventMetadata stored = event.metadataObject();
        EventMetadata metadata;
        metadata.actor = stored.actor;
        metadata.reason = stored.reason;
        if (pseudonymizer) {
            data = pseudonymizer->object(data);
            metadata.actor = pseudonymizer->text(metadata.actor);
            metadata.reason = pseudonymizer->text(metadata.reason);
        }
        events.append(NewEvent {
            event.eventId, event.type, event.schemaVersion, event.occurredAt, NewEvent::encode(data), metadata});
    }
    return events;
}

struct Then {
    AggregateScenario::Outcome outcome;
    Command command; ///< For a command when.
    Timestamp commandTime;
};

/// The commands of the type whose decision on `given` records exactly the events that follow it.
std::optional<Then> rebuiltCommand(const DomainCatalog& catalog, const QString& aggregateType, const QString& streamId,
    const QList<NewEvent>& given, const QList<NewEvent>& following)
{
    const NewEvent& scrutinized = following.constFirst();
    const QJsonObject payload = QJsonDocument::fromJson(scrutinized.data).object();
    QList<DecodedEvent> recorded;
    for (const NewEvent& event : following)
        recorded.append(DecodedEvent::decode(event, catalog.upcasters()));
    for (const CommandSpec& spec : catalog.commands()) {
        if (spec.aggregateType != aggregateType)
            continue;
        Command command;
        command.name = spec.name;
        for (const FieldSpec& field : spec.fields) {
            if (!field.isSecret() && payload.contains(field.name))
                command.fields.insert(field.name, payload.value(field.name));
        }
        command.metadata.actor = scrutinized.metadata.actor;
        command.metadata.reason = scrutinized.metadata.reason;
        AggregateScenario scenario(catalog, aggregateType, streamId);
        scenario.given(given);
        auto outcome = scenario.when(command, scrutinized.occurredAt);
        if (outcome.error || outcome.events.isEmpty() || outcome.events.size() > recorded.size())
            continue;
        bool same = true;
        for (qsizetype i = 0; i < outcome.events.size() && same; ++i)
            same = outcome.events.at(i).type == recorded.at(i).type && outcome.events.at(i).data == recorded.at(i).data;
        if (same)
            return Then {std::move(outcome), command, scrutinized.occurredAt};
    }
    return std::nullopt;
}

QString commandSource(const Command& command, Timestamp at)
{
    QString text = u"        flashback::Command command;\n"
                   u"        command.name = u\"%1\"_s;\n"_s.arg(command.name);
    if (!command.fields.isEmpty())
        text += u"        command.fields = QJsonDocument::fromJson(QByteArray(%1)).object();\n"_s.arg(
            cppLiteral(jsonText(command.fields, QJsonDocument::Compact), false));
    if (!command.metadata.actor.isEmpty())
        text += u"        command.metadata.actor = %1;\n"_s.arg(cppLiteral(command.metadata.actor));
    if (!command.metadata.reason.isEmpty())
        text += u"        command.metadata.reason = %1;\n"_s.arg(cppLiteral(command.metadata.reason));
    text += u"        const auto outcome = scenario.when(command, *flashback::Timestamp::parse(u\"%1\"_s));\n"_s.arg(
        at.toIso());
    return text;
}

QString thenSource(const AggregateScenario::Outcome& outcome)
{
    QString text;
    if (outcome.error) {
        text += u"        QCOMPARE(outcome.errorCode(), u\"%1\"_s);\n"
                u"        QVERIFY(outcome.events.isEmpty());\n"_s.arg(outcome.error->code);
    } else {
        QStringList types;
        for (const DecodedEvent& event : outcome.events)
            types.append(u"u\"%1\"_s"_s.arg(event.type));
        text += u"        QVERIFY2(!outcome.error, qPrintable(outcome.error ? outcome.error->message : QString()));\n"
                u"        QCOMPARE(outcome.eventTypes(), QStringList({%1}));\n"_s.arg(types.join(u", "_s));
        for (qsizetype i = 0; i < outcome.events.size(); ++i) {
            text += u"        QCOMPARE(flashback::jsonDifferences(outcome.events.at(%1).data, %2), QString());\n"_s
                        .arg(i)
                        .arg(cppLiteral(jsonText(outcome.events.at(i).data, QJsonDocument::Compact)));
        }
    }
    text += u"        QCOMPARE(flashback::jsonDifferences(outcome.state, %1), QString());\n"_s.arg(
        cppLiteral(u'\n' + jsonText(outcome.state) + u'\n'));
    return text;
}

QString storyComment(const ExportedTest& test)
{
    QString given = test.givenEvents == 0 ? u"no events"_s
        : test.givenEvents == 1           ? u"its first event"_s
                                          : u"its first %1 events"_s.arg(test.givenEvents);
    QString when;
    switch (test.when) {
    case ExportedTest::When::RebuiltCommand:
        when = u"%1 (rebuilt from the event recorded at revision %2)"_s.arg(test.whenName).arg(test.revision);
        break;
    case ExportedTest::When::GivenCommand:
        when = u"%1 (asked at export)"_s.arg(test.whenName);
        break;
    case ExportedTest::When::RecordedEvent:
        when = u"the %1 recorded at revision %2"_s.arg(test.whenName).arg(test.revision);
        break;
    }
    const QString then = !test.thenError.isEmpty()       ? u"the domain error %1"_s.arg(test.thenError)
        : test.when == ExportedTest::When::RecordedEvent ? u"the state it leads to"_s
                                                         : u"the events it decides and the state they lead to"_s;
    return u"// Given %1, when %2, then %3."_s.arg(given, when, then);
}

} // namespace

QString testExportWhenName(ExportedTest::When when)
{
    switch (when) {
    case ExportedTest::When::RebuiltCommand:
        return u"rebuilt-command"_s;
    case ExportedTest::When::GivenCommand:
        return u"command"_s;
    case ExportedTest::When::RecordedEvent:
        break;
    }
    return u"recorded-event"_s;
}

Result<ExportedTest> exportTest(
    EventStore& store, const DomainCatalog& catalog, const TestExportRequest& request, const std::atomic<bool>* cancel)
{
    static const QRegularExpression identifier(u"^[A-Za-z_][A-Za-z0-9_]{0,99}$"_s);
    if (!identifier.match(request.className).hasMatch())
        return Error::invalidArgument(
            u"'%1' cannot name a test class: use letters, digits and underscores, starting with a letter."_s.arg(
                request.className));
    const QString fileBaseName = request.fileBaseName.isEmpty() ? request.className.toLower() : request.fileBaseName;
    if (fileBaseName.contains(u'"') || fileBaseName.contains(u'\n'))
        return Error::invalidArgument(u"'%1' cannot be the test file's name."_s.arg(fileBaseName));

    auto info = store.stream(request.streamId);
    if (!info)
        return info.error();
    if (!info->has_value())
        return Error::notFound(u"StreamNotFound"_s, u"There is no stream %1 in this store."_s.arg(request.streamId),
            {{u"stream_id"_s, request.streamId}});
    const QString aggregateType = (*info)->aggregateType;
    if (!catalog.aggregate(aggregateType))
        return Error::invalidArgument(
            u"Stream %1 is of the aggregate type %2, which Flashback only folds "
            u"generically: a test needs the type's own rules."_s.arg(request.streamId, aggregateType));
    const qint64 head = (*info)->revision;
    const qint64 revision = request.revision == 0 ? head : request.revision;
    if (revision < 1 || revision > head)
        return Error::notFound(u"RevisionNotFound"_s,
            u"Stream %1 has revisions 1 to %2; there is no revision %3."_s.arg(request.streamId)
                .arg(head)
                .arg(revision),
            {{u"stream_id"_s, request.streamId}, {u"revision"_s, revision}});

    StreamReadOptions read;
    read.toRevision = request.command ? revision : std::min(head, revision + MaxEventsPerCommand - 1);
    auto recorded = store.readStream(request.streamId, read);
    if (!recorded)
        return recorded.error();
    if (cancel && cancel->load())
        return cancelled();

    QStringList maskedKeys = catalog.maskedFields();
    for (const QString& key : request.maskedKeys) {
        if (!maskedKeys.contains(key))
            maskedKeys.append(key);
    }
    Pseudonymizer pseudonymizer;
    Pseudonymizer* pseudonymize = request.anonymize ? &pseudonymizer : nullptr;
    const QList<NewEvent> events = scriptEvents(*recorded, maskedKeys, pseudonymize);

    ExportedTest test;
    test.className = request.className;
    test.streamId = request.streamId;
    test.aggregateType = aggregateType;
    test.revision = revision;
    test.givenEvents = request.command ? revision : revision - 1;
    const QString given = eventScriptText(events.mid(0, test.givenEvents));
    // Every scenario below folds the given as the test will read it back, parsed once.
    IdGenerator ids;
    const auto givenEvents = parseEventScript(given, ids);
    if (!givenEvents)
        return Error::internal(u"The exported events do not read back: %1"_s.arg(givenEvents.error().message));
    QString whenSource;
    AggregateScenario::Outcome outcome;
    if (request.command) {
        Command command = *request.command;
        if (pseudonymize) {
            command.fields = pseudonymizer.object(command.fields);
            command.metadata.actor = pseudonymizer.text(command.metadata.actor);
            command.metadata.reason = pseudonymizer.text(command.metadata.reason);
        }
        const Timestamp at = request.commandTime.value_or(events.at(revision - 1).occurredAt.addSecs(60));
        AggregateScenario scenario(catalog, aggregateType, request.streamId);
        scenario.given(*givenEvents);
        outcome = scenario.when(command, at);
        // A rule's refusal is the test's then; a command that does not fit (unknown, bad fields) is a mistake.
        if (outcome.error && outcome.error->kind == ErrorKind::InvalidArgument)
            return *outcome.error;
        test.when = ExportedTest::When::GivenCommand;
        test.whenName = command.name;
        test.whenCommand = command;
        whenSource = commandSource(command, at);
    } else if (auto rebuilt
        = rebuiltCommand(catalog, aggregateType, request.streamId, *givenEvents, events.mid(revision - 1))) {
        outcome = std::move(rebuilt->outcome);
        test.when = ExportedTest::When::RebuiltCommand;
        test.whenName = rebuilt->command.name;
        test.whenCommand = rebuilt->command;
        whenSource = commandSource(rebuilt->command, rebuilt->commandTime);
    } else {
        const QString scrutinized = eventScriptText({events.at(revision - 1)});
        AggregateScenario scenario(catalog, aggregateType, request.streamId);
        scenario.given(*givenEvents);
        outcome = scenario.whenEvents(scrutinized);
        test.when = ExportedTest::When::RecordedEvent;
        test.whenName = events.at(revision - 1).type;
        test.whenEventScript = scrutinized;
        test.note = u"No command of %1, rebuilt from the event's payload, decides the same events (a secret such "
                    u"as a password is never in the payload), so the when is the recorded event."_s.arg(aggregateType);
        whenSource
            = u"        const auto outcome = scenario.whenEvents(%1);\n"
              u"        QVERIFY2(!outcome.error, qPrintable(scenario.problem()));\n"_s.arg(cppLiteral(scrutinized));
    }
    if (cancel && cancel->load())
        return cancelled();
    test.thenError = outcome.error ? outcome.error->code : QString();
    test.thenEvents = outcome.error ? QStringList() : outcome.eventTypes();
    test.anonymizedValues = pseudonymizer.replacedValues();
    test.givenScript = given;
    test.expectedState = outcome.state;
    test.testFunction = functionStem(test.whenName)
        + (test.when == ExportedTest::When::GivenCommand ? u"AfterRevision%1"_s : u"AtRevision%1"_s).arg(revision);

    QString source;
    source += u"// A test exported by Flashback %1 (flashback-cli export-test) on %2\n"_s.arg(
        QStringLiteral(FLASHBACK_VERSION), Timestamp::now().toIso());
    source += u"// from %1: stream %2 (%3), revisions 1 to %4.\n"_s
                  .arg(StoreAddress::withoutPassword(request.storeAddress), request.streamId, aggregateType)
                  .arg(std::max(revision, qint64(test.givenEvents)));
    source += storyComment(test) + u'\n';
    if (!test.note.isEmpty())
        source += u"// " + test.note + u'\n';
    source += u"// Masked fields (%1) hold a placeholder, never their value."_s.arg(maskedKeys.join(u", "_s));
    source += pseudonymize ? u" Names, emails, usernames and IPs are placeholders.\n"_s : u"\n"_s;
    source += u"// Build it against flashback_core with Qt Test; the then is what the rules decided at export.\n\n"
              u"#include \"domain/domaincatalog.h\"\n"
              u"#include \"testkit/aggregatescenario.h\"\n\n"
              u"#include <QJsonDocument>\n"
              u"#include <QTest>\n\n"
              u"using namespace Qt::StringLiterals;\n\n"_s;
    source += u"class %1 : public QObject {\n    Q_OBJECT\n\nprivate Q_SLOTS:\n    void %2()\n    {\n"_s.arg(
        test.className, test.testFunction);
    source += u"        flashback::AggregateScenario scenario(flashback::DomainCatalog::builtin(), u\"%1\"_s, %2);\n"_s
                  .arg(aggregateType, cppLiteral(request.streamId));
    source += u"        QVERIFY2(scenario.given(%1), qPrintable(scenario.problem()));\n\n"_s.arg(
        cppLiteral(u'\n' + given + u'\n'));
    source += whenSource + u'\n' + thenSource(outcome);
    source += u"    }\n};\n\nQTEST_APPLESS_MAIN(%1)\n#include \"%2.moc\"\n"_s.arg(test.className, fileBaseName);
    test.source = source;
    return test;
}

} // namespace flashback

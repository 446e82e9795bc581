// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commands/command.h"
#include "util/result.h"
#include "util/timestamp.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <optional>

namespace flashback {

class DomainCatalog;
class EventStore;

/// What `flashback-cli export-test` (and the window's Export as Test…) turns into a test: a stream's events up to
/// one revision, and what happened next.
struct TestExportRequest {
    QString streamId;
    /// The event under scrutiny (0: the stream's last). Given: the events before it; when: the command that
    /// recorded it, rebuilt from its payload, or, when no command rebuilds it, the event itself.
    qint64 revision = 0;
    /// A command to ask instead: given are then the events up to and including `revision`, and the then is what
    /// today's rules decide, events or a domain error.
    std::optional<Command> command;
    /// When that command is decided; default: a minute after the event at `revision`.
    std::optional<Timestamp> commandTime;
    /// Names, emails, usernames and IPs replaced by stable placeholders (Pseudonymizer: the same value, the same
    /// placeholder).
    bool anonymize = false;
    /// Masked on top of the catalog's masked fields; masked values never reach the test.
    QStringList maskedKeys;
    QString className = QStringLiteral("IncidentTest"); ///< A C++ identifier.
    /// The file's name without its extension, for the `#include "….moc"` the test ends with; default: the class
    /// name in lower case.
    QString fileBaseName;
    QString storeAddress; ///< Named in the test's opening comment, without its password.
};

/// The test's source and what it claims.
struct ExportedTest {
    enum class When { RebuiltCommand, GivenCommand, RecordedEvent };

    QString source;
    QString className;
    QString testFunction;
    QString streamId;
    QString aggregateType;
    qint64 givenEvents = 0;
    qint64 revision = 0; ///< The event under scrutiny (or the last given one, for a given command).
    When when = When::RecordedEvent;
    QString whenName; ///< The command's name, or the recorded event's type.
    QStringList thenEvents; ///< The event types the test expects (none when it expects an error).
    QString thenError; ///< The domain error code the test expects, if any.
    QString note; ///< Why the event itself is the when, when no command rebuilt it.
    // What the source holds, for checking it without compiling it:
    QString givenScript; ///< The given events, in parseEventScript()'s text form.
    std::optional<Command> whenCommand; ///< The command of a command when.
    QString whenEventScript; ///< The recorded event of an event when, in the same form.
    QJsonObject expectedState; ///< The state the test expects afterwards.
    int anonymizedValues = 0;
};

/// "rebuilt-command", "command" or "recorded-event", as `--json` prints it.
QString testExportWhenName(ExportedTest::When when);

/// Builds the test: reads the stream, masks, anonymizes on request, finds the when, and computes the then by
/// running the test's own scenario (AggregateScenario) on the data written into it, so the exported test passes
/// against the rules it was exported with. NotFound for a missing stream or revision; InvalidArgument for an
/// aggregate type Flashback does not know, a bad class name, or a command that does not fit the stream.
Result<ExportedTest> exportTest(EventStore& store, const DomainCatalog& catalog, const TestExportRequest& request,
    const std::atomic<bool>* cancel = nullptr);

} // namespace flashback

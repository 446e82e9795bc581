// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "audit/operatoraudit.h"
#include "clireference.h"
#include "store/eventstore.h"
#include "store/storeaddress.h"
#include "store/storeoptions.h"
#include "util/result.h"
#include "util/shellquote.h"

#include <QJsonObject>
#include <QString>

#include <chrono>
#include <memory>

namespace flashback::cli {

/// Options every subcommand accepts, before or after its name.
struct GlobalOptions {
    QString store; ///< As given to --store, or $FLASHBACK_STORE.
    bool json = false;
    std::chrono::milliseconds busyTimeout {5000};
    bool readOnly = false;
    bool verbose = false;
};

/// What one run of flashback-cli shares between the dispatcher and a subcommand: the global options, the
/// console, and how to open the store they name.
class CliContext {
public:
    CliContext();

    GlobalOptions& options() { return m_options; }
    const GlobalOptions& options() const { return m_options; }

    /// Standard output, UTF-8, exactly as given.
    void print(const QString& text) const;
    /// One JSON document (and a newline) on standard output.
    void printJson(const QJsonObject& document) const;
    /// Standard error, UTF-8, exactly as given.
    void printError(const QString& text) const;
    bool stderrIsTerminal() const;

    /// One line of standard input without its line break, or nothing at end of input.
    std::optional<QString> readLine() const;

    Result<StoreAddress> storeAddress() const;
    /// Opens the store named by --store / $FLASHBACK_STORE with the global options applied.
    Result<std::unique_ptr<EventStore>> openStore(StoreOptions::OpenMode mode = StoreOptions::OpenMode::OpenExisting,
        StoreOptions::Durability durability = StoreOptions::Durability::Full) const;

    /// "--store 'demo.flashback' " (shell-quoted, with a trailing blank) when the store did not come from the
    /// environment, so a printed example command can be pasted as is; empty otherwise. A password in a
    /// PostgreSQL address is masked.
    QString storeArgumentForExamples() const;

    /// Who and where this run's operator actions are recorded as: defaultActor() with "flashback-cli <version>".
    OperatorContext operatorContext() const;
    /// Says on standard error that `audit` could not record the last action (the action itself stands).
    void warnIfNotAudited(const OperatorAudit& audit) const;

    /// From now on subcommands hand their command line's reference to `sink` and return without parsing or
    /// running: how the man page is made from the definitions the program itself uses.
    void describeOnly(ReferenceSink sink) { m_referenceSink = std::move(sink); }
    const ReferenceSink& referenceSink() const { return m_referenceSink; }

private:
    GlobalOptions m_options;
    ReferenceSink m_referenceSink;
    QString m_storeFromEnvironment;
};

} // namespace flashback::cli

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace flashback {

/// A command issued from the console (dry run or executed) or saved as a template, without its secrets: the
/// names of the secret fields that were given are kept so that re-issuing asks for them again. Kept per store
/// in the settings (Settings::commandHistory); templates (a name, no stream, no outcome) for every store.
struct IssuedCommand {
    enum class Outcome { DryRun, Executed, Failed };

    QDateTime at; ///< When it was issued (UTC).
    QString name; ///< For a template: what the user called it.
    QString command; ///< e.g. "ChangeName"
    QString streamId; ///< The target; empty for a new stream.
    QJsonObject fields; ///< Non-secret fields only.
    QStringList secretFields; ///< Secret fields that were given; never their values.
    QString actor;
    QString reason;
    Outcome outcome = Outcome::DryRun;
    bool dryRun = false; ///< Asked as a dry run (also when it failed).
    QString resultStream; ///< The stream it ran against (the new id for a stream it created).
    qint64 revision = 0; ///< The stream's revision after it (what a dry run would reach).
    QString errorCode; ///< Outcome::Failed: the error's code (EmailTaken, ConcurrencyConflict…).
    QString errorMessage;

    QJsonObject toJson() const;
    /// Nothing for an entry without a command (hand-edited settings); unknown keys are ignored.
    static std::optional<IssuedCommand> fromJson(const QJsonObject& json);

    /// `flashback-cli --store ADDRESS command …` doing the same (with --dry-run for a dry run): secrets as `--set
    /// FIELD=-`, which the CLI reads from standard input, one line each in the order given. `address` carries no
    /// password.
    QString cliLine(const QString& address) const;

    friend bool operator==(const IssuedCommand&, const IssuedCommand&) = default;
};

QString outcomeName(IssuedCommand::Outcome outcome);

} // namespace flashback

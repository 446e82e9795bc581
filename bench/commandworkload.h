// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The commands bench_command and bench_pg_command run, in a file of their own so that both benchmarks run the
// same sequence and each bench_*.cpp holds only its measurement.

#include "commands/command.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <vector>

namespace flashback {
class EventStore;
}

namespace flashback::bench {

/// One command of the sequence, already in the form each side needs.
struct Step {
    bool login = true; ///< RecordLogin, else ChangeName.
    int user = 0;
    QString commandId;
    QJsonObject fields;
    // For the raw side, encoded before the clock starts.
    QByteArray eventId; ///< 16 bytes (RFC 4122).
    QByteArray type;
    QByteArray data;
    QByteArray metadata;
};

/// `count` RecordLogin and ChangeName commands at random on random users of `users`; the same seed always gives
/// the same sequence. `offset` keeps the new last names of ChangeName distinct across sequences.
std::vector<Step> makeSteps(int count, int users, quint64 seed, int offset);

/// The command the handler executes for `step` on the user `streamId`.
Command toCommand(const Step& step, const QString& streamId);

/// Creates `users` users through CommandHandler (PasswordHasher with 1000 iterations); returns their stream ids.
/// Ends the program on any error.
QStringList createUsers(EventStore& store, int users);

} // namespace flashback::bench

// SPDX-License-Identifier: GPL-3.0-or-later
#include "clireference.h"
#include "exitcode.h"

using namespace Qt::StringLiterals;

namespace flashback::cli {

QString cliDescription()
{
    return u"Inspect and write Flashback event stores from scripts and terminals."_s;
}

QList<QCommandLineOption> globalOptions()
{
    return {
        {u"store"_s, u"The store: a SQLite file path, or a PostgreSQL URI / conninfo. Default: $FLASHBACK_STORE."_s,
            u"ADDRESS"_s},
        {u"json"_s, u"Print one JSON document on stdout (errors as JSON on stderr)."_s},
        {u"busy-timeout"_s, u"How long to wait for another writer's lock, in milliseconds. Default: 5000."_s, u"MS"_s},
        {u"read-only"_s, u"Open the store read-only; any write fails with exit code 3."_s},
        {u"verbose"_s, u"Log what the core does (flashback.* debug messages) and print error details."_s},
        {{u"h"_s, u"help"_s}, u"Show help (for a subcommand: flashback-cli SUBCOMMAND --help)."_s},
        {u"version"_s, u"Show the version."_s},
    };
}

QList<ReferenceEntry> environmentVariables()
{
    return {
        {u"FLASHBACK_STORE"_s, u"the store when --store is not given"_s,
            u"The store when --store is not given: a SQLite file path, or a PostgreSQL URI or conninfo."_s},
        {u"FLASHBACK_ACTOR"_s, u"metadata.actor of commands when --actor is not given"_s,
            u"Who commands are recorded as (metadata.actor) when --actor is not given. Without either, user@host "
            u"of the account running the program."_s},
        {u"FLASHBACK_PASSWORD_ITERATIONS"_s, u"PBKDF2 rounds for new password hashes"_s,
            u"PBKDF2 rounds for password hashes written by command (default 600000). Every hash records its own "
            u"count, so a store written with few rounds (tests, scratch stores) still verifies."_s},
    };
}

namespace {

/// The codes' numbers come from the enum scripts are promised, so the table cannot name another.
QString number(ExitCode code)
{
    return QString::number(int(code));
}

} // namespace

QList<ReferenceEntry> exitCodes()
{
    return {
        {number(ExitCode::Success), u"success"_s,
            u"Success (also --help, --version, and init on an existing store). Findings are not errors: a snapshot "
            u"that differs from a replay, or a projection that ends failed, still exits 0 with the finding in the "
            u"output."_s},
        {number(ExitCode::Internal), u"internal error"_s,
            u"Internal error: a bug; please report it with the message."_s},
        {number(ExitCode::Usage), u"usage error"_s,
            u"Usage error: the request itself is wrong (an unknown subcommand or option, a bad value, an unknown "
            u"command or projection)."_s},
        {number(ExitCode::Store), u"store error"_s,
            u"Store error: the store could not be opened, read or written (missing, busy, read-only, not a "
            u"Flashback store, or its server unreachable)."_s},
        {number(ExitCode::DomainRule), u"domain rule violated"_s,
            u"A domain rule refused the command (for example a username already taken); nothing was written."_s},
        {number(ExitCode::Conflict), u"concurrency conflict"_s,
            u"Conflict: the stream moved on since it was read (optimistic concurrency), or another worker is in the "
            u"way; nothing was written."_s},
        {number(ExitCode::NotFound), u"not found"_s,
            u"Not found: no such stream, revision or outbox row, or the stream did not exist yet at the time asked."_s},
    };
}

} // namespace flashback::cli

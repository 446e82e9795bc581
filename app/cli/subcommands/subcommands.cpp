// SPDX-License-Identifier: GPL-3.0-or-later
#include "subcommands.h"

using namespace Qt::StringLiterals;

namespace flashback::cli {

const QList<Subcommand>& subcommands()
{
    static const QList<Subcommand> all {
        {u"init"_s, u"Create a store (or confirm that one exists)."_s, &runInit},
        {u"info"_s, u"Show the store's address and statistics."_s, &runInfo},
        {u"demo"_s, u"Fill a new store with the demo users and their incident stories."_s, &runDemo},
        {u"commands"_s, u"List the commands the built-in domains accept, with their fields."_s, &runCommands},
        {u"command"_s, u"Run one command (e.g. CreateUser) and print the events it appended."_s, &runCommand},
        {u"streams"_s, u"List streams, most recently active first."_s, &runStreams},
        {u"events"_s, u"Show the events of one stream."_s, &runEvents},
        {u"log"_s, u"Search the global event log (newest first)."_s, &runLog},
        {u"search"_s, u"Find events by words, emails, usernames, IPs or ids, through the search index."_s, &runSearch},
        {u"state"_s, u"Show a stream's state, now or as of a revision or a time."_s, &runState},
        {u"diff"_s, u"Show what changed in a stream's state between two revisions."_s, &runDiff},
        {u"history"_s, u"Show every change of one field, with who and why."_s, &runHistory},
        {u"report"_s, u"Write an incident report of a stream (Markdown or HTML) for a ticket."_s, &runReport},
        {u"export-test"_s, u"Turn a stream's history into a given/when/then test of its aggregate."_s, &runExportTest},
        {u"snapshot"_s, u"Take a snapshot of a stream now."_s, &runSnapshot},
        {u"snapshots"_s, u"List a stream's snapshots; --verify compares them with a replay."_s, &runSnapshots},
        {u"project"_s, u"Run the projections and deliver the outbox (--once or --follow)."_s, &runProject},
        {u"lag"_s, u"Show how far each projection is behind, and the outbox's counts."_s, &runLag},
        {u"outbox"_s, u"List outbox rows; retry or discard one."_s, &runOutbox},
        {u"users"_s, u"List and search users in the users read model."_s, &runUsers},
        {u"rebuild"_s, u"Rebuild a projection's read model and swap it in."_s, &runRebuild},
        {u"pause"_s, u"Pause projections until they are resumed."_s, &runPause},
        {u"resume"_s, u"Resume projections; a failed one retries the event it failed on."_s, &runResume},
        {u"audit"_s, u"List what operators did: commands, projection and outbox changes."_s, &runAudit},
    };
    return all;
}

} // namespace flashback::cli

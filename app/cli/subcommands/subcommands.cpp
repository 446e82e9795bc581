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
    };
    return all;
}

} // namespace flashback::cli

// SPDX-License-Identifier: GPL-3.0-or-later
#include "stopsignal.h"

#include <csignal>
#include <signal.h>

namespace flashback::cli {

namespace {

// Only lock-free atomics may be touched from a signal handler.
static_assert(std::atomic<bool>::is_always_lock_free);

std::atomic<bool> stopFlag {false};
std::atomic<bool> signalReceived {false};
struct sigaction previousInterrupt { };
struct sigaction previousTerminate { };

extern "C" void requestStop(int)
{
    signalReceived.store(true);
    stopFlag.store(true);
}

} // namespace

StopSignal::StopSignal()
{
    stopFlag.store(false);
    signalReceived.store(false);
    struct sigaction action { };
    action.sa_handler = &requestStop;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART; // the loops poll the flag; interrupted system calls just carry on
    sigaction(SIGINT, &action, &previousInterrupt);
    sigaction(SIGTERM, &action, &previousTerminate);
}

StopSignal::~StopSignal()
{
    sigaction(SIGINT, &previousInterrupt, nullptr);
    sigaction(SIGTERM, &previousTerminate, nullptr);
}

std::atomic<bool>& StopSignal::flag()
{
    return stopFlag;
}

bool StopSignal::received() const
{
    return signalReceived.load();
}

} // namespace flashback::cli

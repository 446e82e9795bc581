// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <atomic>

namespace flashback::cli {

/// Turns SIGINT and SIGTERM into a request to stop, for loops that check a flag between transactions (so a
/// Ctrl+C never leaves a batch half-done). The previous handlers come back when the guard is destroyed. One
/// guard at a time per process: a signal handler can only reach a global flag.
class StopSignal {
public:
    StopSignal();
    ~StopSignal();
    StopSignal(const StopSignal&) = delete;
    StopSignal& operator=(const StopSignal&) = delete;

    /// Set by the signal, or by the program to stop its own workers.
    std::atomic<bool>& flag();
    /// Whether a signal (rather than the program) asked to stop.
    bool received() const;
};

} // namespace flashback::cli

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QVariantMap>

namespace flashback {

/// What went wrong, in categories callers can act on. Names are stable: they are printed by the CLI
/// and parsed by scripts (see docs/cli.md).
enum class ErrorKind {
    InvalidArgument, ///< Bad input from the caller: unknown field, wrong type, malformed JSON, invalid id.
    NotFound, ///< A stream, event or aggregate that does not exist.
    ConcurrencyConflict, ///< The stream moved on since the caller read it (optimistic concurrency).
    ReservationConflict, ///< A unique value (e.g. an email) is reserved by another stream.
    DuplicateCommand, ///< A command id was already recorded (idempotency).
    DomainRuleViolated, ///< A business rule refused the command; `code` names the rule.
    StoreNotFound, ///< No store at the given address.
    StoreUnavailable, ///< The store cannot be reached or opened.
    StoreBusy, ///< Another writer held the store's write lock past the busy timeout.
    StoreReadOnly, ///< A write was attempted on a store opened (or only openable) read-only.
    SchemaTooNew, ///< The store was written by a newer Flashback.
    NotAFlashbackStore, ///< The file or database is not a Flashback store; it was left untouched.
    StoreCorrupt, ///< The store's file is damaged.
    BackendNotAvailable, ///< This build cannot talk to that kind of store yet.
    Cancelled, ///< The caller cancelled the operation.
    Internal, ///< A bug: an invariant did not hold.
};

/// Coarse grouping of error kinds; the CLI maps each group to one exit code.
enum class ErrorCategory { Usage, Store, DomainRule, Conflict, NotFound, Internal };

/// An error as a value: a stable code, one plain sentence for people, and detail for the curious.
struct Error {
    ErrorKind kind = ErrorKind::Internal;
    QString code; ///< Stable identifier, e.g. "ConcurrencyConflict" or a domain rule such as "EmailTaken".
    QString message; ///< One plain sentence a support engineer understands.
    QString detail; ///< Technical detail (driver messages, offsets); may be empty.
    QVariantMap context; ///< Structured facts (expected/actual revision, field name, ...).

    static Error make(ErrorKind kind, QString message, QString detail = {}, QVariantMap context = {});
    /// A business rule violation with its stable rule code.
    static Error domain(QString ruleCode, QString message, QVariantMap context = {});
    static Error notFound(QString code, QString message, QVariantMap context = {});
    static Error invalidArgument(QString message, QString detail = {}, QVariantMap context = {});
    static Error internal(QString message, QString detail = {});

    ErrorCategory category() const;
    /// "message [code]", with the detail appended when there is one.
    QString toString() const;
};

QString errorKindName(ErrorKind kind);

} // namespace flashback

// SPDX-License-Identifier: GPL-3.0-or-later
#include "error.h"

using namespace Qt::StringLiterals;

namespace flashback {

QString errorKindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::InvalidArgument:
        return u"InvalidArgument"_s;
    case ErrorKind::NotFound:
        return u"NotFound"_s;
    case ErrorKind::ConcurrencyConflict:
        return u"ConcurrencyConflict"_s;
    case ErrorKind::ReservationConflict:
        return u"ReservationConflict"_s;
    case ErrorKind::DuplicateCommand:
        return u"DuplicateCommand"_s;
    case ErrorKind::DomainRuleViolated:
        return u"DomainRuleViolated"_s;
    case ErrorKind::StoreNotFound:
        return u"StoreNotFound"_s;
    case ErrorKind::StoreUnavailable:
        return u"StoreUnavailable"_s;
    case ErrorKind::StoreBusy:
        return u"StoreBusy"_s;
    case ErrorKind::StoreReadOnly:
        return u"StoreReadOnly"_s;
    case ErrorKind::SchemaTooNew:
        return u"SchemaTooNew"_s;
    case ErrorKind::NotAFlashbackStore:
        return u"NotAFlashbackStore"_s;
    case ErrorKind::StoreCorrupt:
        return u"StoreCorrupt"_s;
    case ErrorKind::BackendNotAvailable:
        return u"BackendNotAvailable"_s;
    case ErrorKind::Cancelled:
        return u"Cancelled"_s;
    case ErrorKind::Internal:
        return u"Internal"_s;
    }
    return u"Internal"_s;
}

Error Error::make(ErrorKind kind, QString message, QString detail, QVariantMap context)
{
    return Error {kind, errorKindName(kind), std::move(message), std::move(detail), std::move(context)};
}

Error Error::domain(QString ruleCode, QString message, QVariantMap context)
{
    return Error {ErrorKind::DomainRuleViolated, std::move(ruleCode), std::move(message), {}, std::move(context)};
}

Error Error::notFound(QString code, QString message, QVariantMap context)
{
    return Error {ErrorKind::NotFound, std::move(code), std::move(message), {}, std::move(context)};
}

Error Error::invalidArgument(QString message, QString detail, QVariantMap context)
{
    return make(ErrorKind::InvalidArgument, std::move(message), std::move(detail), std::move(context));
}

Error Error::internal(QString message, QString detail)
{
    return make(ErrorKind::Internal, std::move(message), std::move(detail));
}

ErrorCategory Error::category() const
{
    switch (kind) {
    case ErrorKind::InvalidArgument:
    case ErrorKind::DuplicateCommand:
        return ErrorCategory::Usage;
    case ErrorKind::NotFound:
        return ErrorCategory::NotFound;
    case ErrorKind::ConcurrencyConflict:
    case ErrorKind::ReservationConflict:
        return ErrorCategory::Conflict;
    case ErrorKind::DomainRuleViolated:
        return ErrorCategory::DomainRule;
    case ErrorKind::StoreNotFound:
    case ErrorKind::StoreUnavailable:
    case ErrorKind::StoreBusy:
    case ErrorKind::StoreReadOnly:
    case ErrorKind::SchemaTooNew:
    case ErrorKind::NotAFlashbackStore:
    case ErrorKind::StoreCorrupt:
    case ErrorKind::BackendNotAvailable:
        return ErrorCategory::Store;
    case ErrorKind::Cancelled:
    case ErrorKind::Internal:
        return ErrorCategory::Internal;
    }
    return ErrorCategory::Internal;
}

QString Error::toString() const
{
    QString text = message % u" ["_s % code % u']';
    if (!detail.isEmpty())
        text += u" ("_s % detail % u')';
    return text;
}

} // namespace flashback

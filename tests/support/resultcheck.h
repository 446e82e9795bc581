// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/result.h"

#include <QByteArray>

namespace flashback::test {

/// The error of a failed Result as text for QVERIFY2 (its message argument is evaluated even on success).
template <typename T> QByteArray why(const Result<T>& result)
{
    return result.ok() ? QByteArray() : result.error().toString().toUtf8();
}

} // namespace flashback::test

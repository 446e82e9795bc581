// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/result.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <random>

namespace flashback {

/// Salted, slow password hashing: PBKDF2-HMAC-SHA256, encoded as "pbkdf2_sha256$ITERATIONS$SALT$HASH" (salt
/// and hash in base64). The iteration count is stored in each hash, so verification works for any count;
/// tests and demo data use a small count to stay fast.
class PasswordHasher {
public:
    static constexpr int DefaultIterations = 600000; // OWASP's 2023 figure for PBKDF2-HMAC-SHA256
    static constexpr int SaltBytes = 16;
    static constexpr int HashBytes = 32;

    explicit PasswordHasher(int iterations = DefaultIterations);
    /// Repeatable salts, for deterministic demo stores and tests.
    PasswordHasher(int iterations, quint64 saltSeed);

    /// FLASHBACK_PASSWORD_ITERATIONS when set (tests and demos make hashing fast with it), else
    /// DefaultIterations; an InvalidArgument error when it is set to anything but a whole number of at least 1.
    static Result<int> iterationsFromEnvironment();

    int iterations() const { return m_iterations; }
    static QString method();

    QString hash(const QString& password);
    /// False for a wrong password and for an encoding this class cannot read.
    static bool verify(const QString& password, const QString& encoded);

    static QByteArray pbkdf2Sha256(const QByteArray& password, const QByteArray& salt, int iterations, int keyLength);

private:
    QByteArray newSalt();
    int m_iterations;
    std::optional<std::mt19937_64> m_seeded;
};

} // namespace flashback

// SPDX-License-Identifier: GPL-3.0-or-later
#include "passwordhasher.h"

#include "util/sha256.h"

#include <QRandomGenerator>
#include <QStringList>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

// Bounds for what verify() accepts from an encoding: a damaged or hostile value must not make verification run
// for hours or allocate without limit.
constexpr qint64 MaxIterations = 100'000'000;
constexpr qsizetype MaxKeyBytes = 1024;

// HMAC-SHA256 (RFC 2104) for a key that is used hundreds of thousands of times. HMAC(K, m) is
// H((K ^ opad) || H((K ^ ipad) || m)), and both padded keys fill exactly one SHA-256 block, so the state after
// absorbing each of them is computed once here and every call resumes from it. When the message is itself a
// digest (every PBKDF2 round after the first), the inner and the outer hash each end in a single block whose
// padding never changes, so one HMAC is exactly two compression-function calls.
class HmacSha256 {
public:
    explicit HmacSha256(const QByteArray& key)
    {
        QByteArray block = key.size() > Sha256::BlockBytes ? Sha256::hash(key) : key;
        block.resize(Sha256::BlockBytes, '\0');
        QByteArray innerPad(Sha256::BlockBytes, Qt::Uninitialized);
        QByteArray outerPad(Sha256::BlockBytes, Qt::Uninitialized);
        for (int i = 0; i < Sha256::BlockBytes; ++i) {
            innerPad[i] = char(block[i] ^ 0x36);
            outerPad[i] = char(block[i] ^ 0x5c);
        }
        m_innerState = absorbedState(innerPad);
        m_outerState = absorbedState(outerPad);
    }

    /// HMAC of any message; the result is the digest as eight words.
    Sha256::State compute(QByteArrayView message) const
    {
        Sha256 inner = Sha256::fromState(m_innerState, Sha256::BlockBytes);
        inner.addData(message);
        return finish(inner.resultState());
    }

    /// HMAC of a message that is a 32-byte digest: two compression-function calls.
    Sha256::State computeForDigest(const Sha256::State& digest) const
    {
        Sha256::State inner = m_innerState;
        Sha256::compress(inner, digestBlock(digest));
        return finish(inner);
    }

private:
    static Sha256::State absorbedState(const QByteArray& pad)
    {
        Sha256 sha;
        sha.addData(pad);
        return sha.state();
    }

    // The last block of a hash over one pad block followed by a digest: the digest's eight words, the 0x80
    // marker, zeros, and the total length of 64 + 32 bytes in bits (FIPS 180-4 section 5.1.1).
    static Sha256::Block digestBlock(const Sha256::State& digest)
    {
        Sha256::Block block {};
        std::copy(digest.begin(), digest.end(), block.begin());
        block[8] = 0x80000000;
        block[15] = (Sha256::BlockBytes + Sha256::DigestBytes) * 8;
        return block;
    }

    Sha256::State finish(const Sha256::State& innerDigest) const
    {
        Sha256::State outer = m_outerState;
        Sha256::compress(outer, digestBlock(innerDigest));
        return outer;
    }

    Sha256::State m_innerState {};
    Sha256::State m_outerState {};
};

// Strict base64: a hash with a stray character is damaged, not something to decode leniently.
std::optional<QByteArray> decodeBase64(QStringView text)
{
    auto decoded = QByteArray::fromBase64Encoding(text.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || decoded.decoded.isEmpty())
        return std::nullopt;
    return std::move(decoded.decoded);
}

bool constantTimeEquals(const QByteArray& a, const QByteArray& b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

} // namespace

Result<int> PasswordHasher::iterationsFromEnvironment()
{
    const QString text = qEnvironmentVariable("FLASHBACK_PASSWORD_ITERATIONS");
    if (text.isEmpty())
        return DefaultIterations;
    bool ok = false;
    const int iterations = text.toInt(&ok);
    if (!ok || iterations < 1)
        return Error::invalidArgument(
            u"FLASHBACK_PASSWORD_ITERATIONS must be a whole number of at least 1, not '%1'."_s.arg(text));
    return iterations;
}

PasswordHasher::PasswordHasher(int iterations)
    : m_iterations(std::max(1, iterations))
{ }

PasswordHasher::PasswordHasher(int iterations, quint64 saltSeed)
    : m_iterations(std::max(1, iterations))
    , m_seeded(std::mt19937_64(saltSeed))
{ }

QString PasswordHasher::method()
{
    return u"pbkdf2_sha256"_s;
}

QByteArray PasswordHasher::newSalt()
{
    QByteArray salt(SaltBytes, Qt::Uninitialized);
    if (m_seeded) {
        for (qsizetype i = 0; i < salt.size(); i += 8) {
            quint64 bits = (*m_seeded)();
            for (qsizetype j = i; j < std::min<qsizetype>(i + 8, salt.size()); ++j, bits >>= 8)
                salt[j] = char(bits & 0xff);
        }
        return salt;
    }
    for (auto& byte : salt)
        byte = char(QRandomGenerator::system()->bounded(256));
    return salt;
}

QString PasswordHasher::hash(const QString& password)
{
    const QByteArray salt = newSalt();
    const QByteArray derived = pbkdf2Sha256(password.toUtf8(), salt, m_iterations, HashBytes);
    return method() % u'$' % QString::number(m_iterations) % u'$' % QString::fromLatin1(salt.toBase64()) % u'$'
        % QString::fromLatin1(derived.toBase64());
}

bool PasswordHasher::verify(const QString& password, const QString& encoded)
{
    const QStringList parts = encoded.split(u'$');
    if (parts.size() != 4 || parts[0] != method())
        return false;
    bool ok = false;
    const qint64 iterations = parts[1].toLongLong(&ok);
    if (!ok || iterations < 1 || iterations > MaxIterations)
        return false;
    const auto salt = decodeBase64(parts[2]);
    const auto expected = decodeBase64(parts[3]);
    if (!salt || !expected || expected->size() > MaxKeyBytes)
        return false;
    const QByteArray actual = pbkdf2Sha256(password.toUtf8(), *salt, int(iterations), int(expected->size()));
    return constantTimeEquals(actual, *expected);
}

QByteArray PasswordHasher::pbkdf2Sha256(
    const QByteArray& password, const QByteArray& salt, int iterations, int keyLength)
{
    if (iterations < 1 || keyLength < 1)
        return {};
    const HmacSha256 hmac(password);
    QByteArray derived;
    derived.reserve(keyLength);
    QByteArray firstMessage = salt;
    firstMessage.append(4, '\0');
    for (quint32 index = 1; derived.size() < keyLength; ++index) {
        // RFC 8018 section 5.2: U1 = PRF(P, S || INT(i)), Uj = PRF(P, Uj-1), T = U1 ^ ... ^ Uc. Each U stays
        // in SHA-256's word form; only the finished block T is turned into bytes.
        const qsizetype tail = salt.size();
        firstMessage[tail] = char(index >> 24);
        firstMessage[tail + 1] = char(index >> 16);
        firstMessage[tail + 2] = char(index >> 8);
        firstMessage[tail + 3] = char(index);
        Sha256::State previous = hmac.compute(firstMessage);
        Sha256::State block = previous;
        for (int round = 1; round < iterations; ++round) {
            previous = hmac.computeForDigest(previous);
            for (int i = 0; i < 8; ++i)
                block[i] ^= previous[i];
        }
        const qsizetype take = std::min<qsizetype>(Sha256::DigestBytes, keyLength - derived.size());
        for (qsizetype i = 0; i < take; ++i)
            derived.append(char(block[i / 4] >> (24 - 8 * (i % 4))));
    }
    return derived;
}

} // namespace flashback

#include "passwordhasher.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QStringList>

#include <array>
#include <cstring>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

constexpr int Sha256Bytes = 32;
constexpr int Sha256BlockBytes = 64;
// Bounds for what verify() accepts from an encoding: a damaged or hostile value must not make verification run
// for hours or allocate without limit.
constexpr qint64 MaxIterations = 100'000'000;
constexpr qsizetype MaxKeyBytes = 1024;

using Digest = std::array<char, Sha256Bytes>;

// HMAC-SHA256 with the padded key blocks prepared once: PBKDF2 calls it hundreds of thousands of times with the
// same key, so the per-call work is just two resets and four small addData() calls.
class HmacSha256 {
public:
    explicit HmacSha256(const QByteArray& key)
    {
        QByteArray block
            = key.size() > Sha256BlockBytes ? QCryptographicHash::hash(key, QCryptographicHash::Sha256) : key;
        block.resize(Sha256BlockBytes, '\0');
        for (int i = 0; i < Sha256BlockBytes; ++i) {
            m_innerPad[i] = char(block[i] ^ 0x36);
            m_outerPad[i] = char(block[i] ^ 0x5c);
        }
    }

    void compute(QByteArrayView message, Digest& out)
    {
        m_inner.reset();
        m_inner.addData(QByteArrayView(m_innerPad.data(), Sha256BlockBytes));
        m_inner.addData(message);
        m_outer.reset();
        m_outer.addData(QByteArrayView(m_outerPad.data(), Sha256BlockBytes));
        m_outer.addData(m_inner.resultView());
        std::memcpy(out.data(), m_outer.resultView().data(), Sha256Bytes);
    }

private:
    std::array<char, Sha256BlockBytes> m_innerPad {};
    std::array<char, Sha256BlockBytes> m_outerPad {};
    QCryptographicHash m_inner {QCryptographicHash::Sha256};
    QCryptographicHash m_outer {QCryptographicHash::Sha256};
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
    HmacSha256 hmac(password);
    QByteArray derived;
    derived.reserve(keyLength);
    QByteArray firstMessage = salt;
    firstMessage.append(4, '\0');
    Digest previous {};
    Digest block {};
    for (quint32 index = 1; derived.size() < keyLength; ++index) {
        // RFC 8018 section 5.2: U1 = PRF(P, S || INT(i)), Uj = PRF(P, Uj-1), T = U1 ^ ... ^ Uc.
        const qsizetype tail = salt.size();
        firstMessage[tail] = char(index >> 24);
        firstMessage[tail + 1] = char(index >> 16);
        firstMessage[tail + 2] = char(index >> 8);
        firstMessage[tail + 3] = char(index);
        hmac.compute(firstMessage, previous);
        block = previous;
        for (int round = 1; round < iterations; ++round) {
            hmac.compute(QByteArrayView(previous.data(), Sha256Bytes), previous);
            for (int i = 0; i < Sha256Bytes; ++i)
                block[i] ^= previous[i];
        }
        derived.append(block.data(), std::min<qsizetype>(Sha256Bytes, keyLength - derived.size()));
    }
    return derived;
}

} // namespace flashback

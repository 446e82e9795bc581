// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <array>
#include <cstdint>

namespace flashback {

/// SHA-256 as specified in FIPS 180-4, in plain portable C++.
///
/// Qt's QCryptographicHash computes the same digests; this class exists because it also exposes the
/// algorithm's internal state. A hash of a message that starts with whole 64-byte blocks can be resumed from
/// the state reached after those blocks (the "midstate"), and a caller that pads its own final block can run
/// the compression function directly. HMAC-based PBKDF2 relies on both: the keyed pads are absorbed once, and
/// each iteration then costs exactly two compression-function calls (see PasswordHasher::pbkdf2Sha256).
///
/// Usage follows QCryptographicHash:
/// @code
/// Sha256 sha;
/// sha.addData(part1);
/// sha.addData(part2);
/// const QByteArray digest = sha.result();
/// @endcode
class Sha256 {
public:
    static constexpr int DigestBytes = 32; ///< Size of a digest in bytes.
    static constexpr int BlockBytes = 64; ///< Size of a message block in bytes.

    /// The chaining value H0..H7. After the final block it is the digest, one big-endian word per entry.
    using State = std::array<std::uint32_t, 8>;
    /// One message block as sixteen words; word i holds bytes 4i..4i+3, big-endian (FIPS 180-4 section 5.2).
    using Block = std::array<std::uint32_t, 16>;

    /// The initial hash value of FIPS 180-4 section 5.3.3.
    static constexpr State InitialState
        = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

    /// Starts an empty hash.
    Sha256() = default;

    /// Resumes a hash from its midstate: @p state as returned by state() after @p bytesAbsorbed bytes, which
    /// must be a multiple of BlockBytes (a state taken mid-block would be missing the buffered bytes).
    static Sha256 fromState(const State& state, std::uint64_t bytesAbsorbed);

    /// Forgets everything absorbed so far.
    void reset();

    /// Absorbs @p data; may be called any number of times with pieces of any size.
    void addData(QByteArrayView data);

    /// The digest of everything absorbed so far. Does not change this object: more data may follow.
    QByteArray result() const;
    /// The same digest as eight words, for callers that feed it straight into another block.
    State resultState() const;

    /// The chaining value after the whole blocks absorbed so far. It describes the complete hash only when
    /// atBlockBoundary() is true; otherwise up to 63 further bytes wait in a buffer that it does not include.
    const State& state() const { return m_state; }
    /// Number of bytes absorbed since construction or reset().
    std::uint64_t bytesAbsorbed() const { return m_length; }
    /// True when no partial block is buffered, so state() and bytesAbsorbed() suffice to resume the hash.
    bool atBlockBoundary() const { return m_length % BlockBytes == 0; }

    /// The SHA-256 compression function (FIPS 180-4 section 6.2.2): absorbs one block into @p state.
    /// Padding is the caller's business; a message of up to 55 bytes plus padding fits one block.
    static void compress(State& state, const Block& block);

    /// The digest of @p data in one call.
    static QByteArray hash(QByteArrayView data);

private:
    State m_state = InitialState;
    std::uint64_t m_length = 0; // bytes absorbed, including those still in m_buffer
    std::array<unsigned char, BlockBytes> m_buffer {};
};

} // namespace flashback

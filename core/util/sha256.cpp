// SPDX-License-Identifier: GPL-3.0-or-later
#include "sha256.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace flashback {

namespace {

using Word = std::uint32_t;

// FIPS 180-4 section 4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
constexpr std::array<Word, 64> RoundConstants = {0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7,
    0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
    0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c,
    0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

// The six logical functions of FIPS 180-4 section 4.1.2. std::rotr compiles to a single rotate instruction.
constexpr Word choose(Word x, Word y, Word z)
{
    return (x & y) ^ (~x & z);
}
constexpr Word majority(Word x, Word y, Word z)
{
    return (x & y) ^ (x & z) ^ (y & z);
}
constexpr Word bigSigma0(Word x)
{
    return std::rotr(x, 2) ^ std::rotr(x, 13) ^ std::rotr(x, 22);
}
constexpr Word bigSigma1(Word x)
{
    return std::rotr(x, 6) ^ std::rotr(x, 11) ^ std::rotr(x, 25);
}
constexpr Word smallSigma0(Word x)
{
    return std::rotr(x, 7) ^ std::rotr(x, 18) ^ (x >> 3);
}
constexpr Word smallSigma1(Word x)
{
    return std::rotr(x, 17) ^ std::rotr(x, 19) ^ (x >> 10);
}

// Byte order is spelled out rather than taken from the platform, so the code is the same on any endianness.
Word loadBigEndian(const unsigned char* bytes)
{
    return Word(bytes[0]) << 24 | Word(bytes[1]) << 16 | Word(bytes[2]) << 8 | Word(bytes[3]);
}

void storeBigEndian(Word word, char* bytes)
{
    bytes[0] = char(word >> 24);
    bytes[1] = char(word >> 16);
    bytes[2] = char(word >> 8);
    bytes[3] = char(word);
}

Sha256::Block loadBlock(const unsigned char* bytes)
{
    Sha256::Block block;
    for (int i = 0; i < 16; ++i)
        block[i] = loadBigEndian(bytes + 4 * i);
    return block;
}

} // namespace

Sha256 Sha256::fromState(const State& state, std::uint64_t bytesAbsorbed)
{
    Q_ASSERT(bytesAbsorbed % BlockBytes == 0);
    Sha256 sha;
    sha.m_state = state;
    sha.m_length = bytesAbsorbed;
    return sha;
}

void Sha256::reset()
{
    m_state = InitialState;
    m_length = 0;
}

void Sha256::addData(QByteArrayView data)
{
    if (data.isEmpty())
        return; // also keeps a null data() away from memcpy
    const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
    std::size_t remaining = std::size_t(data.size());
    std::size_t buffered = m_length % BlockBytes;
    m_length += remaining;

    // Top up a partly filled buffer first; whole blocks then go to compress() without a copy.
    if (buffered > 0) {
        const std::size_t take = std::min(remaining, BlockBytes - buffered);
        std::memcpy(m_buffer.data() + buffered, bytes, take);
        bytes += take;
        remaining -= take;
        if (buffered + take < BlockBytes)
            return;
        compress(m_state, loadBlock(m_buffer.data()));
    }
    for (; remaining >= BlockBytes; bytes += BlockBytes, remaining -= BlockBytes)
        compress(m_state, loadBlock(bytes));
    if (remaining > 0)
        std::memcpy(m_buffer.data(), bytes, remaining);
}

Sha256::State Sha256::resultState() const
{
    // FIPS 180-4 section 5.1.1: append a 1 bit, zeros up to 56 bytes into a block, then the message length in
    // bits as a 64-bit big-endian number. If fewer than 9 bytes are left in the last block, padding spills into
    // one more block. The work happens on copies so that this object can go on absorbing.
    State state = m_state;
    std::array<unsigned char, 2 * BlockBytes> tail {};
    const std::size_t buffered = m_length % BlockBytes;
    std::memcpy(tail.data(), m_buffer.data(), buffered);
    tail[buffered] = 0x80;
    const std::size_t tailBytes = buffered < BlockBytes - 8 ? BlockBytes : 2 * BlockBytes;
    const std::uint64_t bits = m_length * 8;
    for (int i = 0; i < 8; ++i)
        tail[tailBytes - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
    for (std::size_t offset = 0; offset < tailBytes; offset += BlockBytes)
        compress(state, loadBlock(tail.data() + offset));
    return state;
}

QByteArray Sha256::result() const
{
    const State state = resultState();
    QByteArray digest(DigestBytes, Qt::Uninitialized);
    for (int i = 0; i < 8; ++i)
        storeBigEndian(state[i], digest.data() + 4 * i);
    return digest;
}

void Sha256::compress(State& state, const Block& block)
{
    // FIPS 180-4 section 6.2.2. The message schedule W keeps only its last 16 words: W[t] depends on W[t-2],
    // W[t-7], W[t-15] and W[t-16], so a ring of 16 (index t & 15) holds everything still needed.
    Block w = block;
    Word a = state[0], b = state[1], c = state[2], d = state[3];
    Word e = state[4], f = state[5], g = state[6], h = state[7];
    // Fully unrolled, every index is a constant and the eight-variable shuffle below becomes register renaming,
    // which measured 10-15% faster (PBKDF2 spends nearly all its time here). GCC and Clang both honour this
    // pragma; without it the loop is still correct.
#if defined(__GNUC__)
#pragma GCC unroll 64
#endif
    for (int t = 0; t < 64; ++t) {
        if (t >= 16)
            w[t & 15] += smallSigma1(w[(t - 2) & 15]) + w[(t - 7) & 15] + smallSigma0(w[(t - 15) & 15]);
        const Word t1 = h + bigSigma1(e) + choose(e, f, g) + RoundConstants[t] + w[t & 15];
        const Word t2 = bigSigma0(a) + majority(a, b, c);
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
}

QByteArray Sha256::hash(QByteArrayView data)
{
    Sha256 sha;
    sha.addData(data);
    return sha.result();
}

} // namespace flashback

// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/sha256.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;

namespace {

// FIPS 180-4 / NIST example messages (the 448-bit and 896-bit ones from the SHA-2 test vectors).
const QByteArray Message448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"_ba;
const QByteArray Message896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                              "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"_ba;

// Reproducible pseudo-random bytes, so a failure can be replayed.
QByteArray randomBytes(qsizetype length, quint32 seed)
{
    QRandomGenerator generator(seed);
    QByteArray bytes(length, Qt::Uninitialized);
    for (auto& byte : bytes)
        byte = char(generator.bounded(256));
    return bytes;
}

QByteArray qtSha256(const QByteArray& data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256);
}

QByteArray stateBytes(const Sha256::State& state)
{
    QByteArray bytes;
    for (const auto word : state) {
        for (int shift = 24; shift >= 0; shift -= 8)
            bytes.append(char(word >> shift));
    }
    return bytes;
}

} // namespace

class TestSha256 : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void nistVectors_data();
    void nistVectors();
    void piecewise_data();
    void piecewise();
    void matchesQCryptographicHash_data();
    void matchesQCryptographicHash();
    void resultDoesNotEndTheHash();
    void resetStartsOver();
    void resumesFromMidstate_data();
    void resumesFromMidstate();
    void compressesAHandPaddedBlock();
};

void TestSha256::nistVectors_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("expectedHex");

    QTest::newRow("empty") << QByteArray() << "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"_ba;
    QTest::newRow("abc") << "abc"_ba
                         << "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"_ba;
    QTest::newRow("448 bits") << Message448 << "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"_ba;
    QTest::newRow("896 bits") << Message896 << "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"_ba;
    QTest::newRow("one million a") << QByteArray(1'000'000, 'a')
                                   << "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"_ba;
}

void TestSha256::nistVectors()
{
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, expectedHex);

    QCOMPARE(Sha256::hash(message).toHex(), expectedHex);
    Sha256 sha;
    sha.addData(message);
    QCOMPARE(sha.result().toHex(), expectedHex);
    QCOMPARE(stateBytes(sha.resultState()).toHex(), expectedHex);
    QCOMPARE(sha.bytesAbsorbed(), std::uint64_t(message.size()));
}

void TestSha256::piecewise_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<int>("pieceBytes");
    QTest::addColumn<QByteArray>("expected");

    // Piece sizes around the block (64) and the padding boundary (55/56), so pieces start and end at every
    // kind of offset inside the buffered block.
    const QByteArray random = randomBytes(1000, 1);
    const QByteArray million(1'000'000, 'a');
    const QByteArray millionDigest
        = QByteArray::fromHex("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"_ba);
    for (const int piece : {1, 55, 56, 63, 64, 65, 127, 128}) {
        QTest::addRow("896 bits in %d-byte pieces", piece) << Message896 << piece << qtSha256(Message896);
        QTest::addRow("1000 random bytes in %d-byte pieces", piece) << random << piece << qtSha256(random);
        QTest::addRow("one million a in %d-byte pieces", piece) << million << piece << millionDigest;
    }
}

void TestSha256::piecewise()
{
    QFETCH(QByteArray, message);
    QFETCH(int, pieceBytes);
    QFETCH(QByteArray, expected);

    Sha256 sha;
    for (qsizetype offset = 0; offset < message.size(); offset += pieceBytes)
        sha.addData(QByteArrayView(message).sliced(offset, std::min<qsizetype>(pieceBytes, message.size() - offset)));
    QCOMPARE(sha.result().toHex(), expected.toHex());

    // Uneven pieces too: every size from 1 upwards in turn, so no two cuts sit at the same block offset.
    Sha256 uneven;
    qsizetype offset = 0;
    for (qsizetype size = 1; offset < message.size(); offset += size, size = size % (2 * pieceBytes + 1) + 1)
        uneven.addData(QByteArrayView(message).sliced(offset, std::min(size, message.size() - offset)));
    QCOMPARE(uneven.result().toHex(), expected.toHex());
}

void TestSha256::matchesQCryptographicHash_data()
{
    QTest::addColumn<int>("length");
    // Every length up to a little past two blocks covers each padding case; a few long ones cover bulk input.
    for (int length = 0; length <= 130; ++length)
        QTest::addRow("%d bytes", length) << length;
    for (const int length : {183, 1000, 4095, 4096, 4097, 65536, 100'003})
        QTest::addRow("%d bytes", length) << length;
}

void TestSha256::matchesQCryptographicHash()
{
    QFETCH(int, length);
    const QByteArray data = randomBytes(length, quint32(length) + 1000);
    QCOMPARE(Sha256::hash(data).toHex(), qtSha256(data).toHex());
}

void TestSha256::resultDoesNotEndTheHash()
{
    Sha256 sha;
    sha.addData("ab"_ba);
    QCOMPARE(sha.result(), qtSha256("ab"_ba));
    QCOMPARE(sha.result(), qtSha256("ab"_ba));
    sha.addData("c"_ba);
    QCOMPARE(sha.result(), qtSha256("abc"_ba));
    sha.addData({});
    QCOMPARE(sha.result(), qtSha256("abc"_ba));
}

void TestSha256::resetStartsOver()
{
    Sha256 sha;
    sha.addData(randomBytes(100, 2));
    sha.reset();
    QCOMPARE(sha.bytesAbsorbed(), std::uint64_t(0));
    QCOMPARE(sha.state(), Sha256::InitialState);
    sha.addData("abc"_ba);
    QCOMPARE(sha.result(), qtSha256("abc"_ba));
}

void TestSha256::resumesFromMidstate_data()
{
    QTest::addColumn<int>("prefixBytes");
    QTest::addColumn<int>("suffixBytes");
    QTest::newRow("one block, empty rest") << 64 << 0;
    QTest::newRow("one block, short rest") << 64 << 32;
    QTest::newRow("one block, rest spills padding") << 64 << 60;
    QTest::newRow("two blocks, long rest") << 128 << 300;
}

void TestSha256::resumesFromMidstate()
{
    QFETCH(int, prefixBytes);
    QFETCH(int, suffixBytes);
    const QByteArray prefix = randomBytes(prefixBytes, 3);
    const QByteArray suffix = randomBytes(suffixBytes, 4);

    Sha256 first;
    first.addData(prefix.first(prefixBytes - 1));
    QVERIFY(!first.atBlockBoundary());
    first.addData(prefix.last(1));
    QVERIFY(first.atBlockBoundary());
    QCOMPARE(first.bytesAbsorbed(), std::uint64_t(prefixBytes));

    // Only the state and the count are carried over: exactly what PBKDF2 keeps of each HMAC pad.
    Sha256 resumed = Sha256::fromState(first.state(), first.bytesAbsorbed());
    resumed.addData(suffix);
    QCOMPARE(resumed.result().toHex(), qtSha256(prefix + suffix).toHex());
}

void TestSha256::compressesAHandPaddedBlock()
{
    // "abc" padded by hand (FIPS 180-4 section 5.1.1): 0x61626380, zeros, then the length, 24 bits.
    Sha256::Block block {};
    block[0] = 0x61626380;
    block[15] = 24;
    Sha256::State state = Sha256::InitialState;
    Sha256::compress(state, block);
    QCOMPARE(stateBytes(state).toHex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"_ba);

    // The same after a block absorbed through addData(): the shape of an HMAC inner hash over a digest.
    const QByteArray pad = randomBytes(Sha256::BlockBytes, 5);
    const QByteArray digest = qtSha256("message"_ba);
    Sha256 padded;
    padded.addData(pad);
    Sha256::Block digestBlock {};
    for (int i = 0; i < 8; ++i)
        digestBlock[i] = quint32(quint8(digest[4 * i])) << 24 | quint32(quint8(digest[4 * i + 1])) << 16
            | quint32(quint8(digest[4 * i + 2])) << 8 | quint32(quint8(digest[4 * i + 3]));
    digestBlock[8] = 0x80000000;
    digestBlock[15] = (Sha256::BlockBytes + Sha256::DigestBytes) * 8;
    Sha256::State midstate = padded.state();
    Sha256::compress(midstate, digestBlock);
    QCOMPARE(stateBytes(midstate).toHex(), qtSha256(pad + digest).toHex());
}

QTEST_GUILESS_MAIN(TestSha256)
#include "tst_sha256.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/passwordhasher.h"

#include <QStringList>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;

namespace {
constexpr int FastIterations = 1000;
}

class TestPasswordHasher : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void pbkdf2Vectors_data();
    void pbkdf2Vectors();
    void pbkdf2RejectsNonsenseParameters();
    void encodingFormat();
    void roundTrip_data();
    void roundTrip();
    void wrongPasswordFails();
    void verifiesAnyIterationCount();
    void verifiesForeignEncoding();
    void malformedEncodingsFail_data();
    void malformedEncodingsFail();
    void seededSaltsRepeat();
    void unseededSaltsDiffer();
};

void TestPasswordHasher::pbkdf2Vectors_data()
{
    QTest::addColumn<QByteArray>("password");
    QTest::addColumn<QByteArray>("salt");
    QTest::addColumn<int>("iterations");
    QTest::addColumn<int>("keyLength");
    QTest::addColumn<QByteArray>("expectedHex");

    // RFC 7914 section 11 (the PBKDF2-HMAC-SHA256 vectors).
    QTest::newRow("rfc7914 passwd/salt c=1 dkLen=64")
        << "passwd"_ba
        << "salt"_ba << 1 << 64
        << "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
           "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"_ba;
    QTest::newRow("rfc7914 Password/NaCl c=80000 dkLen=64")
        << "Password"_ba
        << "NaCl"_ba << 80000 << 64
        << "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
           "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d"_ba;
    // RFC 6070's inputs with SHA-256 instead of SHA-1; expected values from Python's hashlib.pbkdf2_hmac.
    QTest::newRow("password/salt c=1") << "password"_ba
                                       << "salt"_ba << 1 << 32
                                       << "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"_ba;
    QTest::newRow("password/salt c=2") << "password"_ba
                                       << "salt"_ba << 2 << 32
                                       << "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43"_ba;
    QTest::newRow("password/salt c=4096")
        << "password"_ba
        << "salt"_ba << 4096 << 32 << "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"_ba;
    QTest::newRow("long password and salt, two blocks, dkLen=40")
        << "passwordPASSWORDpassword"_ba
        << "saltSALTsaltSALTsaltSALTsaltSALTsalt"_ba << 4096 << 40
        << "348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9"_ba;
    // A key longer than SHA-256's block is hashed first (RFC 2104). Expected values from hashlib as well.
    QTest::newRow("password longer than a block") << QByteArray(
        100, 'x') << "salt"_ba << 3 << 32 << "59bfa49750dd5462ce38370a1e7abe0736ff334cf1c2f0d84f23a03435d660d1"_ba;
    QTest::newRow("utf-8 password") << u"pässwörd"_s.toUtf8() << "salt"_ba << 2 << 32
                                    << "516c4cfbf60066dc5769ae6ce3c06aae67841d34869ff951588a1f3f8847d652"_ba;
    // A high count, where a slip in the per-round shortcut (two compressions from precomputed HMAC states)
    // could not hide. From hashlib.pbkdf2_hmac('sha256', b'password', b'salt', 100000, 32).
    QTest::newRow("password/salt c=100000")
        << "password"_ba
        << "salt"_ba << 100000 << 32 << "0394a2ede332c9a13eb82e9b24631604c31df978b4e2f0fbd2c549944f9d79a5"_ba;
    // Keys on either side of the block size: 64 bytes are padded, 65 are hashed first. From hashlib too.
    QTest::newRow("password of exactly one block") << QByteArray(
        64, 'p') << "salt"_ba << 2 << 32 << "da45f9b3e39e006a52e97a707dfbc480b65073637b7289176bf8f8f00628b83c"_ba;
    QTest::newRow("password one byte over a block") << QByteArray(
        65, 'p') << "salt"_ba << 2 << 32 << "6f3553a14dcf0e73271c6e26ca06693c24a7d8c0092da9dd4252f8013d559608"_ba;
    // Salts that put the first message (salt || INT(i)) at the padding boundaries of the inner hash: 55 bytes
    // still fit one block with padding, 56 and 64 do not. From hashlib too.
    QTest::newRow("first message 55 bytes") << "password"_ba << QByteArray(51, 's') << 2 << 32
                                            << "c89fc63eaadc46a33ee5d193e494949c4cd1788be13c82c5f5a165d56cea4941"_ba;
    QTest::newRow("first message 56 bytes") << "password"_ba << QByteArray(52, 's') << 2 << 32
                                            << "4b96b36697e25a2eff1890de8eeb7155e7cc205374b48b8610bac6377068b77b"_ba;
    QTest::newRow("first message 64 bytes") << "password"_ba << QByteArray(60, 's') << 2 << 32
                                            << "44196bdb70213139d395e179a8fcdbec4d5cc309988d0edda2fb366c106ea9c1"_ba;
    QTest::newRow("first message 65 bytes") << "password"_ba << QByteArray(61, 's') << 2 << 32
                                            << "9fc7723d08f52d14b74706ddbcd647fac07383567ff2f97a8bb5db20e4c8f714"_ba;
}

void TestPasswordHasher::pbkdf2Vectors()
{
    QFETCH(QByteArray, password);
    QFETCH(QByteArray, salt);
    QFETCH(int, iterations);
    QFETCH(int, keyLength);
    QFETCH(QByteArray, expectedHex);

    QCOMPARE(PasswordHasher::pbkdf2Sha256(password, salt, iterations, keyLength).toHex(), expectedHex);
}

void TestPasswordHasher::pbkdf2RejectsNonsenseParameters()
{
    QVERIFY(PasswordHasher::pbkdf2Sha256("password"_ba, "salt"_ba, 0, 32).isEmpty());
    QVERIFY(PasswordHasher::pbkdf2Sha256("password"_ba, "salt"_ba, 1, 0).isEmpty());
}

void TestPasswordHasher::encodingFormat()
{
    PasswordHasher hasher(FastIterations, 7);
    QCOMPARE(hasher.iterations(), FastIterations);
    QCOMPARE(PasswordHasher::method(), u"pbkdf2_sha256"_s);

    const QStringList parts = hasher.hash(u"correct horse"_s).split(u'$');
    QCOMPARE(parts.size(), 4);
    QCOMPARE(parts[0], u"pbkdf2_sha256"_s);
    QCOMPARE(parts[1], QString::number(FastIterations));
    const QByteArray salt = QByteArray::fromBase64(parts[2].toLatin1());
    const QByteArray hash = QByteArray::fromBase64(parts[3].toLatin1());
    QCOMPARE(salt.size(), PasswordHasher::SaltBytes);
    QCOMPARE(hash.size(), PasswordHasher::HashBytes);
    QCOMPARE(hash, PasswordHasher::pbkdf2Sha256("correct horse"_ba, salt, FastIterations, PasswordHasher::HashBytes));
}

void TestPasswordHasher::roundTrip_data()
{
    QTest::addColumn<QString>("password");
    QTest::newRow("ascii") << u"correct horse battery staple"_s;
    QTest::newRow("empty") << QString();
    QTest::newRow("unicode") << u"pässwörd 🔑"_s;
    QTest::newRow("dollar signs") << u"$a$b$c$"_s;
}

void TestPasswordHasher::roundTrip()
{
    QFETCH(QString, password);
    PasswordHasher hasher(FastIterations);
    QVERIFY(PasswordHasher::verify(password, hasher.hash(password)));
}

void TestPasswordHasher::wrongPasswordFails()
{
    PasswordHasher hasher(FastIterations);
    const QString encoded = hasher.hash(u"correct horse"_s);
    QVERIFY(!PasswordHasher::verify(u"correct hors"_s, encoded));
    QVERIFY(!PasswordHasher::verify(u"Correct horse"_s, encoded));
    QVERIFY(!PasswordHasher::verify(QString(), encoded));
}

void TestPasswordHasher::verifiesAnyIterationCount()
{
    // The count is read from the encoding, not from the verifying side's configuration.
    PasswordHasher fast(10);
    PasswordHasher slower(2500);
    QVERIFY(PasswordHasher::verify(u"secret-one"_s, fast.hash(u"secret-one"_s)));
    QVERIFY(PasswordHasher::verify(u"secret-two"_s, slower.hash(u"secret-two"_s)));
}

void TestPasswordHasher::verifiesForeignEncoding()
{
    // Written by Python: salt b"saltsaltsaltsalt", hashlib.pbkdf2_hmac('sha256', b'password', salt, 1000, 32),
    // both with base64.b64encode.
    const QString encoded
        = u"pbkdf2_sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==$8nX7hwFEzIB8aPajJTYK8weHQc5Ngz0pFVAKvSu4jQA="_s;
    QVERIFY(PasswordHasher::verify(u"password"_s, encoded));
    QVERIFY(!PasswordHasher::verify(u"Password"_s, encoded));
}

void TestPasswordHasher::malformedEncodingsFail_data()
{
    QTest::addColumn<QString>("encoded");
    const QString salt = QString::fromLatin1(QByteArray(16, 's').toBase64());
    const QString hash = QString::fromLatin1(QByteArray(32, 'h').toBase64());

    QTest::newRow("empty") << QString();
    QTest::newRow("method only") << u"pbkdf2_sha256"_s;
    QTest::newRow("three parts") << (u"pbkdf2_sha256$1000$"_s % salt);
    QTest::newRow("five parts") << (u"pbkdf2_sha256$1000$"_s % salt % u'$' % hash % u"$extra"_s);
    QTest::newRow("other method") << (u"bcrypt$1000$"_s % salt % u'$' % hash);
    QTest::newRow("django sha1") << (u"pbkdf2_sha1$1000$"_s % salt % u'$' % hash);
    QTest::newRow("iterations not a number") << (u"pbkdf2_sha256$many$"_s % salt % u'$' % hash);
    QTest::newRow("iterations zero") << (u"pbkdf2_sha256$0$"_s % salt % u'$' % hash);
    QTest::newRow("iterations negative") << (u"pbkdf2_sha256$-5$"_s % salt % u'$' % hash);
    QTest::newRow("iterations absurd") << (u"pbkdf2_sha256$99999999999$"_s % salt % u'$' % hash);
    QTest::newRow("salt empty") << (u"pbkdf2_sha256$1000$$"_s % hash);
    QTest::newRow("salt not base64") << (u"pbkdf2_sha256$1000$***$"_s % hash);
    QTest::newRow("hash empty") << (u"pbkdf2_sha256$1000$"_s % salt % u'$');
    QTest::newRow("hash not base64") << (u"pbkdf2_sha256$1000$"_s % salt % u"$!!!!"_s);
    QTest::newRow("hash of other password") << (u"pbkdf2_sha256$1000$"_s % salt % u'$' % hash);
    QTest::newRow("dollars only") << u"$$$"_s;
}

void TestPasswordHasher::malformedEncodingsFail()
{
    QFETCH(QString, encoded);
    QVERIFY(!PasswordHasher::verify(u"password"_s, encoded));
}

void TestPasswordHasher::seededSaltsRepeat()
{
    PasswordHasher first(FastIterations, 42);
    PasswordHasher second(FastIterations, 42);
    PasswordHasher other(FastIterations, 43);
    const QString a1 = first.hash(u"password1"_s);
    const QString a2 = first.hash(u"password1"_s);
    QCOMPARE(second.hash(u"password1"_s), a1);
    QCOMPARE(second.hash(u"password1"_s), a2);
    QVERIFY(a1 != a2); // the sequence moves on: two users with one password get different hashes
    QVERIFY(other.hash(u"password1"_s) != a1);
}

void TestPasswordHasher::unseededSaltsDiffer()
{
    PasswordHasher hasher(FastIterations);
    const QString a = hasher.hash(u"password1"_s);
    const QString b = hasher.hash(u"password1"_s);
    QVERIFY(a != b);
    QVERIFY(PasswordHasher::verify(u"password1"_s, a));
    QVERIFY(PasswordHasher::verify(u"password1"_s, b));
}

QTEST_GUILESS_MAIN(TestPasswordHasher)
#include "tst_passwordhasher.moc"

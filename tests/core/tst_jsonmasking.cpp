// SPDX-License-Identifier: GPL-3.0-or-later
// Masking of sensitive values: key names at any depth, dotted paths from the top (through arrays), and the
// entries a user types in the Sensitive Fields dialog.
#include "util/jsonmasking.h"

#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;

namespace {

QJsonObject parse(const QByteArray& json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace

class JsonMaskingTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void masks_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QStringList>("keys");
        QTest::addColumn<QByteArray>("expected");
        QTest::addColumn<bool>("contains");
        const QByteArray hidden = "\"\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2\"";
        QTest::newRow("a name at the top")
            << QByteArray(R"({"password_hash":"x","name":"n"})") << QStringList {u"password_hash"_s}
            << QByteArray(R"({"password_hash":)" + hidden + R"(,"name":"n"})") << true;
        QTest::newRow("a name at any depth")
            << QByteArray(R"({"a":{"b":[{"ssn":"1"},{"ssn":"2"}]}})") << QStringList {u"ssn"_s}
            << QByteArray(R"({"a":{"b":[{"ssn":)" + hidden + R"(},{"ssn":)" + hidden + R"(}]}})") << true;
        QTest::newRow("a path, not the same key elsewhere")
            << QByteArray(R"({"address":{"street":"s","city":"c"},"street":"top"})")
            << QStringList {u"address.street"_s}
            << QByteArray(R"({"address":{"city":"c","street":)" + hidden + R"(},"street":"top"})") << true;
        QTest::newRow("a path through an array")
            << QByteArray(R"({"addresses":[{"street":"a"},{"street":"b","zip":"z"}]})")
            << QStringList {u"addresses.street"_s}
            << QByteArray(R"({"addresses":[{"street":)" + hidden + R"(},{"street":)" + hidden + R"(,"zip":"z"}]})")
            << true;
        QTest::newRow("a path that is not there")
            << QByteArray(R"({"address":{"street":"s"}})") << QStringList {u"address.zip"_s, u"street.address"_s}
            << QByteArray(R"({"address":{"street":"s"}})") << false;
        QTest::newRow("a whole object") << QByteArray(R"({"card":{"number":"4111","cvc":"1"},"id":1})")
                                        << QStringList {u"card"_s} << QByteArray(R"({"card":)" + hidden + R"(,"id":1})")
                                        << true;
        QTest::newRow("null stays null") << QByteArray(R"({"password_hash":null})") << QStringList {u"password_hash"_s}
                                         << QByteArray(R"({"password_hash":null})") << true;
        QTest::newRow("names and paths together")
            << QByteArray(R"({"user":{"email":"e","profile":{"phone":"p"}},"phone":"q"})")
            << QStringList {u"email"_s, u"user.profile.phone"_s}
            << QByteArray(R"({"phone":"q","user":{"email":)" + hidden + R"(,"profile":{"phone":)" + hidden + R"(}}})")
            << true;
        QTest::newRow("an entry edited by hand still masks (fails closed)")
            << QByteArray(R"({"ssn":"1","a":{"ssn":"2"}})") << QStringList {u" ssn "_s}
            << QByteArray(R"({"a":{"ssn":)" + hidden + R"(},"ssn":)" + hidden + R"(})") << true;
        QTest::newRow("nothing to mask") << QByteArray(R"({"a":1})") << QStringList() << QByteArray(R"({"a":1})")
                                         << false;
    }
    void masks()
    {
        QFETCH(QByteArray, input);
        QFETCH(QStringList, keys);
        QFETCH(QByteArray, expected);
        QFETCH(bool, contains);
        QCOMPARE(maskedJson(parse(input), keys), parse(expected));
        QCOMPARE(containsMaskedKey(parse(input), keys), contains);
        // The placeholder never leaks the value, whatever the entry: the masked document has no masked text left.
        const QByteArray out = QJsonDocument(maskedJson(parse(input), keys)).toJson(QJsonDocument::Compact);
        QCOMPARE(out, QJsonDocument(parse(expected)).toJson(QJsonDocument::Compact));
    }

    void entriesAsTyped_data()
    {
        QTest::addColumn<QStringList>("typed");
        QTest::addColumn<QStringList>("kept");
        QTest::addColumn<bool>("refused");
        QTest::newRow("trimmed, blanks and repeats dropped")
            << QStringList {u" ssn "_s, QString(), u"ssn"_s, u"address.street"_s}
            << QStringList {u"ssn"_s, u"address.street"_s} << false;
        QTest::newRow("an empty segment") << QStringList {u"ssn"_s, u"address..street"_s} << QStringList() << true;
        QTest::newRow("a leading dot") << QStringList {u".street"_s} << QStringList() << true;
        QTest::newRow("a space inside") << QStringList {u"credit card"_s} << QStringList() << true;
    }
    void entriesAsTyped()
    {
        QFETCH(QStringList, typed);
        QFETCH(QStringList, kept);
        QFETCH(bool, refused);
        QString problem;
        QCOMPARE(normalizedMaskEntries(typed, &problem), kept);
        QCOMPARE(!problem.isEmpty(), refused);
    }
};

QTEST_GUILESS_MAIN(JsonMaskingTest)
#include "tst_jsonmasking.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
#include "timetravel/jsondiff.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;

namespace {
QJsonObject json(const char* text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

QString render(const QList<JsonChange>& changes)
{
    QStringList lines;
    for (const auto& change : changes) {
        const auto show = [](const QJsonValue& v) {
            if (v.isUndefined())
                return u"-"_s;
            return QString::fromUtf8(QJsonDocument(QJsonArray {v}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
        };
        lines.append(jsonChangeKindName(change.kind) + u' ' + change.path + u' ' + show(change.before) + u' '
            + show(change.after));
    }
    return lines.join(u"; "_s);
}
} // namespace

class JsonDiffTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void diff_data()
    {
        QTest::addColumn<QByteArray>("before");
        QTest::addColumn<QByteArray>("after");
        QTest::addColumn<QString>("expected");
        QTest::newRow("equal") << QByteArray(R"({"a":1,"b":{"c":[1,2]}})") << QByteArray(R"({"b":{"c":[1,2]},"a":1})")
                               << u""_s;
        QTest::newRow("changed") << QByteArray(R"({"status":"active"})") << QByteArray(R"({"status":"deleted"})")
                                 << uR"(changed status "active" "deleted")"_s;
        QTest::newRow("added and removed")
            << QByteArray(R"({"a":1})") << QByteArray(R"({"b":2})") << u"removed a 1 -; added b - 2"_s;
        QTest::newRow("nested") << QByteArray(R"({"x":{"y":{"z":1,"w":2}}})")
                                << QByteArray(R"({"x":{"y":{"z":3,"w":2}}})") << u"changed x.y.z 1 3"_s;
        QTest::newRow("arrays") << QByteArray(R"({"l":[1,2,3]})") << QByteArray(R"({"l":[1,5]})")
                                << u"changed l[1] 2 5; removed l[2] 3 -"_s;
        QTest::newRow("array grows") << QByteArray(R"({"l":[]})") << QByteArray(R"({"l":[{"k":1}]})")
                                     << uR"(added l[0] - {"k":1})"_s;
        QTest::newRow("type change") << QByteArray(R"({"v":{"a":1}})") << QByteArray(R"({"v":"text"})")
                                     << uR"(changed v {"a":1} "text")"_s;
        QTest::newRow("null to value") << QByteArray(R"({"deleted_at":null})")
                                       << QByteArray(R"({"deleted_at":"2025-03-17"})")
                                       << uR"(changed deleted_at null "2025-03-17")"_s;
    }

    void diff()
    {
        QFETCH(QByteArray, before);
        QFETCH(QByteArray, after);
        QFETCH(QString, expected);
        QCOMPARE(render(diffJson(json(before.constData()), json(after.constData()))), expected);
    }

    void valueAtPath_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("expected");
        QTest::newRow("top") << u"a"_s << u"1"_s;
        QTest::newRow("nested") << u"b.c"_s << u"\"x\""_s;
        QTest::newRow("index") << u"b.l[1]"_s << u"20"_s;
        QTest::newRow("object in array") << u"b.l[2].k"_s << u"true"_s;
        QTest::newRow("missing") << u"b.nope"_s << u"-"_s;
        QTest::newRow("index out of range") << u"b.l[9]"_s << u"-"_s;
        QTest::newRow("index on object") << u"b[0]"_s << u"-"_s;
        QTest::newRow("empty") << u""_s << u"-"_s;
    }

    void valueAtPath()
    {
        QFETCH(QString, path);
        QFETCH(QString, expected);
        const QJsonObject object = json(R"({"a":1,"b":{"c":"x","l":[10,20,{"k":true}]}})");
        const QJsonValue value = flashback::valueAtPath(object, path);
        const QString shown = value.isUndefined()
            ? u"-"_s
            : QString::fromUtf8(QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
        QCOMPARE(shown, expected);
    }
};

QTEST_GUILESS_MAIN(JsonDiffTest)
#include "tst_jsondiff.moc"

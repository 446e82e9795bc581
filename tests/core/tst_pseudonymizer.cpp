// SPDX-License-Identifier: GPL-3.0-or-later
// Personal data in exported tests: replaced by placeholders that keep their shape and stay the same for the same
// value, in fields and in free text, and nothing else touched (times, ids, ordinary words).
#include "report/pseudonymizer.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;

class PseudonymizerTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fieldsBecomePlaceholdersOfTheirShape()
    {
        Pseudonymizer p;
        const QJsonObject out = p.object({{u"email"_s, u"sarah.connor@example.com"_s}, {u"username"_s, u"sarah.c"_s},
            {u"first_name"_s, u"Sarah"_s}, {u"last_name"_s, u"Connor"_s}, {u"ip"_s, u"10.1.2.3"_s},
            {u"seen_from"_s, u"2001:0db8:85a3:0000:0000:8a2e:0370:7334"_s}, {u"role"_s, u"admin"_s},
            {u"user_id"_s, u"0193f0c2-7a8e-7c4d-9b1a-2f3e4d5c6b7a"_s}, {u"count"_s, 3},
            {u"contacts"_s, QJsonArray {u"kyle@example.org"_s}}});
        // Numbered as first seen; an object's keys are seen in their sorted order ("contacts" before "email").
        QCOMPARE(out.value(u"email"_s).toString(), u"person2@example.com"_s);
        QCOMPARE(out.value(u"username"_s).toString(), u"user1"_s);
        QCOMPARE(out.value(u"first_name"_s).toString(), u"GivenA"_s);
        QCOMPARE(out.value(u"last_name"_s).toString(), u"FamilyA"_s);
        QCOMPARE(out.value(u"ip"_s).toString(), u"192.0.2.1"_s);
        QCOMPARE(out.value(u"seen_from"_s).toString(), u"2001:db8::1"_s);
        QCOMPARE(out.value(u"contacts"_s).toArray().at(0).toString(), u"person1@example.com"_s);
        // Not personal: untouched.
        QCOMPARE(out.value(u"role"_s).toString(), u"admin"_s);
        QCOMPARE(out.value(u"user_id"_s).toString(), u"0193f0c2-7a8e-7c4d-9b1a-2f3e4d5c6b7a"_s);
        QCOMPARE(out.value(u"count"_s).toInt(), 3);
        QCOMPARE(p.replacedValues(), 7);
    }

    void theSameValueIsTheSamePlaceholderEverywhere()
    {
        Pseudonymizer p;
        QCOMPARE(p.value(u"email"_s, u"sarah@example.com"_s).toString(), u"person1@example.com"_s);
        QCOMPARE(p.value(u"new_email"_s, u"other@example.com"_s).toString(), u"person2@example.com"_s);
        QCOMPARE(p.value(u"old_email"_s, u"sarah@example.com"_s).toString(), u"person1@example.com"_s);
        p.value(u"first_name"_s, u"Sarah"_s);
        // In free text: emails, IPs and the names seen, as whole words.
        QCOMPARE(p.text(u"Sarah asked from 10.0.0.7 to reach sarah@example.com; Sarahs cat stays"_s),
            u"GivenA asked from 192.0.2.1 to reach person1@example.com; Sarahs cat stays"_s);
        QCOMPARE(p.text(u"admin@company.com"_s), u"person3@example.com"_s);
    }

    void timesAndOrdinaryTextStay_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("a time") << u"at 15:47:00 on 2025-03-17"_s;
        QTest::newRow("a colon") << u"Note : see ticket 42"_s;
        QTest::newRow("a version") << u"version 2.1 rolled out"_s;
        QTest::newRow("empty") << QString();
    }

    void timesAndOrdinaryTextStay()
    {
        QFETCH(QString, text);
        Pseudonymizer p;
        QCOMPARE(p.text(text), text);
        QCOMPARE(p.replacedValues(), 0);
    }

    void manyIpsStayInTheDocumentationRanges()
    {
        Pseudonymizer p;
        QString last;
        for (int i = 0; i < 300; ++i)
            last = p.value(u"ip"_s, u"10.0.%1.%2"_s.arg(i / 250).arg(i % 250)).toString();
        QCOMPARE(last, u"198.51.100.46"_s); // the 300th: 254 in 192.0.2.0/24, then 46 in 198.51.100.0/24
    }
};

QTEST_APPLESS_MAIN(PseudonymizerTest)
#include "tst_pseudonymizer.moc"

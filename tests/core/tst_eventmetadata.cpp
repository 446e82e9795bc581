// SPDX-License-Identifier: GPL-3.0-or-later
#include "events/eventmetadata.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;

namespace {

/// What EventMetadata::toJsonBytes() must always equal: the JSON document writer's compact form.
QByteArray reference(const EventMetadata& metadata)
{
    return QJsonDocument(metadata.toJson()).toJson(QJsonDocument::Compact);
}

QString randomText(QRandomGenerator& random, const QString& alphabet)
{
    QString text;
    const int length = int(random.bounded(0, 12));
    for (int i = 0; i < length; ++i)
        text += alphabet.at(int(random.bounded(alphabet.size())));
    return text;
}

} // namespace

class EventMetadataTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void writesWhatTheJsonWriterWrites_data()
    {
        QTest::addColumn<EventMetadata>("metadata");
        EventMetadata empty;
        QTest::newRow("empty") << empty;
        EventMetadata usual;
        usual.actor = u"user:0b7f3c5e-1111-4aaa-9bbb-123456789abc"_s;
        usual.commandId = u"c1"_s;
        usual.correlationId = u"c1"_s;
        usual.source = u"web"_s;
        QTest::newRow("usual") << usual;
        EventMetadata quoted = usual;
        quoted.reason = uR"(said "no" \ twice)"_s;
        QTest::newRow("quotes and backslashes") << quoted;
        EventMetadata every = quoted;
        every.causationId = u"e9"_s;
        QTest::newRow("every key") << every;
        EventMetadata controls = usual;
        controls.reason = u"line one\nline\ttwo\x01 \x7f end"_s;
        QTest::newRow("control characters") << controls;
        EventMetadata unicode = usual;
        unicode.reason = u"Zoë asked 🙂"_s;
        QTest::newRow("non-ASCII") << unicode;
        EventMetadata extra = usual;
        extra.extra.insert(u"tenant"_s, u"acme"_s);
        extra.extra.insert(u"b"_s, 2);
        QTest::newRow("extra keys") << extra;
    }

    void writesWhatTheJsonWriterWrites()
    {
        QFETCH(EventMetadata, metadata);
        QCOMPARE(metadata.toJsonBytes(), reference(metadata));
        QCOMPARE(EventMetadata::fromJsonBytes(metadata.toJsonBytes()), metadata);
    }

    void randomValuesMatchTheJsonWriter()
    {
        // Mostly printable ASCII with the characters JSON escapes, sometimes a control or non-ASCII character,
        // which the direct writer hands to the JSON writer.
        QRandomGenerator random(7);
        const QString ascii = u"az09 _-:\"\\/{}[],'"_s;
        const QString mixed = ascii + u"\n\t\x1f\x7fé中"_s;
        for (int round = 0; round < 2000; ++round) {
            const QString& alphabet = round % 4 == 0 ? mixed : ascii;
            EventMetadata metadata;
            metadata.actor = randomText(random, alphabet);
            metadata.reason = randomText(random, alphabet);
            metadata.commandId = randomText(random, alphabet);
            metadata.correlationId = randomText(random, alphabet);
            metadata.causationId = randomText(random, alphabet);
            metadata.source = randomText(random, alphabet);
            QCOMPARE(metadata.toJsonBytes(), reference(metadata));
        }
    }
};

QTEST_GUILESS_MAIN(EventMetadataTest)
#include "tst_eventmetadata.moc"

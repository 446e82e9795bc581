// SPDX-License-Identifier: GPL-3.0-or-later
// The player's pace, as a pure function of the stream's index: events per second, or the events' own gaps sped
// up with long ones compressed (and said so), backdated events following at once. Playing itself is driven in
// the window test (tst_inspectorwindow), through the real selection and panes.
#include "models/player.h"
#include "store/streamindex.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace std::chrono_literals;

class PlayerTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void thePaceOfEachStep()
    {
        StreamIndex index;
        index.firstRevision = 1;
        constexpr qint64 Second = 1'000'000;
        for (const qint64 at : {0LL, 1 * Second, 1 * Second + 600 * Second, 2 * Second, 3 * Second})
            index.append(at, at, u"USER_LOGGED_IN"_s); // the fourth is backdated: before the third
        bool compressed = true;
        QCOMPARE(Player::delayAfter(index, 1, Player::Timing::EventsPerSecond, 5, 2s, &compressed), 200ms);
        QVERIFY(!compressed);
        QCOMPARE(Player::delayAfter(index, 3, Player::Timing::EventsPerSecond, 100, 2s), 10ms);
        // Own pace ×100: one second between revisions 1 and 2 plays in 10 ms.
        QCOMPARE(Player::delayAfter(index, 1, Player::Timing::Original, 100, 2s, &compressed), 10ms);
        QVERIFY(!compressed);
        // Ten minutes at ×100 is 6 s: compressed to the 2 s cap, and said so.
        QCOMPARE(Player::delayAfter(index, 2, Player::Timing::Original, 100, 2s, &compressed), 2000ms);
        QVERIFY(compressed);
        // A backdated event follows at once; the last one has no next.
        QCOMPARE(Player::delayAfter(index, 3, Player::Timing::Original, 100, 2s, &compressed), 0ms);
        QVERIFY(!compressed);
        QCOMPARE(Player::delayAfter(index, 5, Player::Timing::Original, 100, 2s), 0ms);
        QCOMPARE(Player::delayAfter(index, 99, Player::Timing::Original, 100, 2s), 0ms);
    }
};

QTEST_GUILESS_MAIN(PlayerTest)
#include "tst_player.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// The timeline pane while a long stream loads: the worker's progress shows where the timeline will appear
// ("Loading the stream… N of M events"), Cancel stops the read and says the stream is not shown in full, and
// "Load again" reads it whole. The read is held midway by a store wrapper, so nothing depends on how fast the
// machine reads.
#include "eventscript.h"
#include "models/openstreams.h"
#include "models/selection.h"
#include "models/storesession.h"
#include "panes/timelinepane.h"
#include "resultcheck.h"
#include "settings.h"
#include "slowstore.h"
#include "store/storeopener.h"
#include "storefixture.h"
#include "timeline/timelineview.h"

#include <QLabel>
#include <QLocale>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::test;
using namespace std::chrono_literals;

namespace {
constexpr int Deadline = 30000;
}

class TimelinePaneTest : public QObject {
    Q_OBJECT

    StoreFixture m_fixture;
    QTemporaryDir m_dir;

private Q_SLOTS:
    void aLongReadShowsProgressAndCanBeCancelledAndLoadedAgain()
    {
        auto store = m_fixture.createStore();
        QVERIFY(store->append(u"long"_s, u"User"_s, ExpectedRevision::noStream(),
            eventScript(u"USER_CREATED@09:00; USER_LOGGED_IN@10:00; USER_LOGGED_IN@11:00"_s)));
        const auto address = *StoreAddress::parse(m_fixture.lastAddress());
        StoreOptions options = StoreFixture::defaultOptions();
        options.mode = StoreOptions::OpenMode::OpenExisting;
        auto gate = std::make_shared<IndexReadGate>();
        gate->done = 40000;
        gate->expected = 1000000;
        auto gatedCalls = std::make_shared<std::atomic<int>>(0);

        StoreSession session;
        QSignalSpy opened(&session, &StoreSession::opened);
        session.open(
            [address, options, gate, gatedCalls]() -> Result<std::unique_ptr<EventStore>> {
                auto inner = openStore(address, options);
                if (!inner)
                    return inner.error();
                auto slow = std::make_unique<SlowStore>(std::move(*inner), 0ms, nullptr, gatedCalls);
                slow->holdIndexReads(gate);
                return std::unique_ptr<EventStore>(std::move(slow));
            },
            u"gated"_s);
        QVERIFY(opened.wait(Deadline));

        QSettings stored(m_dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        Settings settings(&stored);
        Selection selection;
        OpenStreams streams;
        streams.setSession(&session);
        streams.setSelection(&selection);
        TimelinePane pane(&streams, &selection, &settings);
        pane.resize(1000, 300);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));

        // The read is held with 40,000 of 1,000,000 events read: the pane counts them, Cancel beside.
        selection.openStreams({u"long"_s});
        QVERIFY(gate->entered.tryAcquire(1, Deadline));
        const QLocale locale;
        const QString counted
            = u"Loading the stream… %1 of %2 events"_s.arg(locale.toString(40000), locale.toString(1000000));
        QTRY_COMPARE_WITH_TIMEOUT(pane.loadingLabel()->text(), counted, Deadline);
        QVERIFY(pane.cancelLoadingButton()->isVisible());
        QVERIFY(!pane.loadAgainButton()->isVisible());

        // Cancel: the read stops, the pane says the stream is not shown in full and offers to load it again.
        QTest::mouseClick(pane.cancelLoadingButton(), Qt::LeftButton);
        gate->release.release();
        QTRY_VERIFY_WITH_TIMEOUT(pane.loadAgainButton()->isVisible(), Deadline);
        QVERIFY(pane.loadingLabel()->text().startsWith(u"Loading cancelled"_s));
        QVERIFY(!pane.cancelLoadingButton()->isVisible());
        QVERIFY(streams.wasCancelled(u"long"_s));
        QCOMPARE(streams.index(u"long"_s)->size(), 0);

        // Load again: held once more, then let through; the whole stream arrives and the messages go.
        QSignalSpy indexChanged(&streams, &OpenStreams::indexChanged);
        QTest::mouseClick(pane.loadAgainButton(), Qt::LeftButton);
        QVERIFY(gate->entered.tryAcquire(1, Deadline));
        QTRY_COMPARE_WITH_TIMEOUT(pane.loadingLabel()->text(), counted, Deadline);
        gate->release.release();
        QVERIFY(indexChanged.wait(Deadline));
        QCOMPARE(streams.index(u"long"_s)->size(), 3);
        QTRY_VERIFY_WITH_TIMEOUT(pane.loadingLabel()->text().isEmpty(), Deadline);
        QVERIFY(!pane.cancelLoadingButton()->isVisible());
        QVERIFY(!pane.loadAgainButton()->isVisible());
        QVERIFY(!streams.wasCancelled(u"long"_s));
        QCOMPARE(pane.view()->laneCount(), 1);
    }
};

QTEST_MAIN(TimelinePaneTest)
#include "tst_timelinepane.moc"

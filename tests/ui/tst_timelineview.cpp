// SPDX-License-Identifier: GPL-3.0-or-later
#include "timeline/eventtypecolors.h"
#include "timeline/timelineview.h"

#include <QApplication>
#include <QDir>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QStyleFactory>
#include <QTest>
#include <QWheelEvent>

#include <cmath>

using namespace flashback;
using namespace Qt::StringLiterals;

namespace {

using Axis = TimeScale::Axis;

constexpr qint64 Start = 1742226420LL * 1000000; // 2025-03-17T15:47:00Z

// A stream from a compact text form: "TYPE@seconds" (after Start) separated by spaces, revisions 1, 2, 3, …
std::shared_ptr<StreamIndex> streamFrom(const QString& id, const QString& events)
{
    auto index = std::make_shared<StreamIndex>();
    index->streamId = id;
    index->aggregateType = u"User"_s;
    static qint64 position = 1;
    for (const QString& event : events.split(u' ', Qt::SkipEmptyParts)) {
        const qsizetype at = event.indexOf(u'@');
        index->append(position++, Start + qint64(std::llround(event.mid(at + 1).toDouble() * 1e6)), event.left(at));
    }
    return index;
}

// `count` events spread over `span` microseconds after Start, mostly logins with bursts of other types.
std::shared_ptr<StreamIndex> denseStream(const QString& id, qsizetype count, qint64 span)
{
    QRandomGenerator random(42);
    auto index = std::make_shared<StreamIndex>();
    index->streamId = id;
    index->aggregateType = u"User"_s;
    const QString types[] = {u"USER_LOGGED_IN"_s, u"USER_LOGGED_IN"_s, u"USER_LOGGED_IN"_s, u"USER_NAME_CHANGED"_s,
        u"USER_EMAIL_CHANGED"_s, u"PASSWORD_CHANGED"_s};
    index->positions.reserve(size_t(count));
    index->occurredAt.reserve(size_t(count));
    index->typeIds.reserve(size_t(count));
    for (qsizetype i = 0; i < count; ++i) {
        // Denser towards the middle, so the bars vary in height.
        const double u = double(i) / double(count);
        const double t = u + 0.15 * std::sin(u * 6.28318) * (1 - u);
        const QString& type = (i / 5000) % 4 == 3 ? types[3 + random.bounded(3)] : types[random.bounded(3)];
        index->append(1000000 + i, Start + qint64(t * double(span)), type);
    }
    return index;
}

QList<TimelineView::Lane> threeLanes()
{
    return {
        {u"user-3f2a9c1e-7b4d-4e8a-9f1a-2b3c4d5e6f70"_s, QString(),
            streamFrom(u"user-3f2a9c1e-7b4d-4e8a-9f1a-2b3c4d5e6f70"_s,
                u"USER_CREATED@0 USER_NAME_CHANGED@300 USER_LOGGED_IN@900 USER_LOGGED_IN@1500 "
                u"USER_EMAIL_CHANGED@2400 PASSWORD_CHANGED@3000 USER_LOGGED_IN@3300 USER_SUSPENDED@4200 "
                u"USER_REACTIVATED@5100 USER_LOGGED_IN@5400 USER_UPDATED@6000 USER_DELETED@6900"_s),
            nullptr},
        // Revision 3 is backdated: it happened before revision 2.
        {u"user-8c1d"_s, u"Ada Lovelace"_s,
            streamFrom(u"user-8c1d"_s,
                u"USER_CREATED@600 USER_LOGGED_IN@2000 USER_IMPORTED@1200 USER_LOGGED_IN@4000 USER_DELETED@6600"_s),
            nullptr},
        {u"user-empty"_s, QString(), std::make_shared<StreamIndex>(), nullptr},
    };
}

QPoint markPos(const TimelineView& view, int lane, double value)
{
    return {view.plotRect().left() + int(std::lround(view.scale().toPixel(value))), view.laneRect(lane).center().y()};
}

QPoint revisionPos(const TimelineView& view, int lane, const StreamIndex& index, qint64 revision)
{
    const qsizetype i = revision - index.firstRevision;
    return markPos(view, lane,
        view.scale().axis() == Axis::Time ? double(index.occurredAt[size_t(i)]) : double(index.revisionAt(i)));
}

void sendMouse(QWidget* target, QEvent::Type type, QPoint pos, Qt::MouseButton button, Qt::KeyboardModifiers mods = {})
{
    const Qt::MouseButtons buttons = type == QEvent::MouseButtonRelease ? Qt::NoButton : Qt::MouseButtons(button);
    QMouseEvent event(type, QPointF(pos), QPointF(target->mapToGlobal(pos)),
        type == QEvent::MouseMove ? Qt::NoButton : button, buttons, mods);
    QApplication::sendEvent(target, &event);
}

void sendWheel(QWidget* target, QPoint pos, int delta)
{
    QWheelEvent event(QPointF(pos), QPointF(target->mapToGlobal(pos)), QPoint(), QPoint(0, delta), Qt::NoButton,
        Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(target, &event);
}

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x2d, 0x2d, 0x30));
    p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Button, QColor(0x2d, 0x2d, 0x30));
    p.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x8e, 0xe6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::ToolTipBase, QColor(0x2d, 0x2d, 0x30));
    p.setColor(QPalette::ToolTipText, QColor(0xe6, 0xe6, 0xe6));
    return p;
}

void save(QWidget& widget, const QString& name)
{
    const QPixmap shot = widget.grab();
    QVERIFY(!shot.isNull());
    const QString dir = qEnvironmentVariable("FLASHBACK_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        QVERIFY(shot.save(QDir(dir).filePath(u"timeline-%1.png"_s.arg(name))));
}

// WCAG contrast ratio of two opaque colours.
double contrast(const QColor& a, const QColor& b)
{
    auto luminance = [](const QColor& c) {
        auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
    };
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace

class TestTimelineView : public QObject {
    Q_OBJECT

private:
    // A fresh, shown view per test: 900 × 360 is enough for three lanes, the axis and the legend.
    std::unique_ptr<TimelineView> makeView(QList<TimelineView::Lane> lanes, QSize size = {900, 360})
    {
        auto view = std::make_unique<TimelineView>();
        view->setUtc(true);
        view->resize(size);
        view->setLanes(std::move(lanes));
        view->show();
        if (!QTest::qWaitForWindowExposed(view.get()))
            return nullptr;
        return view;
    }

private Q_SLOTS:
    void initTestCase() { QApplication::setStyle(QStyleFactory::create(u"Fusion"_s)); }

    void typeStylesAreStableAndLegible()
    {
        // FNV-1a, not qHash: the same on every run and machine.
        QCOMPARE(EventTypeColors::stableHash(u"a"_s), 0xe40c292cu);
        const QStringList types = EventTypeColors::knownTypes() + QStringList {u"ORDER_PLACED"_s, u"USER_IMPORTED"_s};
        QList<QPair<QRgb, int>> known;
        for (const QString& type : types) {
            const auto light = EventTypeColors::style(type, false);
            const auto dark = EventTypeColors::style(type, true);
            QCOMPARE(light.shape, dark.shape);
            QVERIFY2(contrast(light.color, Qt::white) >= 3.0, qPrintable(type));
            QVERIFY2(contrast(dark.color, QColor(0x2a, 0x2a, 0x2a)) >= 3.0, qPrintable(type));
            const auto again = EventTypeColors::style(type, false);
            QCOMPARE(again.color, light.color);
            // No two types in this list look alike (a hashed type never takes a known type's look).
            const QPair<QRgb, int> look {light.color.rgb(), int(light.shape)};
            QVERIFY2(!known.contains(look), qPrintable(type));
            known << look;
        }
        QVERIFY(EventTypeColors::isDark(darkPalette()));
        QVERIFY(!EventTypeColors::isDark(QPalette(Qt::white)));
        QVERIFY(EventTypeColors::legendLess(u"USER_CREATED"_s, u"AAA"_s));
        QVERIFY(EventTypeColors::legendLess(u"AAA"_s, u"BBB"_s));
    }

    void clickOnAMarkActivatesIt_data()
    {
        QTest::addColumn<int>("lane");
        QTest::addColumn<qint64>("revision");
        QTest::newRow("first lane, first") << 0 << qint64(1);
        QTest::newRow("first lane, middle") << 0 << qint64(7);
        QTest::newRow("first lane, last") << 0 << qint64(12);
        QTest::newRow("backdated") << 1 << qint64(3);
    }
    void clickOnAMarkActivatesIt()
    {
        QFETCH(int, lane);
        QFETCH(qint64, revision);
        const auto lanes = threeLanes();
        const auto view = makeView(lanes);
        QVERIFY(view);
        QSignalSpy activated(view.get(), &TimelineView::eventActivated);
        const QPoint pos = revisionPos(*view, lane, *lanes[lane].index, revision);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, pos);
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.first().at(0).toString(), lanes[lane].streamId);
        QCOMPARE(activated.first().at(1).toLongLong(), revision);
        QCOMPARE(view->selectedRevision(), revision);
        // A click on empty space selects nothing.
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, pos + QPoint(0, view->laneRect(0).height() * 3));
        QCOMPARE(activated.count(), 1);
    }

    void aRightClickSelectsAndAsksForTheEventMenu()
    {
        const auto lanes = threeLanes();
        const auto view = makeView(lanes);
        QVERIFY(view);
        QSignalSpy activated(view.get(), &TimelineView::eventActivated);
        QSignalSpy menu(view.get(), &TimelineView::eventMenuRequested);
        const QPoint pos = revisionPos(*view, 0, *lanes[0].index, 5);
        const double before = view->visibleTo() - view->visibleFrom();
        QTest::mouseClick(view->viewport(), Qt::RightButton, {}, pos);
        QCOMPARE(activated.count(), 1);
        QCOMPARE(view->selectedRevision(), 5);
        QCOMPARE(menu.count(), 1);
        QCOMPARE(view->visibleTo() - view->visibleFrom(), before); // no zoom
        // On empty space: no menu, nothing selected.
        QTest::mouseClick(view->viewport(), Qt::RightButton, {}, pos + QPoint(0, view->laneRect(0).height() * 3));
        QCOMPARE(menu.count(), 1);
        QCOMPARE(activated.count(), 1);
    }

    void keysWalkTheLane()
    {
        const auto lanes = threeLanes();
        const auto view = makeView(lanes);
        QVERIFY(view);
        QSignalSpy activated(view.get(), &TimelineView::eventActivated);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, revisionPos(*view, 0, *lanes[0].index, 5));
        QTest::keyClick(view.get(), Qt::Key_Right);
        QCOMPARE(view->selectedRevision(), 6);
        QTest::keyClick(view.get(), Qt::Key_Left);
        QTest::keyClick(view.get(), Qt::Key_Left);
        QCOMPARE(view->selectedRevision(), 4);
        QTest::keyClick(view.get(), Qt::Key_End);
        QCOMPARE(view->selectedRevision(), 12);
        QTest::keyClick(view.get(), Qt::Key_Right); // already last: stays, no signal
        QCOMPARE(view->selectedRevision(), 12);
        QTest::keyClick(view.get(), Qt::Key_Home);
        QCOMPARE(view->selectedRevision(), 1);
        QCOMPARE(activated.count(), 6);
        QCOMPARE(activated.last().at(1).toLongLong(), 1);

        // Down moves to the next lane, onto its event nearest in time; there → follows the time order, so the
        // backdated revision 3 comes between 1 and 2.
        QTest::keyClick(view.get(), Qt::Key_Down);
        QCOMPARE(view->selectedStreamId(), u"user-8c1d"_s);
        QCOMPARE(view->selectedRevision(), 1);
        QTest::keyClick(view.get(), Qt::Key_Right);
        QCOMPARE(view->selectedRevision(), 3);
        QTest::keyClick(view.get(), Qt::Key_Right);
        QCOMPARE(view->selectedRevision(), 2);
        QCOMPARE(activated.last().at(0).toString(), u"user-8c1d"_s);
    }

    void fitAllAndKeyZoom()
    {
        const auto lanes = threeLanes();
        const auto view = makeView(lanes);
        QVERIFY(view);
        TimeScale fitted(Axis::Time, view->scale().width());
        fitted.fit(double(Start), double(Start + 6900 * 1000000LL));
        QCOMPARE(view->scale(), fitted);

        QSignalSpy rangeChanged(view.get(), &TimelineView::visibleRangeChanged);
        const double centre = view->scale().toValue(view->scale().width() / 2.0);
        QTest::keyClick(view.get(), Qt::Key_Plus);
        QTest::keyClick(view.get(), Qt::Key_Equal, Qt::ControlModifier);
        QCOMPARE(rangeChanged.count(), 2);
        QVERIFY(std::abs(view->scale().span() - fitted.span() / 2.25) < 1);
        QVERIFY(std::abs(view->scale().toValue(view->scale().width() / 2.0) - centre) < 1);
        QTest::keyClick(view.get(), Qt::Key_Minus);
        QVERIFY(std::abs(view->scale().span() - fitted.span() / 1.5) < 1);
        QTest::keyClick(view.get(), Qt::Key_Right, Qt::ShiftModifier);
        QVERIFY(view->scale().from() > fitted.from());
        QTest::keyClick(view.get(), Qt::Key_0);
        QCOMPARE(view->scale(), fitted);

        view->zoomIn();
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, view->plotRect().center());
        QCOMPARE(view->scale(), fitted);
    }

    void wheelZoomKeepsTheInstantUnderTheMouse_data()
    {
        QTest::addColumn<int>("x");
        QTest::addColumn<int>("delta");
        // The plot starts right of the lane labels (at most 260 px wide).
        QTest::newRow("in, left") << 300 << 120;
        QTest::newRow("in twice, right") << 820 << 240;
        QTest::newRow("out") << 550 << -120;
    }
    void wheelZoomKeepsTheInstantUnderTheMouse()
    {
        QFETCH(int, x);
        QFETCH(int, delta);
        const auto view = makeView(threeLanes());
        QVERIFY(view);
        QVERIFY(x > view->plotRect().left() && x < view->plotRect().right());
        const double before = view->scale().toValue(x - view->plotRect().left());
        const double span = view->scale().span();
        sendWheel(view->viewport(), QPoint(x, view->laneRect(0).center().y()), delta);
        QVERIFY(std::abs(view->scale().toValue(x - view->plotRect().left()) - before) < 1);
        QVERIFY(std::abs(view->scale().span() - span / std::pow(1.2, delta / 120.0)) < 1);
    }

    void dragPansAndShiftDragZooms()
    {
        const auto view = makeView(threeLanes());
        QVERIFY(view);
        QWidget* viewport = view->viewport();
        const int y = view->laneRect(1).center().y();
        const int left = view->plotRect().left();
        const double at400 = view->scale().toValue(400 - left);
        sendMouse(viewport, QEvent::MouseButtonPress, {400, y}, Qt::LeftButton);
        sendMouse(viewport, QEvent::MouseMove, {450, y}, Qt::LeftButton);
        sendMouse(viewport, QEvent::MouseMove, {520, y}, Qt::LeftButton);
        sendMouse(viewport, QEvent::MouseButtonRelease, {520, y}, Qt::LeftButton);
        QVERIFY(std::abs(view->scale().toValue(520 - left) - at400) < 1);

        const double a = view->scale().toValue(300 - left);
        const double b = view->scale().toValue(500 - left);
        sendMouse(viewport, QEvent::MouseButtonPress, {500, y}, Qt::LeftButton, Qt::ShiftModifier);
        sendMouse(viewport, QEvent::MouseMove, {300, y}, Qt::LeftButton, Qt::ShiftModifier);
        sendMouse(viewport, QEvent::MouseButtonRelease, {300, y}, Qt::LeftButton, Qt::ShiftModifier);
        QVERIFY(std::abs(view->scale().from() - a) < 1);
        QVERIFY(std::abs(view->scale().to() - b) < 1);
    }

    void revisionAxis()
    {
        const auto lanes = threeLanes();
        const auto view = makeView(lanes);
        QVERIFY(view);
        QSignalSpy rangeChanged(view.get(), &TimelineView::visibleRangeChanged);
        view->setAxisMode(TimelineView::AxisMode::Revision);
        QCOMPARE(view->axisMode(), TimelineView::AxisMode::Revision);
        QCOMPARE(view->scale().axis(), Axis::Revision);
        QCOMPARE(rangeChanged.count(), 1);
        TimeScale fitted(Axis::Revision, view->scale().width());
        fitted.fit(1, 12);
        QCOMPARE(view->scale(), fitted);
        // Equally spaced by revision: the backdated revision 3 of lane 1 sits between 2 and 4.
        QSignalSpy activated(view.get(), &TimelineView::eventActivated);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, revisionPos(*view, 1, *lanes[1].index, 3));
        QCOMPARE(activated.count(), 1);
        QCOMPARE(activated.first().at(1).toLongLong(), 3);
        QTest::keyClick(view.get(), Qt::Key_Right);
        QCOMPARE(view->selectedRevision(), 4);
        QVERIFY(view->toolTipAt(revisionPos(*view, 1, *lanes[1].index, 4)).contains(u"revision 4"_s));
        save(*view, u"revision"_s);
        // Back on the time axis the selection stays.
        view->setAxisMode(TimelineView::AxisMode::Time);
        QCOMPARE(view->selectedRevision(), 4);
    }

    void setSelectedEventScrollsIntoView()
    {
        const auto lanes = threeLanes();
        const auto view = makeView(lanes);
        QVERIFY(view);
        view->setVisibleRange(double(Start), double(Start + 600 * 1000000LL));
        QSignalSpy activated(view.get(), &TimelineView::eventActivated);
        view->setSelectedEvent(lanes[0].streamId, 12);
        QVERIFY(view->scale().contains(double(lanes[0].index->occurredAt.back())));
        QCOMPARE(std::round(view->scale().span()), 600e6);
        QCOMPARE(activated.count(), 0);
        QCOMPARE(view->selectedRevision(), 12);
        view->setSelectedEvent(u"no-such-stream"_s, 1);
        QCOMPARE(view->selectedRevision(), -1);
    }

    void toolTips()
    {
        const auto lanes = threeLanes();
        const auto view = makeView(lanes);
        QVERIFY(view);
        const QString tip = view->toolTipAt(revisionPos(*view, 0, *lanes[0].index, 5));
        QVERIFY2(tip.contains(u"USER_EMAIL_CHANGED"_s), qPrintable(tip));
        QVERIFY2(tip.contains(u"2025-03-17 16:27:00.000 UTC"_s), qPrintable(tip));
        QVERIFY2(tip.contains(u"revision 5"_s), qPrintable(tip));
        QVERIFY(view->toolTipAt(QPoint(10, view->laneRect(0).center().y())).contains(lanes[0].streamId));
        QVERIFY(view->toolTipAt(QPoint(view->plotRect().center().x(), view->laneRect(2).center().y())).isEmpty());
    }

    void updateLaneKeepsTheZoom()
    {
        auto lanes = threeLanes();
        const auto view = makeView(lanes);
        QVERIFY(view);
        // Zoomed into the middle: new events at the end leave the view alone.
        view->setVisibleRange(double(Start + 1000 * 1000000LL), double(Start + 2000 * 1000000LL));
        const TimeScale zoomed = view->scale();
        QSignalSpy rangeChanged(view.get(), &TimelineView::visibleRangeChanged);
        auto grown = std::make_shared<StreamIndex>(*lanes[0].index);
        grown->append(9999, Start + 8000 * 1000000LL, u"USER_LOGGED_IN"_s);
        view->updateLane(lanes[0].streamId, grown);
        QCOMPARE(view->scale(), zoomed);
        QCOMPARE(rangeChanged.count(), 0);

        // Looking at the head: the view moves along with the same zoom.
        view->setVisibleRange(double(Start + 7500 * 1000000LL), double(Start + 8100 * 1000000LL));
        const double span = view->scale().span();
        auto further = std::make_shared<StreamIndex>(*grown);
        further->append(10000, Start + 9000 * 1000000LL, u"USER_LOGGED_IN"_s);
        view->updateLane(lanes[0].streamId, further);
        QVERIFY(view->scale().contains(double(Start + 9000 * 1000000LL)));
        QCOMPARE(view->scale().span(), span);

        // Showing everything: it still does.
        view->fitAll();
        auto last = std::make_shared<StreamIndex>(*further);
        last->append(10001, Start + 20000 * 1000000LL, u"USER_DELETED"_s);
        view->updateLane(lanes[0].streamId, last);
        TimeScale fitted(Axis::Time, view->scale().width());
        fitted.fit(double(Start), double(Start + 20000 * 1000000LL));
        QCOMPARE(view->scale(), fitted);
    }

    void millionEventsPaint()
    {
        const auto million = denseStream(u"user-million"_s, 1000000, 30LL * 86400 * 1000000);
        const auto view = makeView({{million->streamId, QString(), million, nullptr}});
        QVERIFY(view);
        QVERIFY(!view->grab().isNull());
        const QString tip = view->toolTipAt(QPoint(view->plotRect().center().x(), view->laneRect(0).center().y()));
        QVERIFY2(tip.contains(u"events"_s) && tip.contains(u"mostly"_s), qPrintable(tip));
        for (int i = 0; i < 12; ++i)
            view->zoomIn();
        QVERIFY(!view->grab().isNull());
        view->setAxisMode(TimelineView::AxisMode::Revision);
        QVERIFY(!view->grab().isNull());
        QTest::keyClick(view.get(), Qt::Key_End);
        QCOMPARE(view->selectedRevision(), 1000000);
    }

    void screenshots()
    {
        auto lanes = threeLanes();
        lanes.insert(2, {u"user-busy"_s, QString(), denseStream(u"user-busy"_s, 100000, 7000LL * 1000000), nullptr});
        const auto view = makeView(lanes, {1000, 420});
        QVERIFY(view);
        view->setFocus();
        view->setSelectedEvent(lanes[0].streamId, 5);
        save(*view, u"light"_s);
        view->setPalette(darkPalette());
        save(*view, u"dark"_s);
        view->setPalette(QPalette());
        // The busy lane zoomed in to two seconds: individual marks again.
        view->setVisibleRange(double(Start + 3500 * 1000000LL), double(Start + 3502 * 1000000LL));
        save(*view, u"dense-in"_s);
        view->fitAll();
        view->resize(480, 300);
        save(*view, u"small"_s);
    }
};

QTEST_MAIN(TestTimelineView)
#include "tst_timelineview.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
#include "timelineview.h"

#include "models/timeticks.h"
#include "timeaxisheader.h"
#include "timelinecolors.h"
#include "timelinelanepainter.h"

#include <QApplication>
#include <QDateTime>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QLocale>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

constexpr int RightPadding = 14; // room right of the scale, so a mark at the last instant is drawn whole
constexpr double ClickTolerance = 6; // pixels from a mark that still hit it
constexpr double ZoomStep = 1.5; // +/−
constexpr double WheelStep = 1.2; // one wheel notch
constexpr double KeyPanFraction = 0.125; // Shift+←/→ moves an eighth of the width

} // namespace

TimelineView::TimelineView(QWidget* parent)
    : QAbstractScrollArea(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    setAccessibleName(tr("Timeline"));
    setAccessibleDescription(tr("Events of the open streams on a time axis"));
    relayout();
    fitScale(m_scales[0]);
    fitScale(m_scales[1]);
}

TimelineView::~TimelineView() = default;

const TimeScale& TimelineView::scale() const
{
    return m_scales[size_t(axisSlot())];
}

TimeScale& TimelineView::currentScale()
{
    return m_scales[size_t(axisSlot())];
}

QTimeZone TimelineView::timeZone() const
{
    return m_utc ? QTimeZone::utc() : QTimeZone::systemTimeZone();
}

// Lanes ---------------------------------------------------------------------------------------------------------

void TimelineView::setLanes(QList<Lane> lanes)
{
    m_lanes.set(std::move(lanes), EventTypeColors::isDark(palette()));
    m_legend.setTypes(m_lanes.types());
    verticalScrollBar()->setValue(0);
    relayout();
    const TimeScale before = scale();
    fitScale(m_scales[0]);
    fitScale(m_scales[1]);
    m_fitted = {true, true};
    setAccessibleDescription(tr("%n stream(s) on a time axis", nullptr, laneCount()));
    rangeChanged(before, true);
}

void TimelineView::updateLane(const QString& streamId, std::shared_ptr<const StreamIndex> index)
{
    const int found = m_lanes.find(streamId);
    if (found < 0)
        return;
    const TimelineBuckets& old = *m_lanes.at(found).buckets;
    const bool hadEvents = !old.isEmpty();
    const std::array<double, 2> oldHead {old.maxValue(TimeScale::Axis::Time), old.maxValue(TimeScale::Axis::Revision)};
    m_lanes.update(streamId, std::move(index), EventTypeColors::isDark(palette()));
    const TimelineBuckets& grown = *m_lanes.at(found).buckets;

    const TimeScale before = scale();
    for (size_t slot = 0; slot < 2; ++slot) {
        TimeScale& s = m_scales[slot];
        if (m_fitted[slot]) {
            fitScale(s);
            continue;
        }
        if (!hadEvents || grown.isEmpty())
            continue;
        // Following the head: the newest event was on screen and the new ones run off the right edge, so the
        // view moves along (same zoom) to keep the newest in sight. Anywhere else the view stays put.
        const double head = grown.maxValue(s.axis());
        if (s.contains(oldHead[slot]) && head > s.to()) {
            const double shift = head - s.to() + TimeScale::FitMargin * s.span();
            s.setRange(s.from() + shift, s.to() + shift);
        }
    }
    m_legend.setTypes(m_lanes.types());
    relayout();
    viewport()->update();
    if (!(scale() == before))
        Q_EMIT visibleRangeChanged();
}

QString TimelineView::laneSubtitle(int lane) const
{
    const StreamIndex& index = m_lanes.at(lane).buckets->index();
    const QString count = tr("%1 events").arg(QLocale().toString(index.size()));
    return index.aggregateType.isEmpty() ? count : index.aggregateType + u" · "_s + count;
}

// Selection -----------------------------------------------------------------------------------------------------

void TimelineView::setSelectedEvent(const QString& streamId, qint64 revision)
{
    int lane = -1;
    qsizetype index = -1;
    if (m_lanes.locate(streamId, revision, lane, index))
        select(lane, index, false);
    else
        clearSelection();
}

void TimelineView::clearSelection()
{
    m_lanes.clearSelection();
    viewport()->update();
}

void TimelineView::select(int lane, qsizetype index, bool activate)
{
    const bool changed = m_lanes.select(lane, index);
    ensureVisible(lane, index);
    viewport()->update();
    if (activate && changed)
        Q_EMIT eventActivated(m_lanes.at(lane).lane.streamId, selectedRevision());
}

void TimelineView::ensureVisible(int lane, qsizetype index)
{
    const double value = m_lanes.at(lane).buckets->value(index, scale().axis());
    if (!scale().contains(value)) {
        const TimeScale before = scale();
        currentScale().centreOn(value);
        rangeChanged(before);
    }
    QScrollBar* bar = verticalScrollBar();
    const int top = lane * m_laneHeight;
    const int area = plotRect().height();
    if (top < bar->value())
        bar->setValue(top);
    else if (top + m_laneHeight > bar->value() + area)
        bar->setValue(top + m_laneHeight - area);
}

void TimelineView::selectNeighbour(int step)
{
    const int lane = m_lanes.currentLane();
    const qsizetype index = m_lanes.neighbour(lane, step, scale().axis());
    if (index >= 0)
        select(lane, index, true);
}

// Zoom and range ------------------------------------------------------------------------------------------------

void TimelineView::fitScale(TimeScale& s) const
{
    double lo = 0;
    double hi = 0;
    if (m_lanes.range(s.axis(), lo, hi)) {
        s.fit(lo, hi);
    } else if (s.axis() == TimeScale::Axis::Time) {
        // Nothing to show: the last hour, so the axis still reads as a clock.
        const auto now = double(QDateTime::currentMSecsSinceEpoch()) * 1000;
        s.setRange(now - 3600e6, now);
    } else {
        s.fit(1, 1);
    }
}

void TimelineView::rangeChanged(const TimeScale& before, bool fitted)
{
    m_fitted[size_t(axisSlot())] = fitted;
    viewport()->update();
    if (!(scale() == before))
        Q_EMIT visibleRangeChanged();
}

void TimelineView::fitAll()
{
    const TimeScale before = scale();
    fitScale(currentScale());
    rangeChanged(before, true);
}

void TimelineView::zoomIn()
{
    const TimeScale before = scale();
    currentScale().zoom(ZoomStep, scale().width() / 2.0);
    rangeChanged(before);
}

void TimelineView::zoomOut()
{
    const TimeScale before = scale();
    currentScale().zoom(1 / ZoomStep, scale().width() / 2.0);
    rangeChanged(before);
}

void TimelineView::setVisibleRange(double from, double to)
{
    const TimeScale before = scale();
    currentScale().setRange(from, to);
    rangeChanged(before);
}

void TimelineView::setAxisMode(AxisMode mode)
{
    if (mode == m_axisMode)
        return;
    m_axisMode = mode;
    // Each axis keeps its own zoom; the selected event is brought into view on the new one.
    if (m_lanes.selectedLane() >= 0)
        ensureVisible(m_lanes.selectedLane(), m_lanes.selectedIndex());
    viewport()->update();
    Q_EMIT visibleRangeChanged();
}

void TimelineView::setUtc(bool utc)
{
    if (utc == m_utc)
        return;
    m_utc = utc;
    viewport()->update();
}

// Layout --------------------------------------------------------------------------------------------------------

void TimelineView::relayout()
{
    const QFontMetrics metrics(font());
    m_headerHeight = TimeAxisHeader::height(metrics);
    m_laneHeight = std::max(40, 2 * metrics.height() + 16);
    int widest = metrics.horizontalAdvance(u"user-00000000"_s);
    for (int lane = 0; lane < laneCount(); ++lane)
        widest = std::max(
            {widest, metrics.horizontalAdvance(m_lanes.title(lane)), metrics.horizontalAdvance(laneSubtitle(lane))});
    const int width = viewport()->width();
    m_labelWidth = std::clamp(widest + 20, 110, std::max(110, std::min(260, width / 3)));
    m_legendHeight = m_legend.heightForWidth(width, metrics);

    const int plotWidth = std::max(1, width - m_labelWidth - RightPadding);
    for (size_t slot = 0; slot < 2; ++slot) {
        m_scales[slot].setWidth(plotWidth);
        // A fitted view stays fitted: the margin is in pixels.
        if (m_fitted[slot])
            fitScale(m_scales[slot]);
    }
    const int area = std::max(0, viewport()->height() - m_headerHeight - m_legendHeight);
    QScrollBar* bar = verticalScrollBar();
    bar->setRange(0, std::max(0, laneCount() * m_laneHeight - area));
    bar->setPageStep(std::max(1, area));
    bar->setSingleStep(std::max(1, m_laneHeight / 2));
}

QRect TimelineView::plotRect() const
{
    const int area = std::max(0, viewport()->height() - m_headerHeight - m_legendHeight);
    return QRect(m_labelWidth, m_headerHeight, scale().width(), area);
}

QRect TimelineView::laneRect(int lane) const
{
    return QRect(
        0, m_headerHeight + lane * m_laneHeight - verticalScrollBar()->value(), viewport()->width(), m_laneHeight);
}

int TimelineView::laneAt(QPoint pos) const
{
    const QRect plot = plotRect();
    if (pos.y() < plot.top() || pos.y() > plot.bottom() || m_laneHeight <= 0)
        return -1;
    const int lane = (pos.y() - m_headerHeight + verticalScrollBar()->value()) / m_laneHeight;
    return lane < laneCount() ? lane : -1;
}

QSize TimelineView::sizeHint() const
{
    return {860, m_headerHeight + 4 * m_laneHeight + 2 * QFontMetrics(font()).height()};
}

QSize TimelineView::minimumSizeHint() const
{
    return {320, m_headerHeight + m_laneHeight + QFontMetrics(font()).height()};
}

TimeTicks TimelineView::makeTicks() const
{
    return TimeTicks(scale(), TimeAxisHeader::tickOptions(QFontMetrics(font()), timeZone()));
}

void TimelineView::resizeEvent(QResizeEvent* event)
{
    QAbstractScrollArea::resizeEvent(event);
    const TimeScale before = scale();
    relayout();
    if (!(scale() == before))
        Q_EMIT visibleRangeChanged();
}

void TimelineView::changeEvent(QEvent* event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        m_lanes.restyle(EventTypeColors::isDark(palette()));
        viewport()->update();
    } else if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange) {
        relayout();
        viewport()->update();
    }
}

void TimelineView::scrollContentsBy(int, int)
{
    viewport()->update();
}

// Painting ------------------------------------------------------------------------------------------------------

void TimelineView::paintEvent(QPaintEvent*)
{
    QPainter painter(viewport());
    painter.setFont(font());
    const QPalette& pal = palette();
    const QRect all = viewport()->rect();
    painter.fillRect(all, pal.color(QPalette::Base));
    const TimeTicks ticks = makeTicks();
    const QRect plot = plotRect();
    const QRect lanesArea(0, plot.top(), all.width(), plot.height());

    painter.save();
    painter.setClipRect(lanesArea);
    if (m_lanes.isEmpty()) {
        painter.setPen(TimelineColors::secondaryText(pal));
        painter.drawText(lanesArea, Qt::AlignCenter, tr("No streams open"));
    } else {
        const int scroll = verticalScrollBar()->value();
        const int first = std::clamp(scroll / m_laneHeight, 0, laneCount() - 1);
        const int last = std::clamp((scroll + plot.height()) / m_laneHeight, 0, laneCount() - 1);
        for (int i = first; i <= last; ++i)
            TimelineLanePainter::paintBackground(painter, laneRect(i), pal, i % 2 == 1);
        const int gridBottom = std::min(lanesArea.bottom(), laneRect(laneCount() - 1).bottom() - 1);
        TimeAxisHeader::paintGrid(painter,
            QRect(QPoint(m_labelWidth, lanesArea.top()), QPoint(all.right(), gridBottom)), m_labelWidth, ticks, pal);
        const QString noEvents = tr("No events");
        for (int i = first; i <= last; ++i) {
            const TimelineLanes::Entry& entry = m_lanes.at(i);
            TimelineLanePainter::Lane lane;
            lane.title = m_lanes.title(i);
            lane.subtitle = laneSubtitle(i);
            lane.buckets = entry.buckets.get();
            lane.styles = &entry.styles;
            lane.selected = i == m_lanes.selectedLane() ? m_lanes.selectedIndex() : -1;
            lane.current = hasFocus() && i == m_lanes.currentLane();
            lane.alternate = i % 2 == 1;
            const QRect band = laneRect(i);
            TimelineLanePainter::paintEvents(painter,
                QRect(m_labelWidth + 1, band.top(), all.width() - m_labelWidth - 1, band.height() - 1), m_labelWidth,
                scale(), lane, pal, noEvents);
            TimelineLanePainter::paintLabel(painter, QRect(0, band.top(), m_labelWidth, band.height()), lane, pal);
        }
    }
    if (m_drag == Drag::Band) {
        const int a = std::clamp(m_dragStart.x(), m_labelWidth, plot.right());
        const int b = std::clamp(m_dragNow.x(), m_labelWidth, plot.right());
        const QRect band(QPoint(std::min(a, b), lanesArea.top()), QPoint(std::max(a, b), lanesArea.bottom()));
        painter.fillRect(band, TimelineColors::band(pal));
        painter.setPen(pal.color(QPalette::Highlight));
        painter.drawLine(band.topLeft(), band.bottomLeft());
        painter.drawLine(band.topRight(), band.bottomRight());
    }
    painter.restore();

    QString caption = tr("Revision");
    QString subcaption = tr("equal spacing");
    if (m_axisMode == AxisMode::Time) {
        caption = tr("Time");
        subcaption = m_utc
            ? tr("UTC")
            : tr("local, %1").arg(QTimeZone::systemTimeZone().abbreviation(QDateTime::currentDateTime()));
    }
    TimeAxisHeader::paint(
        painter, QRect(0, 0, all.width(), m_headerHeight), m_labelWidth, ticks, pal, caption, subcaption);
    if (m_axisMode == AxisMode::Time)
        paintCompressedGaps(painter, lanesArea);
    m_legend.paint(painter, QRect(0, all.height() - m_legendHeight, all.width(), m_legendHeight), pal);
    if (hasFocus()) {
        painter.setPen(pal.color(QPalette::Highlight));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(all.adjusted(0, 0, -1, -1));
    }
}

void TimelineView::setCompressedGaps(const QString& streamId, const QList<std::pair<qint64, qint64>>& gaps)
{
    if (streamId == m_gapStream && gaps == m_gaps)
        return;
    m_gapStream = streamId;
    m_gaps = gaps;
    viewport()->update();
}

void TimelineView::paintCompressedGaps(QPainter& painter, const QRect& lanesArea) const
{
    const int lane = m_gaps.isEmpty() ? -1 : m_lanes.find(m_gapStream);
    if (lane < 0)
        return;
    const QRect band = laneRect(lane).intersected(lanesArea);
    QColor shade = TimelineColors::secondaryText(palette());
    const QColor mark = shade;
    shade.setAlpha(70);
    painter.save();
    painter.setClipRect(QRect(m_labelWidth + 1, 0, viewport()->width() - m_labelWidth - 1, viewport()->height()));
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(mark, 1.5));
    const double left = m_labelWidth;
    const double axis = m_headerHeight - 2;
    for (const auto& [from, to] : m_gaps) {
        if (double(to) < scale().from() || double(from) > scale().to())
            continue;
        const double x1 = left + scale().toPixel(double(from));
        const double x2 = left + scale().toPixel(double(to));
        if (x2 - x1 < 8) // too narrow at this zoom to tell from the marks around it
            continue;
        if (band.isValid())
            painter.fillRect(
                QRectF(x1 + 3, band.top() + 3, x2 - x1 - 6, band.height() - 6), QBrush(shade, Qt::BDiagPattern));
        // A break on the axis, as on a chart with a cut scale: the film skips here.
        const double mid = (x1 + x2) / 2;
        painter.drawLine(QPointF(mid - 5, axis), QPointF(mid - 1, axis - 9));
        painter.drawLine(QPointF(mid + 1, axis), QPointF(mid + 5, axis - 9));
    }
    painter.restore();
}

void TimelineView::focusInEvent(QFocusEvent* event)
{
    QAbstractScrollArea::focusInEvent(event);
    viewport()->update();
}

void TimelineView::focusOutEvent(QFocusEvent* event)
{
    QAbstractScrollArea::focusOutEvent(event);
    viewport()->update();
}

// Tooltips ------------------------------------------------------------------------------------------------------

QString TimelineView::eventToolTip(int lane, qsizetype index) const
{
    const StreamIndex& events = m_lanes.at(lane).buckets->index();
    return QStringList {events.typeNameAt(index),
        TimeTicks::formatInstant(events.occurredAt[size_t(index)], timeZone()),
        tr("revision %1 · position %2").arg(events.revisionAt(index)).arg(events.positions[size_t(index)]),
        m_lanes.title(lane)}
        .join(u'\n');
}

QString TimelineView::toolTipAt(QPoint pos) const
{
    const int laneIndex = laneAt(pos);
    if (laneIndex < 0)
        return {};
    // Over the label: the whole stream id, which the label may have shortened.
    if (pos.x() < m_labelWidth)
        return m_lanes.at(laneIndex).lane.streamId + u'\n' + laneSubtitle(laneIndex);
    const TimelineBuckets& buckets = *m_lanes.at(laneIndex).buckets;
    if (buckets.isEmpty())
        return {};
    const double x = pos.x() - m_labelWidth;
    if (buckets.compute(scale()).dense) {
        const TimelineBuckets::Bucket bucket = buckets.bucketAt(scale(), int(std::floor(x)));
        if (bucket.count > 1) {
            const StreamIndex& events = buckets.index();
            QStringList lines {tr("%1 events").arg(QLocale().toString(bucket.count)),
                tr("mostly %1").arg(events.typeNames.value(bucket.dominantType))};
            if (scale().axis() == TimeScale::Axis::Time) {
                lines << tr("from %1").arg(
                    TimeTicks::formatInstant(events.occurredAt[size_t(bucket.first)], timeZone()))
                      << tr("to %1").arg(TimeTicks::formatInstant(events.occurredAt[size_t(bucket.last)], timeZone()));
            } else {
                lines << tr("revisions %1–%2").arg(events.revisionAt(bucket.first)).arg(events.revisionAt(bucket.last));
            }
            lines << m_lanes.title(laneIndex);
            return lines.join(u'\n');
        }
    }
    const auto hit = buckets.hitTest(scale(), x, ClickTolerance);
    return hit ? eventToolTip(laneIndex, hit->index) : QString();
}

bool TimelineView::viewportEvent(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, viewport());
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

// Mouse ---------------------------------------------------------------------------------------------------------

void TimelineView::mousePressEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    const bool inPlot = laneAt(pos) >= 0 || (pos.y() >= plotRect().top() && pos.y() <= plotRect().bottom());
    if (!inPlot || (event->button() != Qt::LeftButton && event->button() != Qt::RightButton)) {
        QAbstractScrollArea::mousePressEvent(event);
        return;
    }
    if (pos.x() < m_labelWidth) {
        // A click on a label makes that lane the one the arrow keys walk.
        if (const int lane = laneAt(pos); lane >= 0 && event->button() == Qt::LeftButton) {
            m_lanes.setCurrentLane(lane);
            viewport()->update();
        }
        return;
    }
    m_dragStart = m_dragNow = pos;
    m_dragScale = scale();
    const bool band = event->button() == Qt::RightButton || event->modifiers().testFlag(Qt::ShiftModifier);
    m_drag = band ? Drag::Band : Drag::Pending;
    if (band)
        viewport()->update();
    event->accept();
}

void TimelineView::mouseMoveEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    if (m_drag == Drag::Pending && (pos - m_dragStart).manhattanLength() >= QApplication::startDragDistance()) {
        m_drag = Drag::Pan;
        viewport()->setCursor(Qt::ClosedHandCursor);
    }
    if (m_drag == Drag::Pan) {
        // From the scale at the press, so the instant under the mouse stays under it however far it goes.
        const TimeScale before = scale();
        currentScale() = m_dragScale;
        currentScale().pan(pos.x() - m_dragStart.x());
        rangeChanged(before);
    } else if (m_drag == Drag::Band) {
        m_dragNow = pos;
        viewport()->update();
    }
}

void TimelineView::mouseReleaseEvent(QMouseEvent* event)
{
    const QPoint pos = event->position().toPoint();
    const Drag drag = std::exchange(m_drag, Drag::None);
    switch (drag) {
    case Drag::Pending: {
        const int lane = laneAt(pos);
        if (lane < 0)
            break;
        const auto hit = m_lanes.at(lane).buckets->hitTest(scale(), pos.x() - m_labelWidth, ClickTolerance);
        if (hit) {
            select(lane, hit->index, true);
        } else {
            m_lanes.setCurrentLane(lane);
            viewport()->update();
        }
        break;
    }
    case Drag::Pan:
        viewport()->unsetCursor();
        break;
    case Drag::Band: {
        const double a = m_dragStart.x() - m_labelWidth;
        const double b = pos.x() - m_labelWidth;
        if (std::abs(a - b) >= 3) {
            const TimeScale before = scale();
            currentScale().zoomTo(
                std::clamp(a, 0.0, double(scale().width())), std::clamp(b, 0.0, double(scale().width())));
            rangeChanged(before);
        } else if (const int lane = laneAt(pos); lane >= 0 && event->button() == Qt::RightButton) {
            if (const auto hit = m_lanes.at(lane).buckets->hitTest(scale(), pos.x() - m_labelWidth, ClickTolerance)) {
                select(lane, hit->index, true);
                Q_EMIT eventMenuRequested(event->globalPosition().toPoint());
            }
        }
        viewport()->update();
        break;
    }
    case Drag::None:
        QAbstractScrollArea::mouseReleaseEvent(event);
        break;
    }
}

void TimelineView::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && event->position().x() >= m_labelWidth) {
        fitAll();
        return;
    }
    QAbstractScrollArea::mouseDoubleClickEvent(event);
}

void TimelineView::wheelEvent(QWheelEvent* event)
{
    // Shift+wheel scrolls the lanes; the plain wheel zooms around the mouse, a sideways wheel pans.
    if (event->modifiers().testFlag(Qt::ShiftModifier)) {
        QAbstractScrollArea::wheelEvent(event);
        return;
    }
    const QPoint angle = event->angleDelta();
    const TimeScale before = scale();
    if (angle.y() != 0) {
        const double anchor = std::clamp(event->position().x() - m_labelWidth, 0.0, double(scale().width()));
        currentScale().zoom(std::pow(WheelStep, angle.y() / 120.0), anchor);
    }
    if (angle.x() != 0)
        currentScale().pan(angle.x() / 120.0 * scale().width() / 10);
    rangeChanged(before);
    event->accept();
}

// Keyboard ------------------------------------------------------------------------------------------------------

void TimelineView::keyPressEvent(QKeyEvent* event)
{
    if (event->matches(QKeySequence::ZoomIn)) {
        zoomIn();
        return;
    }
    if (event->matches(QKeySequence::ZoomOut)) {
        zoomOut();
        return;
    }
    const bool shift = event->modifiers().testFlag(Qt::ShiftModifier);
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        return;
    case Qt::Key_Minus:
    case Qt::Key_Underscore:
        zoomOut();
        return;
    case Qt::Key_0:
        fitAll();
        return;
    case Qt::Key_Left:
    case Qt::Key_Right: {
        const int direction = event->key() == Qt::Key_Right ? 1 : -1;
        if (shift) {
            const TimeScale before = scale();
            currentScale().pan(-direction * KeyPanFraction * scale().width());
            rangeChanged(before);
        } else {
            selectNeighbour(direction);
        }
        return;
    }
    case Qt::Key_Home:
    case Qt::Key_End: {
        const int lane = m_lanes.currentLane();
        if (lane >= 0 && lane < laneCount() && !m_lanes.at(lane).buckets->isEmpty()) {
            const TimelineBuckets& buckets = *m_lanes.at(lane).buckets;
            const qsizetype rank = event->key() == Qt::Key_Home ? 0 : buckets.size() - 1;
            select(lane, buckets.indexAtRank(rank, scale().axis()), true);
        }
        return;
    }
    case Qt::Key_Up:
    case Qt::Key_Down: {
        // To the lane above or below, onto its event nearest to the selected one (or to the middle).
        const int from = m_lanes.currentLane();
        const int lane = std::clamp(from + (event->key() == Qt::Key_Down ? 1 : -1), 0, std::max(0, laneCount() - 1));
        if (lane >= laneCount() || lane == from)
            return;
        double x = scale().width() / 2.0;
        if (const int selected = m_lanes.selectedLane(); selected >= 0)
            x = scale().toPixel(m_lanes.at(selected).buckets->value(m_lanes.selectedIndex(), scale().axis()));
        const auto hit = m_lanes.at(lane).buckets->hitTest(scale(), x, std::numeric_limits<double>::infinity());
        if (hit) {
            select(lane, hit->index, true);
        } else {
            m_lanes.setCurrentLane(lane);
            viewport()->update();
        }
        return;
    }
    case Qt::Key_Escape:
        if (m_drag != Drag::None) {
            m_drag = Drag::None;
            viewport()->unsetCursor();
            viewport()->update();
            return;
        }
        break;
    default:
        break;
    }
    QAbstractScrollArea::keyPressEvent(event);
}

} // namespace flashback

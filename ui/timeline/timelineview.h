// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/timescale.h"
#include "timelinelanes.h"
#include "timelinelegend.h"

#include <QAbstractScrollArea>
#include <QList>
#include <QString>
#include <QTimeZone>

#include <array>
#include <memory>

class QPainter;

namespace flashback {

class TimeTicks;

// The events of one or more streams on a shared time (or revision) axis, one lane per stream, coloured by type.
// Zoom with the wheel (around the mouse) or +/−, pan by dragging or Shift+←/→, Shift+drag or right-drag for a
// rubber band, double-click or 0 to fit everything; ←/→ and Home/End walk the selected lane's events.
//
// All the arithmetic lives in ui/models (TimeScale, TimeTicks, TimelineBuckets): a paint asks TimelineBuckets for
// at most one bar per pixel column, so a lane of 1,000,000 events paints as fast as one of 1,000. Lanes scroll
// vertically; the axis header and the legend stay in place.
class TimelineView : public QAbstractScrollArea {
    Q_OBJECT

public:
    enum class AxisMode { Time, Revision };
    using Lane = TimelineLane;

    explicit TimelineView(QWidget* parent = nullptr);
    ~TimelineView() override;

    // Replaces all lanes and fits them all. The selection survives when its stream is still there.
    void setLanes(QList<Lane> lanes);
    // The stream grew (live events): the zoom stays, unless the view was following the head or showing
    // everything, in which case it moves along. Unknown stream ids are ignored.
    void updateLane(const QString& streamId, std::shared_ptr<const StreamIndex> index);
    // Highlights the event and scrolls it into view if it is off-screen; does not emit eventActivated.
    void setSelectedEvent(const QString& streamId, qint64 revision);
    void clearSelection();

    void setAxisMode(AxisMode mode);
    AxisMode axisMode() const { return m_axisMode; }
    void setUtc(bool utc);
    bool isUtc() const { return m_utc; }
    QTimeZone timeZone() const;

    void fitAll();
    void zoomIn();
    void zoomOut();
    // Previous (step < 0) or next event of the selected lane along the axis; emits eventActivated.
    void selectNeighbour(int step);

    // The visible range of the current axis: microseconds since the epoch (UTC) or revisions.
    double visibleFrom() const { return scale().from(); }
    double visibleTo() const { return scale().to(); }
    void setVisibleRange(double from, double to);

    // Geometry, for the window's own logic and for tests: where the scale's x = 0 lies, and each lane's band,
    // in viewport coordinates.
    const TimeScale& scale() const;
    QRect plotRect() const;
    QRect laneRect(int lane) const;
    int laneCount() const { return m_lanes.count(); }
    QString selectedStreamId() const { return m_lanes.selectedStreamId(); }
    qint64 selectedRevision() const { return m_lanes.selectedRevision(); } // -1 when nothing is selected
    // The quiet spells of `streamId` that playing shortens ([from, to] in microseconds): shaded in its lane and
    // marked with a break on the time axis, so a presenter sees where the film skips.
    void setCompressedGaps(const QString& streamId, const QList<std::pair<qint64, qint64>>& gaps);
    const QList<std::pair<qint64, qint64>>& compressedGaps() const { return m_gaps; }
    // What the tooltip at `pos` (viewport coordinates) says; empty over nothing.
    QString toolTipAt(QPoint pos) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void eventActivated(const QString& streamId, qint64 revision);
    /// A right click on an event (not a right drag, which zooms to a band): the event is selected first.
    void eventMenuRequested(const QPoint& globalPos);
    void visibleRangeChanged();

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void scrollContentsBy(int dx, int dy) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void focusInEvent(QFocusEvent* event) override;
    void focusOutEvent(QFocusEvent* event) override;

private:
    enum class Drag { None, Pending, Pan, Band };

    TimeScale& currentScale();
    int axisSlot() const { return m_axisMode == AxisMode::Time ? 0 : 1; }
    void relayout();
    void fitScale(TimeScale& scale) const;
    // Applies a change of the current scale: repaints and tells listeners if the range moved.
    void rangeChanged(const TimeScale& before, bool fitted = false);
    int laneAt(QPoint pos) const;
    void select(int lane, qsizetype index, bool activate);
    void ensureVisible(int lane, qsizetype index);
    QString laneSubtitle(int lane) const;
    QString eventToolTip(int lane, qsizetype index) const;
    TimeTicks makeTicks() const;
    void paintCompressedGaps(QPainter& painter, const QRect& lanesArea) const;

    TimelineLanes m_lanes;
    std::array<TimeScale, 2> m_scales {TimeScale(TimeScale::Axis::Time), TimeScale(TimeScale::Axis::Revision)};
    std::array<bool, 2> m_fitted {true, true}; // showing everything: follows growth and resizes
    AxisMode m_axisMode = AxisMode::Time;
    bool m_utc = false;
    TimelineLegend m_legend;

    // Layout, from the font: recomputed on resize, font and lane changes.
    int m_headerHeight = 0;
    int m_laneHeight = 0;
    int m_labelWidth = 0;
    int m_legendHeight = 0;

    Drag m_drag = Drag::None;
    QPoint m_dragStart;
    QPoint m_dragNow;
    TimeScale m_dragScale;

    QString m_gapStream;
    QList<std::pair<qint64, qint64>> m_gaps;
};

} // namespace flashback

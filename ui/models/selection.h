// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

namespace flashback {

/// What the window is looking at, shared by every pane (hotspot's FilterAndZoomStack): the open streams (one, or
/// several as swimlanes), the current stream among them and its selected revision. Panes read it and write it;
/// they never call each other.
class Selection : public QObject {
    Q_OBJECT
public:
    explicit Selection(QObject* parent = nullptr);

    const QStringList& openStreams() const { return m_openStreams; }
    /// The stream the events list and the Event pane show: the first open one unless an event of another was
    /// selected.
    const QString& currentStream() const { return m_currentStream; }
    /// The selected revision of the current stream; 0 when none is selected.
    qint64 revision() const { return m_revision; }

    /// Opens `streams` (the first becomes current) and selects `revision` of it (0: none).
    void openStreams(const QStringList& streams, qint64 revision = 0);
    /// Selects an event of an open stream, making that stream current.
    void selectEvent(const QString& streamId, qint64 revision);
    void clear();

Q_SIGNALS:
    void openStreamsChanged(const QStringList& streams);
    void currentStreamChanged(const QString& streamId);
    /// Also emitted with revision 0 when the selection is cleared.
    void eventSelected(const QString& streamId, qint64 revision);

private:
    QStringList m_openStreams;
    QString m_currentStream;
    qint64 m_revision = 0;
};

} // namespace flashback

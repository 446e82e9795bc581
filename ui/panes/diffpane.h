// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/requesthandle.h"

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace flashback {

class DiffModel;
class OpenStreams;
class RecordTableView;
class Selection;
class Settings;
class StoreSession;

/// Two states of the current stream side by side as their differences: by default the selected event against
/// the one before it (following the selection); or any A and B typed as revisions or times. Below, the stream's
/// stored snapshots with their formats, each verified against the replayed state at its revision on request;
/// a snapshot that differs shows a red banner naming the differing fields.
class DiffPane : public QWidget {
    Q_OBJECT
public:
    DiffPane(StoreSession* session, Selection* selection, OpenStreams* streams, Settings* settings,
        QWidget* parent = nullptr);

    DiffModel* model() const { return m_model; }
    QCheckBox* againstPrevious() const { return m_previous; }
    QLineEdit* fieldA() const { return m_a; }
    QLineEdit* fieldB() const { return m_b; }
    QLabel* summary() const { return m_summary; }
    QLabel* driftBanner() const { return m_banner; }
    QTableWidget* snapshots() const { return m_snapshots; }
    QPushButton* verifyButton() const { return m_verify; }
    /// Compares A and B as typed (or the selected event and the one before).
    void compare();
    enum class Side { A, B };
    /// "Compare from here" / "to here": the selected event becomes A (or B), comparing once both are set.
    void useSelectedEventAs(Side side);
    /// Lists the stream's snapshots and checks each against the replay.
    void verifySnapshots();

protected:
    void showEvent(QShowEvent* event) override;

private:
    QStringList maskedKeys() const;

    QPointer<StoreSession> m_session;
    QPointer<Selection> m_selection;
    QPointer<OpenStreams> m_streams;
    QPointer<Settings> m_settings;
    DiffModel* m_model;
    QCheckBox* m_previous;
    QLineEdit* m_a;
    QLineEdit* m_b;
    QPushButton* m_compare;
    QLabel* m_summary;
    QLabel* m_banner;
    RecordTableView* m_view;
    QTableWidget* m_snapshots;
    QPushButton* m_verify;
    RequestHandle m_request;
    RequestHandle m_verifying;
    bool m_stale = false; ///< The selection moved while hidden: compare when shown.
};

} // namespace flashback

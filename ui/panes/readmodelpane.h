// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/requesthandle.h"
#include "models/storesession.h"

#include <QPointer>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;
class QTimer;
class QTreeView;

namespace flashback {

class ComparisonStatusProxy;
class DriftExamplesModel;
class ReadModelComparisonModel;
class Selection;
class Settings;

/// The read model beside the aggregate (ARCHITECTURE.md section 6, projection drift): for the current stream, its
/// rows in a projection's read model (users by default) next to a replay of its events, the revision each
/// reflects, and what differs: lag (events after the checkpoint, amber) or drift (a row that is not what its
/// events give, red). It compares again when the stream gets events or the projection's checkpoint moves (looked
/// at every second while shown). "Check the Whole Read Model" compares every row with a fresh build in memory and
/// reports drift with counts and examples, with progress and Cancel. It only reads, so it works read-only too.
class ReadModelPane : public QWidget {
    Q_OBJECT
public:
    ReadModelPane(StoreSession* session, Selection* selection, Settings* settings, QWidget* parent = nullptr);

    ReadModelComparisonModel* model() const { return m_model; }
    DriftExamplesModel* examplesModel() const { return m_examples; }
    QComboBox* projectionChoice() const { return m_projection; }
    QTreeView* tree() const { return m_tree; }
    QLabel* summary() const { return m_summary; }
    QPushButton* checkButton() const { return m_check; }
    QPushButton* cancelCheckButton() const { return m_cancelCheck; }
    QProgressBar* checkProgress() const { return m_progress; }
    QLabel* checkResult() const { return m_checkResult; }
    QTableView* examplesTable() const { return m_examplesTable; }
    /// The last whole-read-model check's report (nullopt before one finished).
    const std::optional<ReadModelCheck>& lastCheck() const { return m_lastCheck; }

    /// The projection compared (default "users").
    QString projection() const;
    void setProjection(const QString& name);
    /// Compares the current stream again now (or as soon as the comparison on its way answers).
    void compare();
    /// Starts the whole-read-model check of the chosen projection (unless one runs); cancelCheck() stops it.
    void checkWholeReadModel();
    void cancelCheck();
    /// How often the checkpoint is looked at while the pane is shown (default: every second).
    void setPollInterval(int milliseconds);

Q_SIGNALS:
    /// A comparison answered and the pane shows it (or its error).
    void compared();
    /// A whole-read-model check ended: finished (`error` empty), failed or cancelled.
    void checkFinished(const QString& error);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void storeChanged();
    void streamChanged(const QString& streamId);
    void showComparison();
    void showError(const QString& message);
    void pollCheckpoint();
    void showCheckProgress();
    void showCheckResult();
    void checkEnded(const QString& error);
    QString comparisonText() const;

    QPointer<StoreSession> m_session;
    QPointer<Selection> m_selection;
    ReadModelComparisonModel* m_model;
    ComparisonStatusProxy* m_coloured;
    DriftExamplesModel* m_examples;
    QComboBox* m_projection;
    QLabel* m_summary;
    QTreeView* m_tree;
    QPushButton* m_check;
    QPushButton* m_cancelCheck;
    QProgressBar* m_progress;
    QLabel* m_checkResult;
    QTableView* m_examplesTable;
    QTimer* m_poll;
    QTimer* m_checkTicker;

    QString m_stream;
    RequestHandle m_comparing;
    bool m_inFlight = false;
    bool m_again = false; ///< Something changed while a comparison was on its way: compare once more.
    bool m_stale = false; ///< Something changed while the pane was hidden: compare when it is shown.
    bool m_hasComparison = false;
    QString m_error;
    RequestHandle m_peek;
    bool m_peeking = false;
    RequestHandle m_checking;
    std::shared_ptr<ReadModelCheckTicker> m_ticker;
    QString m_checkedProjection;
    std::optional<ReadModelCheck> m_lastCheck;
    qint64 m_headWhenChecked = 0;
};

} // namespace flashback

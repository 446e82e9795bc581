// SPDX-License-Identifier: GPL-3.0-or-later
#include "readmodelpane.h"

#include "models/driftexamplesmodel.h"
#include "models/readmodelcomparisonmodel.h"
#include "models/selection.h"
#include "projections/builtinprojections.h"
#include "settings.h"
#include "util/humanduration.h"
#include "widgets/comparisonstatusproxy.h"
#include "widgets/recordtableview.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

QString count(qint64 n, const QString& one, const QString& many)
{
    return u"%1 %2"_s.arg(QLocale().toString(n), n == 1 ? one : many);
}

QString coloured(const QString& text, const char* colour)
{
    return u"<span style=\"color:%1\"><b>%2</b></span>"_s.arg(QLatin1StringView(colour), text);
}

} // namespace

ReadModelPane::ReadModelPane(StoreSession* session, Selection* selection, Settings* settings, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_selection(selection)
    , m_model(new ReadModelComparisonModel(this))
    , m_coloured(new ComparisonStatusProxy(this))
    , m_examples(new DriftExamplesModel(this))
    , m_projection(new QComboBox(this))
    , m_summary(new QLabel(this))
    , m_tree(new QTreeView(this))
    , m_check(new QPushButton(u"Check the &Whole Read Model"_s, this))
    , m_cancelCheck(new QPushButton(u"Cancel"_s, this))
    , m_progress(new QProgressBar(this))
    , m_checkResult(new QLabel(this))
    , m_examplesTable(new RecordTableView(this))
    , m_poll(new QTimer(this))
    , m_checkTicker(new QTimer(this))
{
    for (const auto& projection : builtinProjections())
        m_projection->addItem(projection->name(), projection->name());
    m_projection->setCurrentIndex(m_projection->findData(u"users"_s));
    m_projection->setAccessibleName(u"Read model compared"_s);
    m_projection->setToolTip(u"The projection whose read model is compared with the events"_s);
    m_coloured->setSourceModel(m_model);
    m_tree->setModel(m_coloured);
    m_tree->setAccessibleName(u"Read model against the aggregate"_s);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    // The values are the point: field names and statuses get what their longest text needs, the two values share
    // the rest. A row's own line (its key) spans the columns rather than widening the first.
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(ReadModelComparisonModel::FieldColumn, QHeaderView::Interactive);
    m_tree->header()->setSectionResizeMode(ReadModelComparisonModel::StoredColumn, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(ReadModelComparisonModel::ReplayedColumn, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(ReadModelComparisonModel::StatusColumn, QHeaderView::Interactive);
    m_tree->setColumnWidth(ReadModelComparisonModel::FieldColumn,
        m_tree->fontMetrics().horizontalAdvance(u"suspension_reason"_s) + 2 * m_tree->indentation() + 12);
    m_tree->setColumnWidth(
        ReadModelComparisonModel::StatusColumn, m_tree->fontMetrics().horizontalAdvance(u"not yet projected"_s) + 12);
    m_examplesTable->setModel(m_examples);
    m_examplesTable->setAccessibleName(u"Drifted rows"_s);
    m_examplesTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_examplesTable->horizontalHeader()->setSectionResizeMode(
        DriftExamplesModel::DifferencesColumn, QHeaderView::Stretch);
    m_examplesTable->setVisible(false);
    for (QLabel* label : {m_summary, m_checkResult}) {
        label->setWordWrap(true);
        label->setTextFormat(Qt::RichText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_summary->setAccessibleName(u"Comparison summary"_s);
    m_checkResult->setAccessibleName(u"Read model check"_s);
    m_check->setToolTip(u"Compare every row of the read model with a fresh replay of the events up to its checkpoint "
                        u"(reads only)"_s);
    m_cancelCheck->setVisible(false);
    m_progress->setVisible(false);
    m_progress->setAccessibleName(u"Read model check progress"_s);

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(u"Read model:"_s, this));
    top->addWidget(m_projection);
    top->addStretch(1);
    auto* check = new QHBoxLayout;
    check->addWidget(m_check);
    check->addWidget(m_progress, 1);
    check->addWidget(m_cancelCheck);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_summary);
    layout->addWidget(m_tree, 3);
    layout->addLayout(check);
    layout->addWidget(m_checkResult);
    layout->addWidget(m_examplesTable, 1);

    m_poll->setInterval(1000);
    connect(m_poll, &QTimer::timeout, this, &ReadModelPane::pollCheckpoint);
    m_checkTicker->setInterval(100);
    connect(m_checkTicker, &QTimer::timeout, this, &ReadModelPane::showCheckProgress);
    connect(m_projection, &QComboBox::currentIndexChanged, this, [this] {
        // An answer on its way compares the other read model: it must not be shown under this one.
        m_comparing.cancel();
        m_inFlight = false;
        m_model->clear();
        m_hasComparison = false;
        m_error.clear();
        compare();
    });
    connect(m_check, &QPushButton::clicked, this, &ReadModelPane::checkWholeReadModel);
    connect(m_cancelCheck, &QPushButton::clicked, this, &ReadModelPane::cancelCheck);
    connect(selection, &Selection::currentStreamChanged, this, &ReadModelPane::streamChanged);
    connect(session, &StoreSession::opened, this, &ReadModelPane::storeChanged);
    connect(session, &StoreSession::stateChanged, this, [this](ConnectionState state) {
        if (state == ConnectionState::Closed || state == ConnectionState::Failed)
            storeChanged();
    });
    connect(session, &StoreSession::eventsCommitted, this, [this](const QList<RecordedEvent>& events) {
        if (!m_stream.isEmpty() && std::any_of(events.cbegin(), events.cend(), [this](const RecordedEvent& event) {
                return event.streamId == m_stream;
            }))
            compare();
    });
    connect(settings, &Settings::utcChanged, this, &ReadModelPane::showComparison);
    storeChanged();
}

QString ReadModelPane::projection() const
{
    return m_projection->currentData().toString();
}

void ReadModelPane::setProjection(const QString& name)
{
    m_projection->setCurrentIndex(m_projection->findData(name));
}

void ReadModelPane::setPollInterval(int milliseconds)
{
    m_poll->setInterval(milliseconds);
}

void ReadModelPane::storeChanged()
{
    m_comparing.cancel();
    m_peek.cancel();
    m_inFlight = m_again = m_peeking = false;
    cancelCheck();
    m_lastCheck.reset();
    m_examples->setExamples({});
    m_examplesTable->setVisible(false);
    m_checkResult->clear();
    m_model->clear();
    m_hasComparison = false;
    m_error.clear();
    const bool open = m_session && m_session->isOpen();
    m_check->setEnabled(open);
    if (open)
        m_poll->start();
    else
        m_poll->stop();
    streamChanged(m_selection ? m_selection->currentStream() : QString());
}

void ReadModelPane::streamChanged(const QString& streamId)
{
    if (streamId == m_stream && m_hasComparison)
        return;
    m_stream = streamId;
    m_comparing.cancel();
    m_inFlight = false;
    m_model->clear();
    m_hasComparison = false;
    m_error.clear();
    compare();
}

void ReadModelPane::compare()
{
    if (!m_session || !m_session->isOpen() || m_stream.isEmpty()) {
        showComparison();
        return;
    }
    // A replay of the stream (twice) for a tab nobody looks at would only take the worker from the others.
    if (!isVisible()) {
        m_stale = true;
        showComparison();
        return;
    }
    m_stale = false;
    if (m_inFlight) {
        m_again = true;
        return;
    }
    m_inFlight = true;
    m_again = false;
    const QString stream = m_stream;
    m_comparing = m_session->compareWithReadModel(
        this, projection(), stream, [this, stream](const Result<StreamReadModelComparison>& comparison) {
            m_inFlight = false;
            if (stream != m_stream)
                return;
            if (comparison) {
                m_error.clear();
                const bool first = !m_hasComparison;
                m_model->setComparison(*comparison);
                m_hasComparison = true;
                for (int row = 0; row < m_model->rowCount(); ++row)
                    m_tree->setFirstColumnSpanned(row, {}, true);
                // One row (a user): its fields are the point. Many (a row per event): the rows are.
                if (m_model->rowCount() == 1 || first)
                    m_tree->expand(m_coloured->index(0, 0));
            } else {
                m_error = comparison.error().message;
            }
            showComparison();
            Q_EMIT compared();
            if (m_again)
                compare();
        });
}

void ReadModelPane::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale)
        compare();
}

void ReadModelPane::pollCheckpoint()
{
    if (!isVisible() || m_peeking || m_inFlight || !m_hasComparison || !m_session || !m_session->isOpen())
        return;
    m_peeking = true;
    const QString name = projection();
    m_peek = m_session->projectionCheckpoint(this, name, [this, name](const Result<ProjectionCheckpoint>& checkpoint) {
        m_peeking = false;
        if (!checkpoint || name != projection() || !m_hasComparison)
            return;
        const ProjectionCheckpoint& shown = m_model->comparison().checkpoint;
        if (checkpoint->position != shown.position || checkpoint->generation != shown.generation
            || checkpoint->paused != shown.paused)
            compare();
    });
}

QString ReadModelPane::comparisonText() const
{
    const StreamReadModelComparison& c = m_model->comparison();
    const QLocale locale;
    const QString name = u"<code>%1</code>"_s.arg(c.projection);
    if (!c.handlesStream)
        return u"%1 holds nothing for this stream: it projects other events. Choose another read model."_s.arg(name);
    QStringList parts;
    if (c.drifted()) {
        int rows = 0;
        for (const auto& row : c.rows)
            rows += ReadModelComparisonModel::rowStatus(row) == ReadModelComparisonModel::Status::Drift;
        parts.append(coloured(u"Drift: %1 of %2 %3 from a replay of the same events."_s.arg(
                                  count(rows, u"row"_s, u"rows"_s), name, rows == 1 ? u"differs"_s : u"differ"_s),
            "#c62828"));
        parts.append(u"Something changed the read model behind the projection's back, or the projection is not "
                     u"deterministic; rebuilding it from the Projections pane repairs it."_s);
    }
    const QString checkpoint = locale.toString(c.checkpoint.position);
    if (c.eventsBehind > 0) {
        QString lag
            = coloured(u"%1 behind this stream."_s.arg(count(c.eventsBehind, u"event"_s, u"events"_s)), "#b26a00");
        lag += u" It reflects revision %1 (checkpoint %2); the aggregate is at revision %3."_s.arg(
            locale.toString(c.revisionAtCheckpoint), checkpoint, locale.toString(c.streamRevision));
        if (c.oldestPendingAt) {
            const qint64 waited = std::max<qint64>(0, Timestamp::now().micros() - c.oldestPendingAt->micros());
            lag += u" The oldest has waited %1."_s.arg(humanDuration(std::chrono::microseconds(waited)));
        }
        if (c.checkpoint.paused)
            lag += u" %1 is paused: resume it in the Projections pane."_s.arg(name);
        else if (c.checkpoint.failedPosition)
            lag += u" %1 failed at position %2: see the Projections pane."_s.arg(
                name, locale.toString(*c.checkpoint.failedPosition));
        parts.append(u"The read model is "_s + lag);
    } else if (!c.drifted()) {
        parts.append(coloured(u"Up to date."_s, "#2e7d32")
            + u" %1 equals a replay of this stream at revision %2 (checkpoint %3)."_s.arg(
                name, locale.toString(c.streamRevision), checkpoint));
    } else {
        parts.append(u"Both reflect revision %1 (checkpoint %2)."_s.arg(locale.toString(c.streamRevision), checkpoint));
    }
    if (c.rowsNotCompared > 0)
        parts.append(u"The first %1 are shown; %2 more not compared."_s.arg(
            count(c.rows.size(), u"row"_s, u"rows"_s), locale.toString(c.rowsNotCompared)));
    if (!c.settled)
        parts.append(u"(The projection moved while the rows were read; this compares again.)"_s);
    return parts.join(u" "_s);
}

void ReadModelPane::showComparison()
{
    if (!m_session || !m_session->isOpen()) {
        m_summary->setText(u"Open a store to compare its read models with its events."_s);
        return;
    }
    if (m_stream.isEmpty()) {
        m_summary->setText(u"Choose a stream to see its read-model row beside its replayed events."_s);
        return;
    }
    if (!m_error.isEmpty()) {
        showError(m_error);
        return;
    }
    if (!m_hasComparison) {
        m_summary->setText(u"Comparing\u2026"_s);
        return;
    }
    m_summary->setText(comparisonText());
}

void ReadModelPane::showError(const QString& message)
{
    m_summary->setText(coloured(u"Could not compare: "_s, "#c62828") + message.toHtmlEscaped());
}

void ReadModelPane::checkWholeReadModel()
{
    if (m_checking.isValid() && !m_checking.isCancelled())
        return;
    if (!m_session || !m_session->isOpen())
        return;
    m_ticker = std::make_shared<ReadModelCheckTicker>();
    m_checkedProjection = projection();
    m_headWhenChecked = m_session->headPosition();
    m_lastCheck.reset();
    m_examples->setExamples({});
    m_examplesTable->setVisible(false);
    m_check->setEnabled(false);
    m_cancelCheck->setVisible(true);
    m_progress->setVisible(true);
    m_progress->setRange(0, 0);
    m_checkResult->setText(u"Checking <code>%1</code>\u2026"_s.arg(m_checkedProjection));
    m_checkTicker->start();
    m_checking
        = m_session->checkReadModel(this, m_checkedProjection, m_ticker, [this](const Result<ReadModelCheck>& check) {
              m_checking = {};
              if (check) {
                  m_lastCheck = *check;
                  checkEnded({});
              } else {
                  checkEnded(check.error().message);
              }
          });
}

void ReadModelPane::cancelCheck()
{
    if (!m_checking.isValid())
        return;
    m_checking.cancel();
    m_checking = {};
    checkEnded(u"Cancelled."_s);
}

void ReadModelPane::showCheckProgress()
{
    if (!m_ticker)
        return;
    const QLocale locale;
    const auto phase = ReadModelCheckProgress::Phase(m_ticker->phase.load());
    const qint64 done = m_ticker->done.load();
    const qint64 total = m_ticker->total.load();
    if (phase == ReadModelCheckProgress::Phase::Comparing || total <= 0) {
        m_progress->setRange(0, 0);
        m_checkResult->setText(u"Comparing the rows of <code>%1</code>: %2 so far\u2026"_s.arg(
            m_checkedProjection, locale.toString(done)));
        return;
    }
    // Positions can pass int: the bar counts in thousandths.
    m_progress->setRange(0, 1000);
    m_progress->setValue(int(std::min<qint64>(1000, done * 1000 / total)));
    if (phase == ReadModelCheckProgress::Phase::Replaying)
        m_checkResult->setText(u"Replaying events into a fresh <code>%1</code>: position %2 of %3\u2026"_s.arg(
            m_checkedProjection, locale.toString(done), locale.toString(total)));
    else
        m_checkResult->setText(
            u"The projection moved on during the check: reading %1 of %2 differing rows again\u2026"_s.arg(
                locale.toString(done), locale.toString(total)));
}

void ReadModelPane::checkEnded(const QString& error)
{
    m_checkTicker->stop();
    m_ticker.reset();
    m_check->setEnabled(m_session && m_session->isOpen());
    m_cancelCheck->setVisible(false);
    m_progress->setVisible(false);
    if (error.isEmpty())
        showCheckResult();
    else
        m_checkResult->setText(error == u"Cancelled."_s
                ? u"The check of <code>%1</code> was cancelled; nothing was changed."_s.arg(m_checkedProjection)
                : coloured(u"The check failed: "_s, "#c62828") + error.toHtmlEscaped());
    Q_EMIT checkFinished(error);
}

void ReadModelPane::showCheckResult()
{
    if (!m_lastCheck)
        return;
    const ReadModelCheck& check = *m_lastCheck;
    const QLocale locale;
    QString text = u"Compared %1 of <code>%2</code> with a fresh replay of %3 (up to checkpoint %4): "_s.arg(
        count(check.rowsCompared, u"row"_s, u"rows"_s), check.projection,
        count(check.eventsReplayed, u"event"_s, u"events"_s), locale.toString(check.position));
    if (check.drifted() == 0) {
        text += coloured(u"no drift."_s, "#2e7d32");
    } else {
        QStringList kinds;
        if (check.different > 0)
            kinds.append(u"%1 different"_s.arg(locale.toString(check.different)));
        if (check.missing > 0)
            kinds.append(u"%1 missing"_s.arg(locale.toString(check.missing)));
        if (check.unexpected > 0)
            kinds.append(u"%1 unexpected"_s.arg(locale.toString(check.unexpected)));
        text += coloured(
            u"%1 drifted (%2)."_s.arg(count(check.drifted(), u"row"_s, u"rows"_s), kinds.join(u", "_s)), "#c62828");
        if (check.examples.size() < check.drifted())
            text += u" The first %1 are listed."_s.arg(locale.toString(check.examples.size()));
    }
    if (m_headWhenChecked > check.position)
        text += u" %1 after the checkpoint: lag, not drift."_s.arg(
            count(m_headWhenChecked - check.position, u"event"_s, u"events"_s));
    if (!check.settled)
        text += u" The projection kept moving during the check: check again when it is quieter."_s;
    m_checkResult->setText(text);
    m_examples->setExamples(check.examples);
    m_examplesTable->setVisible(!check.examples.isEmpty());
}

} // namespace flashback

// SPDX-License-Identifier: GPL-3.0-or-later
#include "diffpane.h"

#include "domain/domaincatalog.h"
#include "models/diffmodel.h"
#include "models/openstreams.h"
#include "models/revisionortime.h"
#include "models/selection.h"
#include "models/storesession.h"
#include "models/timeformat.h"
#include "settings.h"
#include "widgets/recordtableview.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace flashback {

DiffPane::DiffPane(
    StoreSession* session, Selection* selection, OpenStreams* streams, Settings* settings, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_selection(selection)
    , m_streams(streams)
    , m_settings(settings)
    , m_model(new DiffModel(this))
    , m_previous(new QCheckBox(u"Against the previous event"_s, this))
    , m_a(new QLineEdit(this))
    , m_b(new QLineEdit(this))
    , m_compare(new QPushButton(u"Compare"_s, this))
    , m_summary(new QLabel(this))
    , m_banner(new QLabel(this))
    , m_view(new RecordTableView(this))
    , m_snapshots(new QTableWidget(0, 5, this))
    , m_verify(new QPushButton(u"Verify Snapshots"_s, this))
{
    setObjectName(u"diffPane"_s);
    setAccessibleName(u"Diff"_s);
    m_previous->setChecked(true);
    m_previous->setToolTip(u"Compare the selected event's state with the state before it, following the selection"_s);
    for (QLineEdit* field : {m_a, m_b}) {
        field->setPlaceholderText(u"revision or time"_s);
        field->setMinimumWidth(field->fontMetrics().averageCharWidth() * 12);
        field->setEnabled(false);
        field->setClearButtonEnabled(true);
    }
    m_a->setAccessibleName(u"Revision A"_s);
    m_b->setAccessibleName(u"Revision B"_s);
    m_compare->setEnabled(false);
    m_summary->setWordWrap(true);
    m_summary->setText(u"Select an event to see what it changed."_s);
    m_banner->setWordWrap(true);
    m_banner->setAccessibleName(u"Snapshot drift"_s);
    m_banner->setStyleSheet(u"QLabel { background: #b3261e; color: white; padding: 6px; font-weight: bold; }"_s);
    m_banner->setVisible(false);
    m_view->setModel(m_model);
    m_view->setAccessibleName(u"Differences"_s);
    m_view->setColumnWidthInDigits(DiffModel::KindColumn, 9);
    m_view->setColumnWidthInDigits(DiffModel::PathColumn, 18);
    m_view->setColumnWidthInDigits(DiffModel::BeforeColumn, 24);
    m_snapshots->setHorizontalHeaderLabels({u"Revision"_s, u"Format"_s, u"Taken"_s, u"Usable"_s, u"Replay"_s});
    m_snapshots->setAccessibleName(u"Snapshots"_s);
    m_snapshots->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_snapshots->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_snapshots->verticalHeader()->setVisible(false);
    m_snapshots->horizontalHeader()->setStretchLastSection(true);
    m_snapshots->setMaximumHeight(m_snapshots->fontMetrics().height() * 8);
    m_verify->setEnabled(false);
    m_verify->setToolTip(u"Replay the stream once and compare every stored snapshot with the state at its revision"_s);

    // Two rows, so the pane fits the narrow column it shares with Event and State.
    auto* pick = new QHBoxLayout;
    pick->addWidget(new QLabel(u"A"_s, this));
    pick->addWidget(m_a, 1);
    pick->addWidget(new QLabel(u"B"_s, this));
    pick->addWidget(m_b, 1);
    pick->addWidget(m_compare);
    auto* snapshotsTitle = new QHBoxLayout;
    snapshotsTitle->addWidget(new QLabel(u"<b>Snapshots</b> of this stream"_s, this), 1);
    snapshotsTitle->addWidget(m_verify);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_banner);
    layout->addWidget(m_previous);
    layout->addLayout(pick);
    layout->addWidget(m_summary);
    layout->addWidget(m_view, 1);
    layout->addLayout(snapshotsTitle);
    layout->addWidget(m_snapshots);

    connect(m_previous, &QCheckBox::toggled, this, [this](bool following) {
        m_a->setEnabled(!following);
        m_b->setEnabled(!following);
        m_compare->setEnabled(!following);
        if (following)
            compare();
    });
    connect(m_compare, &QPushButton::clicked, this, &DiffPane::compare);
    connect(m_a, &QLineEdit::returnPressed, this, &DiffPane::compare);
    connect(m_b, &QLineEdit::returnPressed, this, &DiffPane::compare);
    connect(m_verify, &QPushButton::clicked, this, &DiffPane::verifySnapshots);
    // While it is a hidden tab it asks nothing: playing a stream must not cost a diff per step nobody sees.
    connect(selection, &Selection::eventSelected, this, [this] {
        if (m_previous->isChecked() && isVisible())
            compare();
        else
            m_stale = true;
    });
    connect(selection, &Selection::currentStreamChanged, this, [this] {
        m_snapshots->setRowCount(0);
        m_banner->setVisible(false);
        m_verify->setEnabled(m_selection && !m_selection->currentStream().isEmpty());
    });
}

void DiffPane::useSelectedEventAs(Side side)
{
    if (!m_selection || m_selection->currentStream().isEmpty() || m_selection->revision() < 1)
        return;
    m_previous->setChecked(false);
    QLineEdit* chosen = side == Side::A ? m_a : m_b;
    QLineEdit* other = side == Side::A ? m_b : m_a;
    chosen->setText(QString::number(m_selection->revision()));
    if (other->text().trimmed().isEmpty()) {
        m_model->setChanges({});
        m_summary->setText(side == Side::A
                ? u"A is revision %1. Now select another event and choose Compare To Here (B)."_s.arg(chosen->text())
                : u"B is revision %1. Now select another event and choose Compare From Here (A)."_s.arg(
                    chosen->text()));
        return;
    }
    compare();
}

void DiffPane::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale && m_previous->isChecked())
        compare();
}

QStringList DiffPane::maskedKeys() const
{
    QStringList keys = DomainCatalog::builtin().maskedFields();
    if (m_settings)
        keys += m_settings->maskedKeys();
    return keys;
}

void DiffPane::compare()
{
    if (!m_session || !m_selection || m_selection->currentStream().isEmpty())
        return;
    m_stale = false;
    const QString stream = m_selection->currentStream();
    qint64 a = 0;
    qint64 b = 0;
    if (m_previous->isChecked()) {
        b = m_selection->revision();
        a = b - 1;
        if (b < 1)
            return;
    } else {
        const auto index = m_streams ? m_streams->index(stream) : nullptr;
        const bool utc = m_settings && m_settings->utc();
        const auto resolved = [&](QLineEdit* field) -> std::optional<qint64> {
            const RevisionOrTime typed = RevisionOrTime::parse(field->text(), utc);
            if (!typed.isValid() || !index)
                return std::nullopt;
            return typed.resolve(*index);
        };
        const auto first = resolved(m_a);
        const auto second = resolved(m_b);
        if (!first || !second) {
            m_summary->setText(u"Type a revision (42) or a time (2025-03-17 15:46) this stream has, for A and B."_s);
            return;
        }
        a = *first;
        b = *second;
    }
    m_request.cancel();
    if (a < 1) {
        // The first event: everything it set is new.
        m_summary->setText(u"Revision %1 is the stream's first event: every field in its state is new."_s.arg(b));
        m_model->setChanges({});
        return;
    }
    m_summary->setText(u"Comparing revision %1 with %2…"_s.arg(a).arg(b));
    m_request
        = m_session->diffRevisions(this, stream, a, b, maskedKeys(), [this, a, b](Result<QList<JsonChange>> changes) {
              if (!changes) {
                  m_summary->setText(u"The states could not be compared: %1"_s.arg(changes.error().message));
                  m_model->setChanges({});
                  return;
              }
              m_model->setChanges(*changes);
              const QLocale locale;
              const qsizetype n = changes->size();
              m_summary->setText(n == 0
                      ? u"Revision %1 → %2: the states are equal."_s.arg(locale.toString(a), locale.toString(b))
                      : u"Revision %1 → %2: %3 %4."_s.arg(locale.toString(a), locale.toString(b), locale.toString(n),
                          n == 1 ? u"field differs"_s : u"fields differ"_s));
          });
}

void DiffPane::verifySnapshots()
{
    if (!m_session || !m_selection || m_selection->currentStream().isEmpty())
        return;
    m_verify->setEnabled(false);
    m_verifying.cancel();
    m_verifying
        = m_session->verifySnapshots(this, m_selection->currentStream(), [this](Result<QList<SnapshotCheck>> checks) {
              m_verify->setEnabled(true);
              m_snapshots->setRowCount(0);
              if (!checks) {
                  m_banner->setText(u"The snapshots could not be verified: %1"_s.arg(checks.error().message));
                  m_banner->setVisible(true);
                  return;
              }
              const bool utc = m_settings && m_settings->utc();
              QStringList drifted;
              for (const SnapshotCheck& check : std::as_const(*checks)) {
                  const int row = m_snapshots->rowCount();
                  m_snapshots->insertRow(row);
                  QStringList paths;
                  for (const JsonChange& change : check.differences)
                      paths.append(change.path);
                  const QString replay = !check.usable ? u"not read (another format)"_s
                      : check.matches()                ? u"matches"_s
                                                       : u"DIFFERS: "_s + paths.join(u", "_s);
                  const QStringList cells {QString::number(check.snapshot.revision),
                      QString::number(check.snapshot.schemaVersion), formatTime(check.snapshot.takenAt.micros(), utc),
                      check.usable ? u"yes"_s : u"no"_s, replay};
                  for (int column = 0; column < cells.size(); ++column)
                      m_snapshots->setItem(row, column, new QTableWidgetItem(cells.at(column)));
                  if (check.usable && !check.matches())
                      drifted.append(u"revision %1 (%2)"_s.arg(check.snapshot.revision).arg(paths.join(u", "_s)));
              }
              if (checks->isEmpty())
                  m_snapshots->setToolTip(u"This stream has no stored snapshots."_s);
              m_banner->setVisible(!drifted.isEmpty());
              if (!drifted.isEmpty())
                  m_banner->setText(u"Snapshot drift: the stored snapshot at %1 differs from the replayed state. "
                                    u"Loading this aggregate from it gives a wrong state; take a new snapshot."_s.arg(
                                        drifted.join(u"; "_s)));
          });
}

} // namespace flashback

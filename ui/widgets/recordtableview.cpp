// SPDX-License-Identifier: GPL-3.0-or-later
#include "recordtableview.h"

#include <QEvent>
#include <QHeaderView>

#include <algorithm>

namespace flashback {

namespace {
// What the last (stretched) column keeps at least when the elastic column is sized.
constexpr int LastColumnMinDigits = 15;
} // namespace

RecordTableView::RecordTableView(QWidget* parent)
    : QTableView(parent)
{
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setAlternatingRowColors(true);
    setWordWrap(false);
    verticalHeader()->setVisible(false);
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    // A width the user chose by dragging is theirs: the column stops following the pane's width.
    connect(horizontalHeader(), &QHeaderView::sectionResized, this, [this](int column) {
        if (column == m_elastic && !m_fitting)
            m_elastic = -1;
    });
    applyFontMetrics();
}

void RecordTableView::setColumnWidthInDigits(int column, int digits)
{
    m_digits.insert(column, digits);
    setColumnWidth(column, digitWidth() * digits);
}

void RecordTableView::setElasticColumn(int column, int minDigits, int maxDigits)
{
    m_elastic = column;
    m_elasticMin = minDigits;
    m_elasticMax = std::max(minDigits, maxDigits);
    fitElasticColumn();
}

void RecordTableView::changeEvent(QEvent* event)
{
    QTableView::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        applyFontMetrics();
}

void RecordTableView::resizeEvent(QResizeEvent* event)
{
    QTableView::resizeEvent(event);
    fitElasticColumn();
}

int RecordTableView::digitWidth() const
{
    return fontMetrics().horizontalAdvance(u'0');
}

void RecordTableView::applyFontMetrics()
{
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    for (auto it = m_digits.cbegin(); it != m_digits.cend(); ++it)
        setColumnWidth(it.key(), digitWidth() * it.value());
    fitElasticColumn();
}

void RecordTableView::fitElasticColumn()
{
    if (m_elastic < 0 || !model())
        return;
    const int columns = model()->columnCount();
    int lastVisible = -1;
    for (int column = columns - 1; column >= 0 && lastVisible < 0; --column) {
        if (!isColumnHidden(column))
            lastVisible = column;
    }
    int others = 0;
    for (int column = 0; column < columns; ++column) {
        if (column != m_elastic && column != lastVisible && !isColumnHidden(column))
            others += columnWidth(column);
    }
    const int digit = digitWidth();
    const int left = viewport()->width() - others - LastColumnMinDigits * digit;
    m_fitting = true;
    setColumnWidth(m_elastic, std::clamp(left, m_elasticMin * digit, m_elasticMax * digit));
    m_fitting = false;
}

} // namespace flashback

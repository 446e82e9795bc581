// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QTableView>

namespace flashback {

/// A table of records (streams, events): whole rows selected, one line a row, rows of one fixed height so a
/// view over a million rows never measures them, column widths in characters rather than pixels. Row height and
/// column widths follow the font, so a presenter's font zoom never clips a row.
class RecordTableView : public QTableView {
    Q_OBJECT
public:
    explicit RecordTableView(QWidget* parent = nullptr);

    /// Sets the column's width to `digits` widths of '0' in the current font, now and after font changes.
    void setColumnWidthInDigits(int column, int digits);
    /// The column takes the width the other columns leave, between `minDigits` and `maxDigits`, so that in a
    /// narrow pane the columns after it stay in view (ids are elided rather than pushing the story off screen),
    /// until the user drags its width.
    void setElasticColumn(int column, int minDigits, int maxDigits);

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    int digitWidth() const;
    void applyFontMetrics();
    void fitElasticColumn();

    QHash<int, int> m_digits;
    int m_elastic = -1;
    int m_elasticMin = 0;
    int m_elasticMax = 0;
    bool m_fitting = false;
};

} // namespace flashback

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStyledItemDelegate>

namespace flashback {

/// Colours the rows of StateTreeModel by what the selected event did to them: added (green), changed (amber),
/// removed (red, struck through); a row that holds such a row has its field name in bold. Tints are mixed into
/// the palette's base colour, so they read in light and dark themes alike.
class ChangeHighlightDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const override;
};

} // namespace flashback

// SPDX-License-Identifier: GPL-3.0-or-later
#include "changehighlightdelegate.h"

#include "models/statetreemodel.h"

namespace flashback {

namespace {

QColor mixed(const QColor& base, const QColor& tint, double amount)
{
    return QColor::fromRgbF(float(base.redF() * (1 - amount) + tint.redF() * amount),
        float(base.greenF() * (1 - amount) + tint.greenF() * amount),
        float(base.blueF() * (1 - amount) + tint.blueF() * amount));
}

} // namespace

void ChangeHighlightDelegate::initStyleOption(QStyleOptionViewItem* option, const QModelIndex& index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    using Change = StateTreeModel::Change;
    const auto change = index.data(StateTreeModel::ChangeRole).value<Change>();
    const QColor base = option->palette.color(QPalette::Base);
    switch (change) {
    case Change::Added:
        option->backgroundBrush = mixed(base, QColor(0x2e, 0xa0, 0x43), 0.28);
        break;
    case Change::Changed:
        option->backgroundBrush = mixed(base, QColor(0xe0, 0xa0, 0x00), 0.30);
        break;
    case Change::Removed:
        option->backgroundBrush = mixed(base, QColor(0xd0, 0x30, 0x30), 0.25);
        option->font.setStrikeOut(index.column() == StateTreeModel::ValueColumn);
        break;
    case Change::Contains:
        if (index.column() == StateTreeModel::FieldColumn)
            option->font.setBold(true);
        break;
    case Change::None:
        break;
    }
}

} // namespace flashback

// SPDX-License-Identifier: GPL-3.0-or-later
#include "shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace flashback {

ShortcutsDialog::ShortcutsDialog(const QList<QAction*>& actions, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(u"Keyboard Shortcuts"_s);
    setObjectName(u"shortcutsDialog"_s);
    QList<std::pair<QString, QString>> rows;
    for (const QAction* action : actions) {
        if (action->shortcuts().isEmpty())
            continue;
        QStringList keys;
        for (const QKeySequence& key : action->shortcuts())
            keys.append(key.toString(QKeySequence::NativeText));
        rows.append({action->text().remove(u'&').remove(u"…"_s), keys.join(u", "_s)});
    }
    const QList<std::pair<QString, QString>> timeline {
        {u"Timeline: previous / next event"_s, u"Left, Right"_s},
        {u"Timeline: first / last event"_s, u"Home, End"_s},
        {u"Timeline: zoom around the mouse"_s, u"Wheel"_s},
        {u"Timeline: zoom in / out"_s, u"+, −"_s},
        {u"Timeline: pan"_s, u"Shift+Left, Shift+Right, or drag"_s},
        {u"Timeline: zoom to a range"_s, u"Shift+drag"_s},
        {u"Timeline: fit all"_s, u"0, or double-click"_s},
        {u"Move between panes"_s, u"Tab, Shift+Tab"_s},
    };
    rows.append(timeline);
    auto* table = new QTableWidget(int(rows.size()), 2, this);
    table->setHorizontalHeaderLabels({u"Action"_s, u"Keys"_s});
    table->verticalHeader()->setVisible(false);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setAccessibleName(u"Keyboard shortcuts"_s);
    for (int row = 0; row < rows.size(); ++row) {
        table->setItem(row, 0, new QTableWidgetItem(rows[row].first));
        table->setItem(row, 1, new QTableWidgetItem(rows[row].second));
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(table);
    layout->addWidget(buttons);
    resize(table->horizontalHeader()->length() + 60, 520);
}

} // namespace flashback

// SPDX-License-Identifier: GPL-3.0-or-later
#include "typechips.h"

#include <QHBoxLayout>
#include <QScrollArea>
#include <QScrollBar>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace flashback {

TypeChips::TypeChips(QWidget* parent)
    : QWidget(parent)
{
    auto* scroll = new QScrollArea(this);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_row = new QWidget(scroll);
    m_layout = new QHBoxLayout(m_row);
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(4);
    m_layout->addStretch(1);
    scroll->setWidget(m_row);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);
    setAccessibleName(u"Event types"_s);
    setToolTip(u"Only events of the checked types (none checked: every type)"_s);
    const int rowHeight = QToolButton().sizeHint().height();
    setFixedHeight(rowHeight + scroll->horizontalScrollBar()->sizeHint().height() + 2);
}

QToolButton* TypeChips::chip(const QString& type) const
{
    for (QToolButton* button : m_chips) {
        if (button->text() == type)
            return button;
    }
    return nullptr;
}

void TypeChips::setTypes(const QStringList& types)
{
    const QStringList checked = checkedTypes();
    qDeleteAll(m_chips);
    m_chips.clear();
    for (const QString& type : types)
        addType(type);
    setChecked(checked);
}

void TypeChips::addType(const QString& type)
{
    if (type.isEmpty() || chip(type))
        return;
    auto* button = new QToolButton(m_row);
    button->setText(type);
    button->setCheckable(true);
    button->setAccessibleName(u"Only %1 events"_s.arg(type));
    button->setFocusPolicy(Qt::TabFocus);
    connect(button, &QToolButton::toggled, this, &TypeChips::changed);
    // Kept in name order, before the stretch.
    qsizetype at = 0;
    while (at < m_chips.size() && m_chips.at(at)->text() < type)
        ++at;
    m_chips.insert(at, button);
    m_layout->insertWidget(int(at), button);
}

QStringList TypeChips::types() const
{
    QStringList all;
    for (const QToolButton* button : m_chips)
        all.append(button->text());
    return all;
}

QStringList TypeChips::checkedTypes() const
{
    QStringList checked;
    for (const QToolButton* button : m_chips) {
        if (button->isChecked())
            checked.append(button->text());
    }
    return checked;
}

void TypeChips::setChecked(const QStringList& types)
{
    const QSignalBlocker quiet(this);
    for (QToolButton* button : m_chips) {
        const QSignalBlocker one(button);
        button->setChecked(types.contains(button->text()));
    }
}

void TypeChips::clearChecks()
{
    setChecked({});
    Q_EMIT changed();
}

} // namespace flashback

// SPDX-License-Identifier: GPL-3.0-or-later
#include "savedsearchesbutton.h"

#include "settings.h"

#include <QMenu>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

/// What a saved search asks, in a line, for its tooltip.
QString describe(const SavedSearch& search)
{
    QStringList parts;
    if (!search.text.trimmed().isEmpty())
        parts.append(u"“%1”"_s.arg(search.text.trimmed()));
    if (!search.types.isEmpty())
        parts.append(search.types.join(u", "_s));
    if (!search.actor.isEmpty())
        parts.append(u"by %1"_s.arg(search.actor));
    switch (search.range) {
    case SavedSearch::Range::LastHour:
        parts.append(u"last hour"_s);
        break;
    case SavedSearch::Range::LastDay:
        parts.append(u"last day"_s);
        break;
    case SavedSearch::Range::LastWeek:
        parts.append(u"last week"_s);
        break;
    case SavedSearch::Range::Between:
        parts.append(
            u"%1 to %2"_s.arg(search.from.toString(u"yyyy-MM-dd HH:mm"_s), search.to.toString(u"yyyy-MM-dd HH:mm"_s)));
        break;
    case SavedSearch::Range::AnyTime:
        break;
    }
    if (search.oldestFirst)
        parts.append(u"oldest first"_s);
    return parts.join(u" · "_s);
}

} // namespace

SavedSearchesButton::SavedSearchesButton(Settings* settings, QWidget* parent)
    : QToolButton(parent)
    , m_settings(settings)
    , m_menu(new QMenu(this))
    , m_save(new QAction(u"Save This Search…"_s, this))
{
    setText(u"Saved"_s);
    setAccessibleName(u"Saved searches"_s);
    setToolTip(u"Searches saved with a name for this store"_s);
    setPopupMode(QToolButton::InstantPopup);
    setMenu(m_menu);
    m_save->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_S));
    m_save->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(m_save, &QAction::triggered, this, &SavedSearchesButton::saveRequested);
    if (settings) {
        connect(settings, &Settings::savedSearchesChanged, this, [this](const QString& address) {
            if (address == m_address)
                rebuild();
        });
    }
    rebuild();
}

void SavedSearchesButton::setAddress(const QString& address)
{
    m_address = address;
    rebuild();
}

void SavedSearchesButton::rebuild()
{
    m_menu->clear();
    const QList<SavedSearch> saved = m_settings ? m_settings->savedSearches(m_address) : QList<SavedSearch>();
    if (saved.isEmpty()) {
        m_menu->addAction(u"No saved searches yet"_s)->setEnabled(false);
    }
    for (const SavedSearch& search : saved) {
        QAction* run = m_menu->addAction(search.name);
        run->setToolTip(describe(search));
        run->setStatusTip(describe(search));
        connect(run, &QAction::triggered, this, [this, search] { Q_EMIT chosen(search); });
    }
    m_menu->setToolTipsVisible(true);
    m_menu->addSeparator();
    m_menu->addAction(m_save);
    QMenu* remove = m_menu->addMenu(u"Remove"_s);
    remove->setEnabled(!saved.isEmpty());
    for (const SavedSearch& search : saved) {
        const QString name = search.name;
        connect(remove->addAction(name), &QAction::triggered, this, [this, name] {
            if (m_settings)
                m_settings->removeSavedSearch(m_address, name);
        });
    }
}

} // namespace flashback

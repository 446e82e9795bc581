// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/savedsearch.h"

#include <QPointer>
#include <QToolButton>

class QMenu;

namespace flashback {

class Settings;

/// "Saved" beside the search field: the searches saved for this store, by name (choosing one runs it again with
/// every field as it was saved), "Save this search…", and a submenu to remove one. Follows the settings, so a
/// search saved in another window of this store shows here too.
class SavedSearchesButton : public QToolButton {
    Q_OBJECT
public:
    explicit SavedSearchesButton(Settings* settings, QWidget* parent = nullptr);

    /// The store whose saved searches are listed (its address without a password).
    void setAddress(const QString& address);
    QAction* saveAction() const { return m_save; }

Q_SIGNALS:
    void chosen(const flashback::SavedSearch& search);
    void saveRequested();

private:
    void rebuild();

    QPointer<Settings> m_settings;
    QString m_address;
    QMenu* m_menu;
    QAction* m_save;
};

} // namespace flashback

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QToolButton;

namespace flashback {

class RecordTableView;
class SavedSearchesButton;
class SearchResultsModel;
class Selection;
class Settings;
class StoreSession;
class TypeChips;
class WhoDeletedBox;
struct SavedSearch;
struct SearchQuery;

/// Search every event of the store: free text (words, "phrases", prefixes*), type chips, actor, a time range
/// (quick ranges or from/to with a calendar), newest or oldest first; results a page at a time with the words
/// found in bold, the index's lag said beside them, cancellable. Choosing a result opens its stream at that
/// event. Above it, the "Who deleted …?" box. Searches of this store are remembered (recent, newest first), and
/// can be saved with a name (Ctrl+S) with every field as it is.
class SearchPane : public QWidget {
    Q_OBJECT
public:
    SearchPane(StoreSession* session, Selection* selection, Settings* settings, QWidget* parent = nullptr);

    SearchResultsModel* model() const { return m_model; }
    RecordTableView* view() const { return m_view; }
    QLineEdit* textField() const { return m_text; }
    TypeChips* typeChips() const { return m_types; }
    QLineEdit* actorField() const { return m_actor; }
    QComboBox* rangeChoice() const { return m_range; }
    QLabel* status() const { return m_status; }
    WhoDeletedBox* whoDeleted() const { return m_who; }
    SavedSearchesButton* savedSearches() const { return m_saved; }
    /// Focuses the search field (Ctrl+F), its text selected.
    void focusSearch();
    /// Runs the search the fields describe now.
    void runSearch();
    SearchQuery currentQuery() const;
    /// The fields as they are now, under `name`.
    SavedSearch currentSearch(const QString& name) const;
    /// Saves the fields as they are under `name` for this store (replacing one of that name).
    void saveCurrentSearch(const QString& name);
    /// Sets every field as `search` has it and runs it.
    void applySaved(const SavedSearch& search);

private:
    void openChosen();
    void updateStatus();
    void remember(const QString& text);
    /// Asks for a name (offering to replace one of the same name), then saves.
    void askToSave();
    QString storeAddress() const;

    QPointer<StoreSession> m_session;
    QPointer<Selection> m_selection;
    QPointer<Settings> m_settings;
    SearchResultsModel* m_model = nullptr;
    WhoDeletedBox* m_who = nullptr;
    QComboBox* m_recent = nullptr;
    SavedSearchesButton* m_saved = nullptr;
    QLineEdit* m_text = nullptr;
    TypeChips* m_types = nullptr;
    QLineEdit* m_actor = nullptr;
    QComboBox* m_range = nullptr;
    QDateTimeEdit* m_from = nullptr;
    QDateTimeEdit* m_to = nullptr;
    QToolButton* m_oldestFirst = nullptr;
    QLabel* m_status = nullptr;
    QToolButton* m_cancel = nullptr;
    RecordTableView* m_view = nullptr;
    QTimer m_debounce;
    QString m_failure; ///< Why the last search failed, until the next one.
    bool m_cancelled = false;
};

} // namespace flashback

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/issuedcommand.h"
#include "models/savedsearch.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QStringList>

class QSettings;

namespace flashback {

/// The window's settings, typed, in one place (hotspot's Settings): every read and write of QSettings goes
/// through here, and changes are signalled so panes follow at once. Never holds a password: addresses are stored
/// with theirs removed.
class Settings : public QObject {
    Q_OBJECT
public:
    enum class Theme { System, Light, Dark };

    /// `settings` is owned by the caller; tests pass one backed by a temporary file.
    explicit Settings(QSettings* settings, QObject* parent = nullptr);

    bool utc() const { return m_utc; }
    void setUtc(bool utc);
    Theme theme() const { return m_theme; }
    void setTheme(Theme theme);
    /// Font size change in points for presenters (0: the system's).
    int fontDelta() const { return m_fontDelta; }
    void setFontDelta(int delta);
    QStringList recentStores() const { return m_recent; }
    /// Moves `address` (its password removed) to the top of the recent list.
    void addRecentStore(const QString& address);
    void clearRecentStores();
    /// The searches run on the store at `address` (no password in it), newest first, at most MaxRecentSearches.
    QStringList recentSearches(const QString& address) const;
    void addRecentSearch(const QString& address, const QString& text);
    static constexpr int MaxRecentSearches = 20;
    /// The searches saved with a name for the store at `address`, in name order (letter case ignored).
    QList<SavedSearch> savedSearches(const QString& address) const;
    /// Saves `search`, replacing the one of the same name (letter case ignored).
    void saveSearch(const QString& address, const SavedSearch& search);
    void removeSavedSearch(const QString& address, const QString& name);
    /// The commands issued from the console on the store at `address`, newest first, at most MaxCommandHistory.
    QList<IssuedCommand> commandHistory(const QString& address) const;
    /// Adds `issued` to the top of the store's history; a secret value cannot be in it (IssuedCommand keeps none).
    void addIssuedCommand(const QString& address, const IssuedCommand& issued);
    void clearCommandHistory(const QString& address);
    static constexpr int MaxCommandHistory = 200;
    /// Commands saved under a name, for every store, in name order (letter case ignored).
    QList<IssuedCommand> commandTemplates() const;
    /// Saves `entry` (its `name` set), replacing the template of the same name.
    void saveCommandTemplate(const IssuedCommand& entry);
    void removeCommandTemplate(const QString& name);
    /// Who the console's commands are issued as; empty: the default actor ($FLASHBACK_ACTOR or user@host).
    QString commandActor() const;
    void setCommandActor(const QString& actor);
    /// Whether the window runs the projections and the outbox of a SQLite store it opens (default: yes).
    bool runProjections() const;
    void setRunProjections(bool run);

    /// Extra payload keys to mask, beyond the domain's own.
    QStringList maskedKeys() const { return m_maskedKeys; }
    void setMaskedKeys(const QStringList& keys);

    /// Where the last incident report went (the Documents folder until then, or home); gone folders fall back.
    QString reportFolder() const;
    void setReportFolder(const QString& folder);

    QByteArray windowGeometry() const;
    QByteArray windowState() const;
    void setWindowLayout(const QByteArray& geometry, const QByteArray& state);

    static constexpr int MaxRecentStores = 10;

Q_SIGNALS:
    void utcChanged(bool utc);
    void themeChanged(flashback::Settings::Theme theme);
    void fontDeltaChanged(int delta);
    void recentStoresChanged(const QStringList& addresses);
    void maskedKeysChanged(const QStringList& keys);
    void savedSearchesChanged(const QString& address);
    void commandHistoryChanged(const QString& address);
    void commandTemplatesChanged();

private:
    void writeSavedSearches(const QString& address, const QList<SavedSearch>& saved);
    QList<IssuedCommand> readCommands(const QString& key) const;
    void writeCommands(const QString& key, const QList<IssuedCommand>& commands);

    QSettings* m_settings;
    bool m_utc = false;
    Theme m_theme = Theme::System;
    int m_fontDelta = 0;
    QStringList m_recent;
    QStringList m_maskedKeys;
};

} // namespace flashback

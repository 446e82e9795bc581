// SPDX-License-Identifier: GPL-3.0-or-later
#include "settings.h"

#include "store/storeaddress.h"

#include <QCryptographicHash>
#include <QDir>
#include <QJsonDocument>
#include <QSettings>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {
const QString UtcKey = u"display/utc"_s;
const QString ThemeKey = u"display/theme"_s;
const QString FontDeltaKey = u"display/fontDelta"_s;
const QString RecentKey = u"stores/recent"_s;
const QString MaskedKey = u"privacy/maskedKeys"_s;
const QString ReportFolderKey = u"export/reportFolder"_s;
const QString GeometryKey = u"window/geometry"_s;
const QString StateKey = u"window/state"_s;
} // namespace

Settings::Settings(QSettings* settings, QObject* parent)
    : QObject(parent)
    , m_settings(settings)
{
    m_utc = m_settings->value(UtcKey, false).toBool();
    const QString theme = m_settings->value(ThemeKey, u"system"_s).toString();
    m_theme = theme == u"dark"_s ? Theme::Dark : theme == u"light"_s ? Theme::Light : Theme::System;
    m_fontDelta = std::clamp(m_settings->value(FontDeltaKey, 0).toInt(), -4, 24);
    // Cleaned again on reading: a settings file written by hand must not bring a password into the menu.
    for (const QString& address : m_settings->value(RecentKey).toStringList()) {
        const QString clean = StoreAddress::withoutPassword(address);
        if (!clean.isEmpty() && !m_recent.contains(clean))
            m_recent.append(clean);
    }
    m_maskedKeys = m_settings->value(MaskedKey).toStringList();
}

void Settings::setUtc(bool utc)
{
    if (utc == m_utc)
        return;
    m_utc = utc;
    m_settings->setValue(UtcKey, utc);
    Q_EMIT utcChanged(utc);
}

void Settings::setTheme(Theme theme)
{
    if (theme == m_theme)
        return;
    m_theme = theme;
    m_settings->setValue(ThemeKey, theme == Theme::Dark ? u"dark"_s : theme == Theme::Light ? u"light"_s : u"system"_s);
    Q_EMIT themeChanged(theme);
}

void Settings::setFontDelta(int delta)
{
    delta = std::clamp(delta, -4, 24);
    if (delta == m_fontDelta)
        return;
    m_fontDelta = delta;
    m_settings->setValue(FontDeltaKey, delta);
    Q_EMIT fontDeltaChanged(delta);
}

void Settings::addRecentStore(const QString& address)
{
    const QString clean = StoreAddress::withoutPassword(address);
    if (clean.isEmpty())
        return;
    m_recent.removeAll(clean);
    m_recent.prepend(clean);
    while (m_recent.size() > MaxRecentStores)
        m_recent.removeLast();
    m_settings->setValue(RecentKey, m_recent);
    Q_EMIT recentStoresChanged(m_recent);
}

void Settings::clearRecentStores()
{
    m_recent.clear();
    m_settings->remove(RecentKey);
    Q_EMIT recentStoresChanged(m_recent);
}

void Settings::setMaskedKeys(const QStringList& keys)
{
    if (keys == m_maskedKeys)
        return;
    m_maskedKeys = keys;
    m_settings->setValue(MaskedKey, keys);
    Q_EMIT maskedKeysChanged(keys);
}

QString Settings::reportFolder() const
{
    const QString folder = m_settings->value(ReportFolderKey).toString();
    if (!folder.isEmpty() && QDir(folder).exists())
        return folder;
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return !documents.isEmpty() && QDir(documents).exists() ? documents : QDir::homePath();
}

void Settings::setReportFolder(const QString& folder)
{
    m_settings->setValue(ReportFolderKey, folder);
}

QByteArray Settings::windowGeometry() const
{
    return m_settings->value(GeometryKey).toByteArray();
}

QByteArray Settings::windowState() const
{
    return m_settings->value(StateKey).toByteArray();
}

void Settings::setWindowLayout(const QByteArray& geometry, const QByteArray& state)
{
    m_settings->setValue(GeometryKey, geometry);
    m_settings->setValue(StateKey, state);
}

namespace {
/// One settings key per store: the address hashed, as it may hold any character.
QString storeKey(const QString& group, const QString& address)
{
    return group
        + QString::fromLatin1(QCryptographicHash::hash(address.toUtf8(), QCryptographicHash::Sha256).toHex().left(24));
}

QString recentSearchesKey(const QString& address)
{
    return storeKey(u"search/recent/"_s, address);
}

QString savedSearchesKey(const QString& address)
{
    return storeKey(u"search/saved/"_s, address);
}

QString commandHistoryKey(const QString& address)
{
    return storeKey(u"commands/history/"_s, address);
}

const QString CommandTemplatesKey = u"commands/templates"_s;
const QString CommandActorKey = u"commands/actor"_s;
} // namespace

QStringList Settings::recentSearches(const QString& address) const
{
    return m_settings->value(recentSearchesKey(address)).toStringList();
}

void Settings::addRecentSearch(const QString& address, const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return;
    QStringList recent = recentSearches(address);
    recent.removeAll(trimmed);
    recent.prepend(trimmed);
    while (recent.size() > MaxRecentSearches)
        recent.removeLast();
    m_settings->setValue(recentSearchesKey(address), recent);
}

} // namespace flashback

namespace flashback {

QList<SavedSearch> Settings::savedSearches(const QString& address) const
{
    QList<SavedSearch> saved;
    for (const QString& entry : m_settings->value(savedSearchesKey(address)).toStringList()) {
        if (auto search = SavedSearch::fromJson(QJsonDocument::fromJson(entry.toUtf8()).object()))
            saved.append(*search);
    }
    std::sort(saved.begin(), saved.end(),
        [](const SavedSearch& a, const SavedSearch& b) { return a.name.compare(b.name, Qt::CaseInsensitive) < 0; });
    return saved;
}

void Settings::writeSavedSearches(const QString& address, const QList<SavedSearch>& saved)
{
    QStringList entries;
    for (const SavedSearch& entry : saved)
        entries.append(QString::fromUtf8(QJsonDocument(entry.toJson()).toJson(QJsonDocument::Compact)));
    m_settings->setValue(savedSearchesKey(address), entries);
    Q_EMIT savedSearchesChanged(address);
}

void Settings::saveSearch(const QString& address, const SavedSearch& search)
{
    if (search.name.trimmed().isEmpty())
        return;
    QList<SavedSearch> saved = savedSearches(address);
    saved.removeIf([&](const SavedSearch& old) { return old.name.compare(search.name, Qt::CaseInsensitive) == 0; });
    saved.append(search);
    writeSavedSearches(address, saved);
}

void Settings::removeSavedSearch(const QString& address, const QString& name)
{
    QList<SavedSearch> saved = savedSearches(address);
    if (saved.removeIf([&](const SavedSearch& old) { return old.name.compare(name, Qt::CaseInsensitive) == 0; }) == 0)
        return;
    writeSavedSearches(address, saved);
}

QList<IssuedCommand> Settings::readCommands(const QString& key) const
{
    QList<IssuedCommand> commands;
    for (const QString& entry : m_settings->value(key).toStringList()) {
        if (auto issued = IssuedCommand::fromJson(QJsonDocument::fromJson(entry.toUtf8()).object()))
            commands.append(*issued);
    }
    return commands;
}

void Settings::writeCommands(const QString& key, const QList<IssuedCommand>& commands)
{
    QStringList entries;
    for (const IssuedCommand& entry : commands)
        entries.append(QString::fromUtf8(QJsonDocument(entry.toJson()).toJson(QJsonDocument::Compact)));
    m_settings->setValue(key, entries);
}

QList<IssuedCommand> Settings::commandHistory(const QString& address) const
{
    return readCommands(commandHistoryKey(address));
}

void Settings::addIssuedCommand(const QString& address, const IssuedCommand& issued)
{
    QList<IssuedCommand> history = commandHistory(address);
    history.prepend(issued);
    while (history.size() > MaxCommandHistory)
        history.removeLast();
    writeCommands(commandHistoryKey(address), history);
    Q_EMIT commandHistoryChanged(address);
}

void Settings::clearCommandHistory(const QString& address)
{
    m_settings->remove(commandHistoryKey(address));
    Q_EMIT commandHistoryChanged(address);
}

QList<IssuedCommand> Settings::commandTemplates() const
{
    QList<IssuedCommand> saved = readCommands(CommandTemplatesKey);
    saved.removeIf([](const IssuedCommand& entry) { return entry.name.trimmed().isEmpty(); });
    std::sort(saved.begin(), saved.end(),
        [](const IssuedCommand& a, const IssuedCommand& b) { return a.name.compare(b.name, Qt::CaseInsensitive) < 0; });
    return saved;
}

void Settings::saveCommandTemplate(const IssuedCommand& entry)
{
    if (entry.name.trimmed().isEmpty())
        return;
    QList<IssuedCommand> saved = commandTemplates();
    saved.removeIf([&](const IssuedCommand& old) { return old.name.compare(entry.name, Qt::CaseInsensitive) == 0; });
    saved.append(entry);
    writeCommands(CommandTemplatesKey, saved);
    Q_EMIT commandTemplatesChanged();
}

void Settings::removeCommandTemplate(const QString& name)
{
    QList<IssuedCommand> saved = commandTemplates();
    if (saved.removeIf([&](const IssuedCommand& old) { return old.name.compare(name, Qt::CaseInsensitive) == 0; }) == 0)
        return;
    writeCommands(CommandTemplatesKey, saved);
    Q_EMIT commandTemplatesChanged();
}

QString Settings::commandActor() const
{
    return m_settings->value(CommandActorKey).toString();
}

void Settings::setCommandActor(const QString& actor)
{
    if (actor.trimmed().isEmpty())
        m_settings->remove(CommandActorKey);
    else
        m_settings->setValue(CommandActorKey, actor.trimmed());
}

bool Settings::runProjections() const
{
    return m_settings->value(u"projections/runInWindow"_s, true).toBool();
}

void Settings::setRunProjections(bool run)
{
    m_settings->setValue(u"projections/runInWindow"_s, run);
}

} // namespace flashback

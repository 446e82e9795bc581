// SPDX-License-Identifier: GPL-3.0-or-later
#include "storecontroller.h"

#include "dialogs/connectdialog.h"
#include "models/demostore.h"
#include "models/storesession.h"
#include "settings.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

bool serverWantsPassword(const Error& error)
{
    return error.detail.contains(u"no password supplied"_s)
        || error.detail.contains(u"password authentication failed"_s);
}

bool hasPassword(const QString& location)
{
    return StoreAddress::withoutPassword(location) != location.trimmed();
}

QString withPassword(const QString& location, const QString& password)
{
    if (location.startsWith(u"postgresql://"_s) || location.startsWith(u"postgres://"_s)) {
        QUrl url(location);
        QUrlQuery query(url);
        query.removeAllQueryItems(u"password"_s);
        query.addQueryItem(u"password"_s, QString::fromLatin1(QUrl::toPercentEncoding(password)));
        url.setQuery(query);
        return url.toString(QUrl::FullyEncoded);
    }
    return location + u" password="_s + ConnectDialog::conninfoValue(password);
}

} // namespace

StoreController::StoreController(StoreSession* session, Settings* settings, QWidget* dialogParent, QObject* parent)
    : QObject(parent)
    , m_session(session)
    , m_settings(settings)
    , m_dialogParent(dialogParent)
    , m_demo(new DemoStore(this))
{
    connect(session, &StoreSession::openFailed, this, &StoreController::onOpenFailed);
    connect(session, &StoreSession::opened, this, [this] {
        if (!m_attemptTyped.isEmpty())
            m_settings->addRecentStore(m_attemptTyped);
        m_attempt.reset();
        if (!m_link.isEmpty())
            Q_EMIT linkReady(std::exchange(m_link, {}));
    });
    connect(m_demo, &DemoStore::ready, this, [this](const QString& path) { openAddress(path); });
    connect(m_demo, &DemoStore::failed, this, &StoreController::failed);
}

void StoreController::openAddress(const QString& text, std::optional<bool> readOnly)
{
    auto address = StoreAddress::parse(text);
    if (!address) {
        Q_EMIT failed(address.error());
        return;
    }
    if (address->kind == StoreAddress::Kind::Sqlite)
        address->location = QFileInfo(address->location).absoluteFilePath();
    const bool defaultReadOnly = address->kind == StoreAddress::Kind::Postgres;
    m_askedPassword = false;
    open(*address, readOnly.value_or(defaultReadOnly),
        address->kind == StoreAddress::Kind::Sqlite ? address->location : text.trimmed());
}

void StoreController::open(const StoreAddress& address, bool readOnly, const QString& typed)
{
    m_attempt = address;
    m_attemptReadOnly = readOnly;
    m_attemptTyped = typed;
    StoreOptions options;
    options.readOnly = readOnly;
    Q_EMIT opening(address.display());
    m_session->open(address, options);
}

void StoreController::onOpenFailed(const Error& error)
{
    if (m_attempt && m_attempt->kind == StoreAddress::Kind::Postgres && m_asksForPasswords && serverWantsPassword(error)
        && !m_askedPassword && !hasPassword(m_attempt->location)) {
        m_askedPassword = true;
        bool ok = false;
        const QString password = QInputDialog::getText(m_dialogParent, u"Password for PostgreSQL"_s,
            u"The server of %1 asks for a password.\nIt is kept in memory for this window only."_s.arg(
                m_attempt->display()),
            QLineEdit::Password, {}, &ok);
        if (ok && !password.isEmpty()) {
            StoreAddress withSecret = *m_attempt;
            withSecret.location = withPassword(m_attempt->location, password);
            open(withSecret, m_attemptReadOnly, m_attemptTyped);
            return;
        }
    }
    m_attempt.reset();
    m_link = {};
    Q_EMIT failed(error);
}

void StoreController::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(m_dialogParent, u"Open a Flashback store"_s, {},
        u"Flashback stores (*.flashback *.db *.sqlite *.sqlite3);;All files (*)"_s);
    if (!path.isEmpty())
        openAddress(u"sqlite:"_s + path);
}

void StoreController::chooseConnection()
{
    ConnectDialog dialog(m_dialogParent);
    if (dialog.exec() != QDialog::Accepted)
        return;
    auto address = StoreAddress::parse(dialog.address());
    if (address && address->kind != StoreAddress::Kind::Postgres) {
        Q_EMIT failed(Error::invalidArgument(
            u"%1 is not a PostgreSQL address; use File → Open for a store file."_s.arg(dialog.address())));
        return;
    }
    openAddress(dialog.address(), dialog.readOnly());
}

void StoreController::openDemo(const QString& folder)
{
    m_demo->prepare(DemoStore::defaultPath(folder));
}

} // namespace flashback

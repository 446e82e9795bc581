// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/deeplink.h"
#include "store/storeaddress.h"
#include "util/error.h"

#include <QObject>
#include <QPointer>

#include <optional>

class QWidget;

namespace flashback {

class DemoStore;
class Settings;
class StoreSession;

/// How the window opens stores: from an address (the CLI's rules), the file dialog, the PostgreSQL dialog, the
/// recent list or the demo store; PostgreSQL read-only unless asked otherwise; the password asked for when the
/// server wants one and kept in memory only; the recent list updated without passwords.
class StoreController : public QObject {
    Q_OBJECT
public:
    StoreController(StoreSession* session, Settings* settings, QWidget* dialogParent, QObject* parent = nullptr);

    /// `readOnly`: nullopt for the default (PostgreSQL read-only, files writable).
    void openAddress(const QString& text, std::optional<bool> readOnly = std::nullopt);
    void chooseFile();
    void chooseConnection();
    /// Generates the demo store on first use (in `folder`, default the data folder), then opens it.
    void openDemo(const QString& folder = {});
    DemoStore* demo() const { return m_demo; }
    /// Where the next open of a store lands: applied by the navigator once it is open.
    void setPendingLink(const DeepLink& link) { m_link = link; }
    /// Off for runs nobody watches (--quit-after-load): a server that wants a password is then a failure, not a
    /// dialog that waits for ever.
    void setAsksForPasswords(bool asks) { m_asksForPasswords = asks; }
    const DeepLink& pendingLink() const { return m_link; }

Q_SIGNALS:
    void failed(const flashback::Error& error);
    /// A store is opening: views clear their old contents.
    void opening(const QString& displayAddress);
    void linkReady(const flashback::DeepLink& link);

private:
    void open(const StoreAddress& address, bool readOnly, const QString& typed);
    void onOpenFailed(const Error& error);

    QPointer<StoreSession> m_session;
    QPointer<Settings> m_settings;
    QPointer<QWidget> m_dialogParent;
    DemoStore* m_demo = nullptr;
    DeepLink m_link;
    // The open in progress, to retry it with a password (held in memory only, for this address).
    std::optional<StoreAddress> m_attempt;
    bool m_attemptReadOnly = false;
    QString m_attemptTyped;
    bool m_askedPassword = false;
    bool m_asksForPasswords = true;
};

} // namespace flashback

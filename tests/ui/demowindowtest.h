// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "demo/demogenerator.h"
#include "domain/domaincatalog.h"
#include "mainwindow.h"
#include "models/storesession.h"
#include "settings.h"
#include "store/storeopener.h"
#include "storecontroller.h"
#include "storefixture.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

namespace flashback::test {

/// What the window tests share: one demo store of the backend FLASHBACK_TEST_BACKEND names (sqlite or postgres;
/// the window opens stores by address), and real windows on it, each with settings of its own.
class DemoWindowTest : public QObject {
protected:
    static constexpr int Deadline = 30000;

    struct Window {
        QSettings stored;
        Settings settings;
        MainWindow window;
        explicit Window(const QString& file)
            : stored(file, QSettings::IniFormat)
            , settings(withoutProjections(&stored))
            , window(&settings)
        {
            window.resize(1400, 900);
            window.show();
        }
    };

    /// Windows under test leave the store's projections and outbox alone unless a test turns them on: what the
    /// window's own runner writes would otherwise race with what a test checks.
    static QSettings* withoutProjections(QSettings* stored)
    {
        if (!stored->contains(QStringLiteral("projections/runInWindow")))
            stored->setValue(QStringLiteral("projections/runInWindow"), false);
        return stored;
    }

    bool onPostgres() const { return m_fixture.backend() == QLatin1StringView("postgres"); }

    /// Makes the demo store (30 users, a long stream of 500 logins); false with a test failure when it cannot.
    bool makeDemoStore()
    {
        if (!m_dir.isValid()) {
            QTest::qFail("no temporary directory", __FILE__, __LINE__);
            return false;
        }
        if (m_fixture.backend() != QLatin1StringView("sqlite") && !onPostgres()) {
            QTest::qFail("the window opens stores by address: run with FLASHBACK_TEST_BACKEND=sqlite or postgres",
                __FILE__, __LINE__);
            return false;
        }
        auto store = m_fixture.createStore();
        m_store = m_fixture.lastAddress();
        DemoOptions demo;
        demo.users = 30;
        demo.longStreamLogins = 500;
        auto summary = generateDemo(*store, DomainCatalog::builtin(), demo);
        if (!summary) {
            QTest::qFail(qPrintable(summary.error().message), __FILE__, __LINE__);
            return false;
        }
        m_demo = *summary;
        return true;
    }

    /// A new window that has opened the demo store (going to `link` once open); null if it did not open in time.
    std::unique_ptr<Window> openWindow(const DeepLink& link = {}, std::optional<bool> readOnly = std::nullopt)
    {
        auto window = std::make_unique<Window>(m_dir.filePath(QStringLiteral("settings-%1.ini").arg(++m_windows)));
        QSignalSpy opened(window->window.session(), &StoreSession::opened);
        window->window.controller()->setPendingLink(link);
        window->window.controller()->openAddress(m_store, readOnly);
        if (!opened.wait(Deadline))
            return nullptr;
        return window;
    }

    /// A second connection to the demo store, to see what the window wrote.
    std::unique_ptr<EventStore> observer()
    {
        auto address = StoreAddress::parse(m_store);
        if (!address)
            return nullptr;
        auto store = openStore(*address, StoreFixture::defaultOptions());
        return store ? std::move(*store) : nullptr;
    }

    QTemporaryDir m_dir;
    StoreFixture m_fixture;
    QString m_store;
    DemoSummary m_demo;

private:
    int m_windows = 0;
};

} // namespace flashback::test

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/error.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <thread>

namespace flashback {

/// The demo store in the user's data folder: generated on first use with the core's demo generator, on a thread
/// of its own with progress, into a temporary file renamed into place only when complete, so an interrupted
/// generation never leaves a half-filled demo behind.
class DemoStore : public QObject {
    Q_OBJECT
public:
    explicit DemoStore(QObject* parent = nullptr);
    ~DemoStore() override;

    /// `folder` defaults to the application's data folder.
    static QString defaultPath(const QString& folder = {});
    /// Answers ready(path) at once when the file exists; otherwise generates it first.
    void prepare(const QString& path);
    bool isRunning() const { return m_thread.joinable() && !m_done; }

Q_SIGNALS:
    void progress(qint64 written, qint64 planned);
    void ready(const QString& path);
    void failed(const flashback::Error& error);

private:
    std::thread m_thread;
    std::atomic<bool> m_done {true};
};

} // namespace flashback

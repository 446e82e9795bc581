// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

namespace flashback {

class MainWindow;
struct Error;

/// --quit-after-load: waits until the window's store is open and its stream list has loaded, says what it holds on
/// standard output and quits with 0; a store that cannot be opened is said on standard error and quits with 3.
/// What a package's smoke test or a script needs to know that the installed window really opens a store.
class QuitAfterLoad : public QObject {
    Q_OBJECT
public:
    explicit QuitAfterLoad(MainWindow* window);

private:
    void onCount(qint64 count);
    void finish(int exitCode);
    void fail(const Error& error);

    MainWindow* m_window;
    bool m_opened = false;
    bool m_finished = false;
    qint64 m_streams = -1;
};

} // namespace flashback

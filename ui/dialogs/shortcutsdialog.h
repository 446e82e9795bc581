// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QList>

class QAction;

namespace flashback {

/// Help → Keyboard Shortcuts: every action of the window with its shortcuts, built from the actions themselves
/// so the sheet cannot drift from what the keys do; plus the keys the timeline and lists handle themselves.
class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    ShortcutsDialog(const QList<QAction*>& actions, QWidget* parent = nullptr);
};

} // namespace flashback

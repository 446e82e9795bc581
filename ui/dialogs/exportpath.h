// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class QFormLayout;
class QLineEdit;
class QPushButton;

namespace flashback {

/// `text` as part of a file name safe on every platform: runs of anything but letters, digits, '.', '_' and '-'
/// become one '-'; at most 60 characters; "stream" when nothing is left.
QString safeFileStem(const QString& text);

/// Why an export dialog cannot save to `path` ("The folder … does not exist."), or empty when it can try.
QString exportPathProblem(const QString& path);

/// Adds the export dialogs' "Save to:" row to `form`: `path` with a Browse… button beside it (returned, for the
/// dialog to connect to its own file chooser).
QPushButton* addSavePathRow(QFormLayout* form, QLineEdit* path);

} // namespace flashback

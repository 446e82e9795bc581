#pragma once

#include <QString>

namespace flashback {

/// `text` as part of a file name safe on every platform: runs of anything but letters, digits, '.', '_' and '-'
/// become one '-'; at most 60 characters; "stream" when nothing is left.
QString safeFileStem(const QString& text);

/// Why an export dialog cannot save to `path` ("The folder … does not exist."), or empty when it can try.
QString exportPathProblem(const QString& path);

} // namespace flashback

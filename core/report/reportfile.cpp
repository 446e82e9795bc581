// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/reportfile.h"

#include <QFileInfo>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace flashback {

Status writeReportFile(const QString& path, const QString& text)
{
    QSaveFile file(path);
    const QByteArray bytes = text.toUtf8();
    const bool written = file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit();
    if (written)
        return {};
    Error error = Error::make(ErrorKind::InvalidArgument,
        u"Could not write %1: %2."_s.arg(QFileInfo(path).absoluteFilePath(), file.errorString()), {},
        {{u"path"_s, QFileInfo(path).absoluteFilePath()}});
    error.code = u"OutputNotWritable"_s;
    return error;
}

} // namespace flashback

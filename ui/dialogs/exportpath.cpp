#include "exportpath.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flashback {

QString safeFileStem(const QString& text)
{
    static const QRegularExpression unsafe(u"[^A-Za-z0-9._-]+"_s);
    const QString stem = QString(text).replace(unsafe, u"-"_s).left(60);
    return stem.isEmpty() ? u"stream"_s : stem;
}

QString exportPathProblem(const QString& path)
{
    const QString trimmed = path.trimmed();
    if (trimmed.isEmpty())
        return u"Choose where to save it."_s;
    const QFileInfo file(trimmed);
    if (!file.absoluteDir().exists())
        return u"The folder %1 does not exist."_s.arg(QDir::toNativeSeparators(file.absolutePath()));
    if (file.isDir())
        return u"%1 is a folder; add a file name."_s.arg(QDir::toNativeSeparators(trimmed));
    return {};
}

} // namespace flashback

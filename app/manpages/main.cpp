// SPDX-License-Identifier: GPL-3.0-or-later
// flashback-manpages OUTPUT_DIR DATE VERSION: writes flashback.1 and flashback-cli.1 (run at build time).
#include "manpages.h"

#include <QCoreApplication>
#include <QDir>
#include <QSaveFile>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

bool write(const QString& path, const QString& text)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.toUtf8()) < 0 || !file.commit()) {
        std::fprintf(
            stderr, "flashback-manpages: cannot write %s: %s\n", qPrintable(path), qPrintable(file.errorString()));
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() != 4) {
        std::fprintf(stderr, "usage: flashback-manpages OUTPUT_DIR DATE VERSION\n");
        return 2;
    }
    const QDir output(arguments.at(1));
    if (!output.mkpath(u"."_s)) {
        std::fprintf(stderr, "flashback-manpages: cannot create %s\n", qPrintable(output.path()));
        return 1;
    }
    const QString& date = arguments.at(2);
    const QString& version = arguments.at(3);
    const bool ok = write(output.filePath(u"flashback.1"_s), flashback::manpages::guiManPage(date, version))
        && write(output.filePath(u"flashback-cli.1"_s), flashback::manpages::cliManPage(date, version));
    return ok ? 0 : 1;
}

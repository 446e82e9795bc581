// SPDX-License-Identifier: GPL-3.0-or-later
#include "buildinfo.h"
#include "cli.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

int main(int argc, char* argv[])
{
    // QCoreApplication: Qt Sql finds its SQLite plugin through the application's library paths.
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"flashback-cli"_s);
    QCoreApplication::setApplicationVersion(flashback::versionText());
    return flashback::cli::run(QCoreApplication::arguments());
}

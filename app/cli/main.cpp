#include "cli.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

int main(int argc, char* argv[])
{
    // QCoreApplication: Qt Sql finds its SQLite plugin through the application's library paths.
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"flashback-cli"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(FLASHBACK_VERSION));
    return flashback::cli::run(QCoreApplication::arguments());
}

// SPDX-License-Identifier: GPL-3.0-or-later
#include "buildinfo.h"
#include "guioptions.h"
#include "mainwindow.h"
#include "quitafterload.h"
#include "settings.h"
#include "storecontroller.h"
#include "theme.h"

#include <QApplication>
#include <QIcon>
#include <QLoggingCategory>
#include <QSettings>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

void nameApplication()
{
    QCoreApplication::setApplicationName(u"flashback"_s);
    QCoreApplication::setOrganizationName(u"Flashback"_s);
    QCoreApplication::setApplicationVersion(flashback::versionText());
}

QStringList argumentsAfterProgram(int argc, char* argv[])
{
    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    return arguments;
}

/// An unknown option or a missing value: exit code 2 like every other usage error (process() would exit 1).
bool parseOrSay(QCommandLineParser& parser)
{
    if (parser.parse(QCoreApplication::arguments()))
        return true;
    std::fprintf(stderr, "flashback: %s\n", qPrintable(parser.errorText()));
    return false;
}

/// --help and --version print and exit inside process(); a QCoreApplication needs no display for that.
int answerInText(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    nameApplication();
    QCommandLineParser parser;
    flashback::gui::addGuiOptions(parser);
    parser.process(app);
    return int(flashback::gui::GuiExitCode::Success);
}

} // namespace

int main(int argc, char* argv[])
{
    if (flashback::gui::asksOnlyForText(argumentsAfterProgram(argc, argv)))
        return answerInText(argc, argv);

    QApplication app(argc, argv);
    nameApplication();
    // The core's debug lines are for developers, who turn them on with QT_LOGGING_RULES (it overrides this).
    QLoggingCategory::setFilterRules(u"flashback.*.debug=false"_s);
    QApplication::setApplicationDisplayName(u"Flashback"_s);
    // The desktop entry's name (resources/): Wayland compositors and docks match the window to it by this id.
    QApplication::setDesktopFileName(u"org.flashback.Flashback"_s);
    QApplication::setWindowIcon(QIcon(u":/flashback/icons/org.flashback.Flashback.png"_s));

    QCommandLineParser parser;
    flashback::gui::addGuiOptions(parser);
    if (!parseOrSay(parser))
        return int(flashback::gui::GuiExitCode::Usage);
    // --help or --version beside Qt's own options (-platform ...): printed here, exiting.
    parser.process(app);
    const auto options = flashback::gui::readGuiOptions(parser);
    if (!options) {
        std::fprintf(stderr, "flashback: %s\n", qPrintable(options.error().message));
        return int(flashback::gui::GuiExitCode::Usage);
    }

    QSettings stored;
    flashback::Settings settings(&stored);
    if (options->utc)
        settings.setUtc(*options->utc);
    if (options->theme == u"dark"_s)
        settings.setTheme(flashback::Settings::Theme::Dark);
    else if (options->theme == u"light"_s)
        settings.setTheme(flashback::Settings::Theme::Light);
    else if (options->theme == u"system"_s)
        settings.setTheme(flashback::Settings::Theme::System);
    flashback::applyTheme(settings.theme());
    flashback::applyFontDelta(settings.fontDelta());

    flashback::MainWindow window(&settings);
    if (options->quitAfterLoad)
        new flashback::QuitAfterLoad(&window);
    window.show();
    flashback::StoreController* controller = window.controller();
    controller->setPendingLink(options->link);
    if (options->demo)
        controller->openDemo();
    else if (!options->address.isEmpty())
        controller->openAddress(options->address, options->readOnly);
    return app.exec();
}

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
#include <QSettings>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"flashback"_s);
    QApplication::setOrganizationName(u"Flashback"_s);
    QApplication::setApplicationDisplayName(u"Flashback"_s);
    QApplication::setApplicationVersion(flashback::versionText());
    // The desktop entry's name (resources/): Wayland compositors and docks match the window to it by this id.
    QApplication::setDesktopFileName(u"org.flashback.Flashback"_s);
    QApplication::setWindowIcon(QIcon(u":/flashback/icons/org.flashback.Flashback.png"_s));

    QCommandLineParser parser;
    flashback::gui::addGuiOptions(parser);
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

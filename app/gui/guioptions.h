// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/deeplink.h"
#include "util/result.h"

#include <QCommandLineParser>
#include <QString>

#include <optional>

namespace flashback::gui {

/// The window's command line (a public interface: docs/gui.md). One definition, used by the program and by the
/// tests, so the two cannot drift.
struct GuiOptions {
    QString address; ///< Empty: the start page (or the demo store with --demo).
    bool demo = false;
    std::optional<bool> readOnly; ///< --read-only / --writable; nullopt: PostgreSQL read-only, files writable.
    DeepLink link;
    std::optional<bool> utc; ///< --utc / --local-time
    QString theme; ///< "system", "light", "dark" or empty
    bool quitAfterLoad = false;
};

/// What `flashback --help` and the flashback(1) man page both say, so that they cannot drift.
QString guiDescription();
/// The positional argument: name, description, syntax.
struct GuiPositional {
    QString name;
    QString description;
    QString syntax;
};
GuiPositional guiPositional();
/// The options, without --help and --version (QCommandLineParser adds those).
QList<QCommandLineOption> guiOptions();

/// Exit codes of the window's process, besides 0: a usage error, and a store that --quit-after-load could not
/// open. The same numbers as flashback-cli's for the same things.
enum class GuiExitCode { Success = 0, Usage = 2, Store = 3 };

/// Adds the options to `parser` (with --help and --version).
void addGuiOptions(QCommandLineParser& parser);
/// True when the arguments (argv without the program name) parse and ask for --help, --help-all or --version
/// (not as another option's value, not after "--"). Those are answered without a display, so that a terminal
/// with none (ssh, a package's smoke test) gets the answer instead of a missing-platform-plugin abort.
bool asksOnlyForText(const QStringList& arguments);
/// Reads them after parser.process(); a bad combination is a usage error in words.
Result<GuiOptions> readGuiOptions(const QCommandLineParser& parser);

} // namespace flashback::gui

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
};

/// Adds the options to `parser` (with --help and --version).
void addGuiOptions(QCommandLineParser& parser);
/// Reads them after parser.process(); a bad combination is a usage error in words.
Result<GuiOptions> readGuiOptions(const QCommandLineParser& parser);

} // namespace flashback::gui

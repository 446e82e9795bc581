// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSyntaxHighlighter>

namespace flashback {

/// Colours keys, strings, numbers and literals of indented JSON, and the mask placeholder, with colours that
/// keep their contrast on the current palette's base (light or dark).
class JsonHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    explicit JsonHighlighter(QTextDocument* document);

protected:
    void highlightBlock(const QString& text) override;
};

} // namespace flashback

// SPDX-License-Identifier: GPL-3.0-or-later
#include "jsonhighlighter.h"

#include <QGuiApplication>
#include <QPalette>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

bool darkBase()
{
    return QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
}

QTextCharFormat paletteFormat(const QColor& light, const QColor& dark, bool bold = false)
{
    QTextCharFormat result;
    result.setForeground(darkBase() ? dark : light);
    if (bold)
        result.setFontWeight(QFont::DemiBold);
    return result;
}

} // namespace

JsonHighlighter::JsonHighlighter(QTextDocument* document)
    : QSyntaxHighlighter(document)
{ }

void JsonHighlighter::highlightBlock(const QString& text)
{
    // Okabe–Ito hues, darkened for light backgrounds and lightened for dark ones.
    static const QRegularExpression key(uR"("(?:[^"\\]|\\.)*"(?=\s*:))"_s);
    static const QRegularExpression string(uR"(:\s*("(?:[^"\\]|\\.)*"))"_s);
    static const QRegularExpression arrayString(uR"(^\s*("(?:[^"\\]|\\.)*")\s*,?\s*$)"_s);
    static const QRegularExpression number(uR"((?<=[:\[,\s])-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?=\s*[,\]}]?\s*$))"_s);
    static const QRegularExpression literal(uR"(\b(?:true|false|null)\b)"_s);
    static const QRegularExpression masked(u"••••••"_s);
    const QTextCharFormat keyFormat = paletteFormat(QColor(0x00, 0x5A, 0x8C), QColor(0x7F, 0xC6, 0xF0), true);
    const QTextCharFormat stringFormat = paletteFormat(QColor(0x00, 0x7A, 0x55), QColor(0x6F, 0xE0, 0xB0));
    const QTextCharFormat numberFormat = paletteFormat(QColor(0xA8, 0x4A, 0x00), QColor(0xFF, 0xB0, 0x70));
    const QTextCharFormat literalFormat = paletteFormat(QColor(0x9A, 0x3F, 0x78), QColor(0xE8, 0xA0, 0xD0));
    const QTextCharFormat maskedFormat = paletteFormat(QColor(0x60, 0x60, 0x60), QColor(0xB0, 0xB0, 0xB0), true);
    for (auto it = literal.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        setFormat(int(match.capturedStart()), int(match.capturedLength()), literalFormat);
    }
    for (auto it = number.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        setFormat(int(match.capturedStart()), int(match.capturedLength()), numberFormat);
    }
    for (auto it = string.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        setFormat(int(match.capturedStart(1)), int(match.capturedLength(1)), stringFormat);
    }
    if (const auto match = arrayString.match(text); match.hasMatch())
        setFormat(int(match.capturedStart(1)), int(match.capturedLength(1)), stringFormat);
    for (auto it = key.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        setFormat(int(match.capturedStart()), int(match.capturedLength()), keyFormat);
    }
    for (auto it = masked.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        setFormat(int(match.capturedStart()), int(match.capturedLength()), maskedFormat);
    }
}

} // namespace flashback

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QPointF>
#include <QStringList>
#include <QStringView>

class QPainter;
class QPalette;

namespace flashback {

// A stable colour and marker shape per event type, so a type looks the same in every lane, every session and on
// every machine. Colours come from the colour-blind-safe Okabe–Ito palette, in a variant per background (yellow
// and orange darkened on light ones, blue and black lightened on dark ones, for ≥ 3:1 contrast against the
// base colour); the shape is a second cue so that colour is never the only one.
//
// Known types have fixed entries; any other type is placed by a fixed hash of its name (FNV-1a — qHash is seeded
// per process and would repaint a type differently on every start).
class EventTypeColors {
public:
    enum class Shape { Circle, Square, Diamond, TriangleUp, TriangleDown, Plus, Cross, Hexagon, Star, Count };
    struct Style {
        QColor color;
        Shape shape = Shape::Circle;
    };

    static Style style(QStringView type, bool darkBackground);
    static Style style(QStringView type, const QPalette& palette);
    static bool isDark(const QPalette& palette);
    // The types of the fixed table, in the order a legend lists them.
    static QStringList knownTypes();
    // Legend order: known types by their table position, then the others by name.
    static bool legendLess(const QString& a, const QString& b);
    static quint32 stableHash(QStringView type);

    // Draws `shape` filled with `fill` and edged with `edge` (the background, so touching marks stay apart).
    static void drawMarker(QPainter& painter, QPointF centre, qreal radius, const Style& style, const QColor& edge);
};

} // namespace flashback

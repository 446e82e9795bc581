// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventtypecolors.h"

#include "domain/user/userevents.h"

#include <QPainter>
#include <QPainterPath>
#include <QPalette>

#include <algorithm>
#include <array>
#include <cmath>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

using Shape = EventTypeColors::Shape;

// Okabe–Ito, each with the variant for light and for dark backgrounds (contrast ≥ 3:1 against white and
// against #2A2A2A respectively; computed once by the WCAG formula).
struct Swatch {
    QRgb light;
    QRgb dark;
};
// Okabe–Ito black, softened to a grey: it marks the most frequent type (logins), which should not shout.
constexpr Swatch Black {0xFF767676, 0xFF999999};
constexpr Swatch Orange {0xFFBD8300, 0xFFE69F00};
constexpr Swatch SkyBlue {0xFF1D96DB, 0xFF56B4E9};
constexpr Swatch BluishGreen {0xFF009E73, 0xFF00A87A};
constexpr Swatch Yellow {0xFF9C920C, 0xFFF0E442};
constexpr Swatch Blue {0xFF0072B2, 0xFF0099EF};
constexpr Swatch Vermillion {0xFFD55E00, 0xFFEF6900};
constexpr Swatch ReddishPurple {0xFFC972A2, 0xFFCC79A7};
constexpr std::array<Swatch, 8> Palette {Black, Orange, SkyBlue, BluishGreen, Yellow, Blue, Vermillion, ReddishPurple};

struct Known {
    QLatin1StringView type;
    Swatch swatch;
    Shape shape;
};
// Creation and reactivation share the green of "alive" and differ by shape; the frequent login is the quiet grey.
const std::array<Known, 9> KnownTypes {{
    {UserEvents::UserCreated, BluishGreen, Shape::TriangleUp},
    {UserEvents::UserNameChanged, SkyBlue, Shape::Diamond},
    {UserEvents::UserEmailChanged, Blue, Shape::Square},
    {UserEvents::UserUpdated, ReddishPurple, Shape::Hexagon},
    {UserEvents::PasswordChanged, Yellow, Shape::Plus},
    {UserEvents::UserLoggedIn, Black, Shape::Circle},
    {UserEvents::UserSuspended, Orange, Shape::TriangleDown},
    {UserEvents::UserReactivated, BluishGreen, Shape::Star},
    {UserEvents::UserDeleted, Vermillion, Shape::Cross},
}};

int knownPosition(QStringView type)
{
    for (size_t i = 0; i < KnownTypes.size(); ++i) {
        if (type == KnownTypes[i].type)
            return int(i);
    }
    return -1;
}

QPolygonF regular(QPointF centre, qreal radius, int corners, qreal startDegrees)
{
    QPolygonF polygon;
    for (int i = 0; i < corners; ++i) {
        const qreal angle = (startDegrees + 360.0 * i / corners) * M_PI / 180.0;
        polygon << centre + QPointF(radius * std::cos(angle), -radius * std::sin(angle));
    }
    return polygon;
}

} // namespace

quint32 EventTypeColors::stableHash(QStringView type)
{
    quint32 hash = 2166136261u;
    for (const QChar c : type) {
        hash ^= c.unicode();
        hash *= 16777619u;
    }
    return hash;
}

EventTypeColors::Style EventTypeColors::style(QStringView type, bool darkBackground)
{
    const int known = knownPosition(type);
    if (known >= 0) {
        const Known& k = KnownTypes[size_t(known)];
        return {QColor::fromRgba(darkBackground ? k.swatch.dark : k.swatch.light), k.shape};
    }
    const quint32 hash = stableHash(type);
    const Swatch& swatch = Palette[hash % Palette.size()];
    auto shape = int((hash / Palette.size()) % quint32(Shape::Count));
    // Never the look of a known type: the next shape along instead (deterministic, so still stable).
    for (int tries = 0; tries < int(Shape::Count); ++tries) {
        const bool taken = std::any_of(KnownTypes.begin(), KnownTypes.end(),
            [&](const Known& k) { return k.swatch.light == swatch.light && int(k.shape) == shape; });
        if (!taken)
            break;
        shape = (shape + 1) % int(Shape::Count);
    }
    return {QColor::fromRgba(darkBackground ? swatch.dark : swatch.light), Shape(shape)};
}

EventTypeColors::Style EventTypeColors::style(QStringView type, const QPalette& palette)
{
    return style(type, isDark(palette));
}

bool EventTypeColors::isDark(const QPalette& palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QStringList EventTypeColors::knownTypes()
{
    QStringList types;
    for (const Known& k : KnownTypes)
        types.append(QString(k.type));
    return types;
}

bool EventTypeColors::legendLess(const QString& a, const QString& b)
{
    const int pa = knownPosition(a);
    const int pb = knownPosition(b);
    if (pa >= 0 || pb >= 0)
        return pb < 0 || (pa >= 0 && pa < pb);
    return a < b;
}

void EventTypeColors::drawMarker(
    QPainter& painter, QPointF centre, qreal radius, const Style& style, const QColor& edge)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    QPen edgePen(edge, 1.0);
    edgePen.setJoinStyle(Qt::MiterJoin);
    const qreal r = radius;
    switch (style.shape) {
    case Shape::Plus:
    case Shape::Cross: {
        // Line shapes: a wide stroke in the background colour under a narrower one in the type colour.
        const qreal d = style.shape == Shape::Cross ? r * 0.8 : r;
        QPainterPath path;
        if (style.shape == Shape::Cross) {
            path.moveTo(centre + QPointF(-d, -d));
            path.lineTo(centre + QPointF(d, d));
            path.moveTo(centre + QPointF(-d, d));
            path.lineTo(centre + QPointF(d, -d));
        } else {
            path.moveTo(centre + QPointF(-d, 0));
            path.lineTo(centre + QPointF(d, 0));
            path.moveTo(centre + QPointF(0, -d));
            path.lineTo(centre + QPointF(0, d));
        }
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(edge, r * 0.75 + 2, Qt::SolidLine, Qt::FlatCap));
        painter.drawPath(path);
        painter.setPen(QPen(style.color, r * 0.75, Qt::SolidLine, Qt::FlatCap));
        painter.drawPath(path);
        break;
    }
    default: {
        painter.setPen(edgePen);
        painter.setBrush(style.color);
        switch (style.shape) {
        case Shape::Square:
            painter.drawRect(QRectF(centre - QPointF(r * 0.85, r * 0.85), QSizeF(r * 1.7, r * 1.7)));
            break;
        case Shape::Diamond:
            painter.drawPolygon(regular(centre, r * 1.1, 4, 90));
            break;
        case Shape::TriangleUp:
            painter.drawPolygon(regular(centre + QPointF(0, r * 0.15), r * 1.15, 3, 90));
            break;
        case Shape::TriangleDown:
            painter.drawPolygon(regular(centre - QPointF(0, r * 0.15), r * 1.15, 3, 270));
            break;
        case Shape::Hexagon:
            painter.drawPolygon(regular(centre, r, 6, 0));
            break;
        case Shape::Star: {
            QPolygonF star;
            for (int i = 0; i < 10; ++i) {
                const qreal angle = (90 + 36.0 * i) * M_PI / 180.0;
                const qreal rr = i % 2 == 0 ? r * 1.2 : r * 0.55;
                star << centre + QPointF(rr * std::cos(angle), -rr * std::sin(angle));
            }
            painter.drawPolygon(star);
            break;
        }
        default:
            painter.drawEllipse(centre, r, r);
        }
    }
    }
    painter.restore();
}

} // namespace flashback

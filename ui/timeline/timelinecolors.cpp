// SPDX-License-Identifier: GPL-3.0-or-later
#include "timelinecolors.h"

namespace flashback {

QColor TimelineColors::mix(const QColor& a, const QColor& b, qreal t)
{
    const QColor x = a.toRgb();
    const QColor y = b.toRgb();
    return QColor::fromRgbF(float(x.redF() * (1 - t) + y.redF() * t), float(x.greenF() * (1 - t) + y.greenF() * t),
        float(x.blueF() * (1 - t) + y.blueF() * t));
}

QColor TimelineColors::secondaryText(const QPalette& palette, QPalette::ColorRole background)
{
    const QPalette::ColorRole text = background == QPalette::Window ? QPalette::WindowText : QPalette::Text;
    return mix(palette.color(text), palette.color(background), 0.4);
}

QColor TimelineColors::separator(const QPalette& palette)
{
    return mix(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.8);
}

QColor TimelineColors::grid(const QPalette& palette)
{
    return mix(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.9);
}

QColor TimelineColors::alternateLane(const QPalette& palette)
{
    return mix(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.965);
}

QColor TimelineColors::band(const QPalette& palette)
{
    QColor fill = palette.color(QPalette::Highlight);
    fill.setAlphaF(0.2f);
    return fill;
}

} // namespace flashback

// SPDX-License-Identifier: GPL-3.0-or-later
#include "elidedlabel.h"

#include <QEvent>

namespace flashback {

ElidedLabel::ElidedLabel(QWidget* parent)
    : QLabel(parent)
{
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
}

void ElidedLabel::setFullText(const QString& plain, const QString& rich)
{
    m_plain = plain;
    m_rich = rich;
    elide();
}

QSize ElidedLabel::minimumSizeHint() const
{
    return {fontMetrics().horizontalAdvance(u'0') * 8, QLabel::minimumSizeHint().height()};
}

void ElidedLabel::resizeEvent(QResizeEvent* event)
{
    QLabel::resizeEvent(event);
    elide();
}

void ElidedLabel::changeEvent(QEvent* event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        elide();
}

void ElidedLabel::elide()
{
    const int room = contentsRect().width();
    // Rich text is measured by its plain form, with a bold font as the widest it can be.
    QFont widest = font();
    if (!m_rich.isEmpty())
        widest.setBold(true);
    const QFontMetrics metrics(widest);
    const bool fits = metrics.horizontalAdvance(m_plain) <= room;
    setTextFormat(fits && !m_rich.isEmpty() ? Qt::RichText : Qt::PlainText);
    setText(fits ? (m_rich.isEmpty() ? m_plain : m_rich) : metrics.elidedText(m_plain, Qt::ElideMiddle, room));
    setToolTip(fits ? QString() : m_plain);
}

} // namespace flashback

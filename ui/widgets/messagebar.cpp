// SPDX-License-Identifier: GPL-3.0-or-later
#include "messagebar.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace flashback {

MessageBar::MessageBar(QWidget* parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_details(new QLabel(this))
    , m_detailsButton(new QToolButton(this))
    , m_actionButton(new QToolButton(this))
    , m_closeButton(new QToolButton(this))
{
    setObjectName(u"messageBar"_s);
    setAccessibleName(u"Message"_s);
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setVisible(false);
    m_detailsButton->setText(u"Details"_s);
    m_detailsButton->setCheckable(true);
    m_detailsButton->setAutoRaise(true);
    connect(m_detailsButton, &QToolButton::toggled, m_details, &QLabel::setVisible);
    m_actionButton->setVisible(false);
    connect(m_actionButton, &QToolButton::clicked, this, [this] {
        auto action = m_action;
        dismiss();
        if (action)
            action();
    });
    m_closeButton->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_closeButton->setAutoRaise(true);
    m_closeButton->setToolTip(u"Close this message (Esc)"_s);
    m_closeButton->setAccessibleName(u"Close message"_s);
    connect(m_closeButton, &QToolButton::clicked, this, &MessageBar::dismiss);

    auto* row = new QHBoxLayout;
    row->addWidget(m_icon, 0, Qt::AlignTop);
    row->addWidget(m_text, 1);
    row->addWidget(m_actionButton, 0, Qt::AlignTop);
    row->addWidget(m_detailsButton, 0, Qt::AlignTop);
    row->addWidget(m_closeButton, 0, Qt::AlignTop);
    auto* column = new QVBoxLayout(this);
    column->setContentsMargins(8, 4, 4, 4);
    column->addLayout(row);
    column->addWidget(m_details);
    setVisible(false);
}

void MessageBar::showMessage(Level level, const QString& text, const QString& details)
{
    m_level = level;
    m_text->setText(text);
    m_details->setText(details);
    m_detailsButton->setVisible(!details.isEmpty());
    m_detailsButton->setChecked(false);
    m_action = {};
    m_actionButton->setVisible(false);
    applyLevel();
    setVisible(true);
}

void MessageBar::showError(const Error& error)
{
    QString details = u"Code: "_s + error.code;
    if (!error.detail.isEmpty())
        details += u"\n"_s + error.detail;
    showMessage(Level::Error, error.message, details);
}

void MessageBar::setAction(const QString& text, std::function<void()> action)
{
    m_action = std::move(action);
    m_actionButton->setText(text);
    m_actionButton->setVisible(bool(m_action));
}

void MessageBar::dismiss()
{
    if (!isVisible())
        return;
    setVisible(false);
    m_action = {};
    Q_EMIT dismissed();
}

QString MessageBar::text() const
{
    return m_text->text();
}

void MessageBar::applyLevel()
{
    // Tinted from the palette's own colours, so light and dark themes both stay legible.
    QPalette colours = QApplication::palette(this);
    const QColor base = colours.color(QPalette::Window);
    QColor tint;
    QStyle::StandardPixmap icon = QStyle::SP_MessageBoxInformation;
    switch (m_level) {
    case Level::Information:
        tint = QColor(0x00, 0x72, 0xB2);
        break;
    case Level::Warning:
        tint = QColor(0xE6, 0x9F, 0x00);
        icon = QStyle::SP_MessageBoxWarning;
        break;
    case Level::Error:
        tint = QColor(0xD5, 0x5E, 0x00);
        icon = QStyle::SP_MessageBoxCritical;
        break;
    }
    const auto mix = [](const QColor& a, const QColor& b, double t) {
        return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
            float(a.blueF() * (1 - t) + b.blueF() * t));
    };
    colours.setColor(QPalette::Window, mix(base, tint, 0.18));
    setPalette(colours);
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_icon->setPixmap(style()->standardIcon(icon).pixmap(size, size));
}

} // namespace flashback

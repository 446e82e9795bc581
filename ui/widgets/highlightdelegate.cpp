// SPDX-License-Identifier: GPL-3.0-or-later
#include "highlightdelegate.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QPainter>
#include <QTextDocument>

#include <vector>

using namespace Qt::StringLiterals;

namespace flashback {

HighlightDelegate::HighlightDelegate(int termsRole, QObject* parent)
    : QStyledItemDelegate(parent)
    , m_termsRole(termsRole)
{ }

QString HighlightDelegate::highlighted(const QString& text, const QStringList& terms)
{
    // Marks per character; a term counts where a word starts (after a non-letter-or-digit).
    std::vector<bool> bold(size_t(text.size()), false);
    for (const QString& term : terms) {
        if (term.isEmpty())
            continue;
        for (qsizetype at = text.indexOf(term, 0, Qt::CaseInsensitive); at >= 0;
             at = text.indexOf(term, at + 1, Qt::CaseInsensitive)) {
            if (at > 0 && text.at(at - 1).isLetterOrNumber())
                continue;
            for (qsizetype i = at; i < at + term.size(); ++i)
                bold[size_t(i)] = true;
        }
    }
    QString html;
    bool open = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (bold[size_t(i)] != open) {
            html += open ? u"</b>"_s : u"<b>"_s;
            open = !open;
        }
        html += QString(text.at(i)).toHtmlEscaped();
    }
    if (open)
        html += u"</b>"_s;
    return html;
}

void HighlightDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem item = option;
    initStyleOption(&item, index);
    const QString text = item.text;
    item.text.clear();
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &item, painter, widget);

    const QRect area = style->subElementRect(QStyle::SE_ItemViewItemText, &item, widget).adjusted(2, 0, -2, 0);
    const QString elided = item.fontMetrics.elidedText(text, Qt::ElideRight, area.width());
    QTextDocument document;
    document.setDefaultFont(item.font);
    document.setDocumentMargin(0);
    document.setHtml(highlighted(elided, index.data(m_termsRole).toStringList()));
    QAbstractTextDocumentLayout::PaintContext context;
    const bool selected = option.state & QStyle::State_Selected;
    context.palette.setColor(QPalette::Text, item.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    painter->save();
    painter->translate(area.left(), area.top() + (area.height() - document.size().height()) / 2);
    painter->setClipRect(QRect(QPoint(0, 0), area.size()));
    document.documentLayout()->draw(painter, context);
    painter->restore();
}

} // namespace flashback

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStyledItemDelegate>

namespace flashback {

/// Draws a cell's text with the words of a search in bold: each term of the index's TermsRole where a word of
/// the text starts with it (the way the search matched), ignoring case.
class HighlightDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    /// `termsRole`: the model role holding the QStringList of terms.
    HighlightDelegate(int termsRole, QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    /// The text as HTML with the terms in <b>, for tests and tooltips.
    static QString highlighted(const QString& text, const QStringList& terms);

private:
    int m_termsRole;
};

} // namespace flashback

// SPDX-License-Identifier: GPL-3.0-or-later
#include "sensitivefieldsdialog.h"

#include "util/jsonmasking.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace flashback {

SensitiveFieldsDialog::SensitiveFieldsDialog(
    const QStringList& entries, const QStringList& alwaysMasked, QWidget* parent)
    : QDialog(parent)
    , m_editor(new QPlainTextEdit(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
    , m_entries(entries)
{
    setWindowTitle(u"Sensitive Fields"_s);
    auto* intro = new QLabel(this);
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::RichText);
    intro->setText(u"<p>Values of these fields show as ••••••, in the Event pane and on the clipboard, until you "
                   u"reveal them for one event. One per line:</p>"
                   u"<ul><li>a key name masks that key at any depth: <code>ssn</code></li>"
                   u"<li>a dotted path masks one place, through arrays: <code>address.street</code>, "
                   u"<code>cards.number</code></li></ul>"_s);
    auto* always = new QLabel(this);
    always->setWordWrap(true);
    always->setText(
        alwaysMasked.isEmpty() ? QString() : u"Always masked, by the domain: %1."_s.arg(alwaysMasked.join(u", "_s)));
    always->setVisible(!alwaysMasked.isEmpty());
    m_editor->setAccessibleName(u"Sensitive fields, one per line"_s);
    m_editor->setPlainText(entries.join(u'\n'));
    m_editor->setTabChangesFocus(true);
    m_editor->setPlaceholderText(u"ssn\naddress.street"_s);
    m_problem->setWordWrap(true);
    m_problem->setTextFormat(Qt::PlainText);
    QFont bold = m_problem->font();
    bold.setBold(true);
    m_problem->setFont(bold);
    m_problem->setVisible(false);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_problem);
    layout->addWidget(always);
    layout->addWidget(m_buttons);
    resize(480, 380);

    connect(m_editor, &QPlainTextEdit::textChanged, this, &SensitiveFieldsDialog::validate);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    validate();
}

void SensitiveFieldsDialog::validate()
{
    QString problem;
    const QStringList typed = m_editor->toPlainText().split(u'\n');
    const QStringList normalized = normalizedMaskEntries(typed, &problem);
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
    if (problem.isEmpty())
        m_entries = normalized;
}

} // namespace flashback

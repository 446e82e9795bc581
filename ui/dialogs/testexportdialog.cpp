// SPDX-License-Identifier: GPL-3.0-or-later
#include "testexportdialog.h"

#include "exportpath.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QSpinBox>

using namespace Qt::StringLiterals;

namespace flashback {

TestExportDialog::TestExportDialog(
    const QString& streamId, qint64 headRevision, qint64 selectedRevision, const QString& folder, QWidget* parent)
    : QDialog(parent)
    , m_revision(new QSpinBox(this))
    , m_anonymize(new QCheckBox(u"Replace names, emails, usernames and IPs by placeholders"_s, this))
    , m_class(new QLineEdit(u"IncidentTest"_s, this))
    , m_path(new QLineEdit(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(u"Export as Test"_s);
    const int head = int(std::clamp<qint64>(headRevision, 1, std::numeric_limits<int>::max()));
    m_revision->setRange(1, head);
    m_revision->setValue(selectedRevision > 0 ? int(std::min<qint64>(selectedRevision, head)) : head);
    m_revision->setToolTip(u"Given: the events before it. When: the command that recorded it"_s);
    m_anonymize->setChecked(true);
    m_anonymize->setToolTip(u"The same value always becomes the same placeholder (person1@example.com, user1, "
                            u"192.0.2.1), so the rules see what they saw. Masked fields are always masked."_s);
    m_class->setValidator(new QRegularExpressionValidator(QRegularExpression(u"[A-Za-z_][A-Za-z0-9_]{0,99}"_s), this));
    m_path->setText(QDir(folder).filePath(u"tst_%1.cpp"_s.arg(safeFileStem(streamId).left(8) + u"_incident"_s)));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(u"color: palette(link-visited)"_s);

    auto* intro = new QLabel(u"A Qt Test case of %1 to build against flashback_core: given the events before the "
                             u"event under scrutiny, when the command that recorded it (rebuilt from the event; the "
                             u"event itself when no command rebuilds it), then the events and state the rules "
                             u"decide. To ask another command: flashback-cli export-test --command."_s.arg(streamId),
        this);
    intro->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(intro);
    form->addRow(u"&Event under scrutiny:"_s, m_revision);
    form->addRow(QString(), m_anonymize);
    form->addRow(u"Test &class:"_s, m_class);
    QPushButton* browse = addSavePathRow(form, m_path);
    form->addRow(m_problem);
    form->addRow(m_buttons);
    setLayout(form);
    setMinimumWidth(560);

    connect(m_class, &QLineEdit::textChanged, this, &TestExportDialog::validate);
    connect(m_path, &QLineEdit::textChanged, this, &TestExportDialog::validate);
    connect(browse, &QPushButton::clicked, this, &TestExportDialog::browse);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    validate();
}

TestExportDialog::Choice TestExportDialog::choice() const
{
    return Choice {m_revision->value(), m_anonymize->isChecked(), m_class->text().trimmed(),
        QFileInfo(m_path->text().trimmed()).absoluteFilePath()};
}

void TestExportDialog::browse()
{
    const QString path = QFileDialog::getSaveFileName(
        this, u"Save the Test"_s, m_path->text(), u"C++ source (*.cpp);;All files (*)"_s);
    if (!path.isEmpty())
        m_path->setText(path);
}

void TestExportDialog::validate()
{
    QString problem = exportPathProblem(m_path->text());
    if (problem.isEmpty() && !m_class->hasAcceptableInput())
        problem = u"Name the test class: letters, digits and underscores, starting with a letter."_s;
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(problem.isEmpty());
}

} // namespace flashback

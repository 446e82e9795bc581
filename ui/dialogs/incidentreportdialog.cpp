// SPDX-License-Identifier: GPL-3.0-or-later
#include "incidentreportdialog.h"

#include "exportpath.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

QString extension(IncidentReportFormat format)
{
    return format == IncidentReportFormat::Html ? u".html"_s : u".md"_s;
}

} // namespace

IncidentReportDialog::IncidentReportDialog(
    const QString& streamId, qint64 headRevision, qint64 selectedRevision, const QString& folder, QWidget* parent)
    : QDialog(parent)
    , m_streamId(streamId)
    , m_from(new QSpinBox(this))
    , m_to(new QSpinBox(this))
    , m_fields(new QLineEdit(this))
    , m_format(new QComboBox(this))
    , m_path(new QLineEdit(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(u"Export Incident Report"_s);
    const int head = int(std::clamp<qint64>(headRevision, 1, std::numeric_limits<int>::max()));
    const int chosen = selectedRevision > 0 ? int(std::min<qint64>(selectedRevision, head)) : head;
    m_to->setRange(1, head);
    m_to->setValue(chosen);
    m_from->setRange(1, chosen);
    m_from->setValue(1);
    m_to->setToolTip(u"The event under scrutiny: the report shows the state before and after it"_s);
    m_fields->setPlaceholderText(u"the fields the event changed"_s);
    m_fields->setToolTip(u"Paths in the state, separated by commas, e.g. status, email, address.city"_s);
    m_format->addItem(u"HTML page (self-contained)"_s, int(IncidentReportFormat::Html));
    m_format->addItem(u"Markdown (for a ticket)"_s, int(IncidentReportFormat::Markdown));
    m_path->setText(QDir(folder).filePath(suggestedFileName(streamId, chosen, IncidentReportFormat::Html)));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(u"color: palette(link-visited)"_s);

    auto* form = new QFormLayout;
    auto* intro = new QLabel(u"A report of %1 for a ticket: its events, the state before and after the event under "
                             u"scrutiny, and the history of the fields. Masked fields stay masked."_s.arg(streamId),
        this);
    intro->setWordWrap(true);
    form->addRow(intro);
    form->addRow(u"&From revision:"_s, m_from);
    form->addRow(u"&Event under scrutiny:"_s, m_to);
    form->addRow(u"F&ields:"_s, m_fields);
    form->addRow(u"F&ormat:"_s, m_format);
    QPushButton* browse = addSavePathRow(form, m_path);
    form->addRow(m_problem);
    form->addRow(m_buttons);
    setLayout(form);
    setMinimumWidth(520);

    connect(m_to, &QSpinBox::valueChanged, this, [this](int to) {
        m_from->setMaximum(to);
        validate();
    });
    connect(m_from, &QSpinBox::valueChanged, this, &IncidentReportDialog::validate);
    connect(m_path, &QLineEdit::textChanged, this, &IncidentReportDialog::validate);
    connect(m_format, &QComboBox::currentIndexChanged, this, &IncidentReportDialog::formatChanged);
    connect(browse, &QPushButton::clicked, this, &IncidentReportDialog::browse);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    validate();
}

IncidentReportDialog::Choice IncidentReportDialog::choice() const
{
    Choice choice;
    choice.fromRevision = m_from->value();
    choice.toRevision = m_to->value();
    for (const QString& field : m_fields->text().split(u',', Qt::SkipEmptyParts)) {
        if (!field.trimmed().isEmpty())
            choice.fields.append(field.trimmed());
    }
    choice.format = IncidentReportFormat(m_format->currentData().toInt());
    choice.path = QFileInfo(m_path->text().trimmed()).absoluteFilePath();
    return choice;
}

QString IncidentReportDialog::suggestedFileName(const QString& streamId, qint64 revision, IncidentReportFormat format)
{
    return u"incident-%1-r%2%3"_s.arg(safeFileStem(streamId)).arg(revision).arg(extension(format));
}

void IncidentReportDialog::browse()
{
    const bool html = IncidentReportFormat(m_format->currentData().toInt()) == IncidentReportFormat::Html;
    const QString path = QFileDialog::getSaveFileName(this, u"Save the Incident Report"_s, m_path->text(),
        html ? u"HTML page (*.html);;Markdown (*.md)"_s : u"Markdown (*.md);;HTML page (*.html)"_s);
    if (!path.isEmpty())
        m_path->setText(path);
}

void IncidentReportDialog::formatChanged()
{
    // The name follows the format while it still has the other format's extension.
    const auto format = IncidentReportFormat(m_format->currentData().toInt());
    const QString other = format == IncidentReportFormat::Html ? u".md"_s : u".html"_s;
    QString path = m_path->text();
    if (path.endsWith(other, Qt::CaseInsensitive))
        m_path->setText(path.left(path.size() - other.size()) + extension(format));
}

void IncidentReportDialog::validate()
{
    const QString problem = exportPathProblem(m_path->text());
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(problem.isEmpty());
}

} // namespace flashback

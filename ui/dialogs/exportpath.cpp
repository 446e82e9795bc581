// SPDX-License-Identifier: GPL-3.0-or-later
#include "exportpath.h"

#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace flashback {

QString safeFileStem(const QString& text)
{
    static const QRegularExpression unsafe(u"[^A-Za-z0-9._-]+"_s);
    const QString stem = QString(text).replace(unsafe, u"-"_s).left(60);
    return stem.isEmpty() ? u"stream"_s : stem;
}

QString exportPathProblem(const QString& path)
{
    const QString trimmed = path.trimmed();
    if (trimmed.isEmpty())
        return u"Choose where to save it."_s;
    const QFileInfo file(trimmed);
    if (!file.absoluteDir().exists())
        return u"The folder %1 does not exist."_s.arg(QDir::toNativeSeparators(file.absolutePath()));
    if (file.isDir())
        return u"%1 is a folder; add a file name."_s.arg(QDir::toNativeSeparators(trimmed));
    return {};
}

QPushButton* addSavePathRow(QFormLayout* form, QLineEdit* path)
{
    QWidget* parent = path->parentWidget();
    auto* browse = new QPushButton(u"Browse…"_s, parent);
    auto* row = new QHBoxLayout;
    row->addWidget(path, 1);
    row->addWidget(browse);
    // A label for a row of widgets needs its buddy set by hand, or the mnemonic shows as a literal '&'.
    auto* label = new QLabel(u"Save &to:"_s, parent);
    label->setBuddy(path);
    form->addRow(label, row);
    return browse;
}

} // namespace flashback

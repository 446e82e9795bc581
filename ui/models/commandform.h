// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "commands/commandspec.h"
#include "util/result.h"

#include <QHash>
#include <QJsonObject>
#include <QString>

namespace flashback {

/// A command being filled in, as the console's form edits it: the text of each field as typed, what is wrong
/// with it (checked as it is typed against the CommandSpec: required, type, choices and the field's own rule),
/// and the fields the command takes. Secret values live only here: publicFields() never holds them.
class CommandForm {
public:
    CommandForm() = default;
    explicit CommandForm(CommandSpec spec);

    const CommandSpec& spec() const { return m_spec; }
    bool isNull() const { return m_spec.name.isEmpty(); }

    void setText(const QString& field, const QString& text);
    QString text(const QString& field) const { return m_texts.value(field); }
    /// What is wrong with the field as typed, in plain words ("Required.", "A whole number."); empty when fine.
    QString problem(const QString& field) const;
    /// True when no field has a problem.
    bool isComplete() const;
    /// The fields as the command takes them (an empty optional field is left out, so its default applies), or
    /// an InvalidArgument error naming the first field with a problem.
    Result<QJsonObject> fields() const;
    /// The non-secret fields that are filled in, as typed values, for the history and templates.
    QJsonObject publicFields() const;
    /// The names of the secret fields that are filled in (their values are never kept).
    QStringList givenSecrets() const;
    /// Clears the form, then fills the non-secret fields of `values` the spec knows.
    void fill(const QJsonObject& values);

private:
    Result<QJsonValue> parsed(const FieldSpec& field) const;

    CommandSpec m_spec;
    QHash<QString, QString> m_texts;
};

} // namespace flashback

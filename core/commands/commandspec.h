// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/result.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace flashback {

/// The type of a command field; decides how text input is parsed and how a form shows it.
enum class FieldType {
    String, ///< One line of text.
    Text, ///< Free text, may be long.
    Email,
    Password, ///< Secret: never echoed, logged or fingerprinted.
    Enum, ///< One of `choices`.
    Integer,
    Boolean,
};

QString fieldTypeName(FieldType type);

/// One field of a command, described as data so the GUI builds a form and the CLI parses arguments from it.
struct FieldSpec {
    QString name; ///< snake_case, as in event payloads.
    QString label; ///< For forms: "First name".
    FieldType type = FieldType::String;
    bool required = false; ///< Shown as required. Business rules (with their own codes) are the aggregate's job.
    QStringList choices; ///< For Enum.
    QJsonValue defaultValue {QJsonValue::Undefined}; ///< Filled in when the field is absent (Undefined: none).
    QString description;
    /// A rule a form checks as the value is typed: what is wrong with a given (non-empty) value, in plain words,
    /// or empty when it is fine. The aggregate checks its rules again when the command runs, with their codes.
    std::function<QString(const QJsonValue&)> check;

    bool isSecret() const { return type == FieldType::Password; }
};

/// A command's description: its name, the aggregate it targets and its fields.
struct CommandSpec {
    QString name;
    QString aggregateType;
    QString description;
    bool createsStream = false; ///< CreateUser: a new stream id is generated when none is given.
    QList<FieldSpec> fields;

    const FieldSpec* field(const QString& name) const;

    /// Checks names and types: unknown fields, values of the wrong JSON type, enum values not among the
    /// choices. Fills in defaults. Errors are InvalidArgument with context {command, field}.
    Result<QJsonObject> validate(const QJsonObject& fields) const;

    /// Parses command-line text ("--set field=value") into the field's JSON type.
    Result<QJsonValue> parseValue(const QString& fieldName, const QString& text) const;
};

} // namespace flashback

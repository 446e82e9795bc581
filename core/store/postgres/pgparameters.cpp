// SPDX-License-Identifier: GPL-3.0-or-later
#include "pgparameters.h"

#include <QUuid>

#include <cmath>

namespace flashback::postgres {

std::optional<QByteArray> toParameter(const QVariant& value)
{
    if (!value.isValid() || value.isNull())
        return std::nullopt;
    switch (value.typeId()) {
    case QMetaType::Bool:
        return value.toBool() ? QByteArray("true") : QByteArray("false");
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::LongLong:
    case QMetaType::Short:
        return QByteArray::number(value.toLongLong());
    case QMetaType::ULong:
    case QMetaType::ULongLong:
    case QMetaType::UShort:
        return QByteArray::number(value.toULongLong());
    case QMetaType::Double:
    case QMetaType::Float: {
        const double number = value.toDouble();
        if (std::isnan(number))
            return QByteArray("NaN");
        if (std::isinf(number))
            return number > 0 ? QByteArray("Infinity") : QByteArray("-Infinity");
        return QByteArray::number(number, 'g', 17);
    }
    case QMetaType::QByteArray:
        return value.toByteArray();
    case QMetaType::QUuid:
        return value.toUuid().toByteArray(QUuid::WithoutBraces);
    default:
        return value.toString().toUtf8();
    }
}

} // namespace flashback::postgres

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QVariant>

#include <optional>
#include <vector>

namespace flashback::postgres {

/// A parameter's text form: null, booleans as true/false, numbers in full precision, UUIDs without braces,
/// QByteArray as the UTF-8 text it holds (JSON; bytea goes in as "\x<hex>" text), everything else as text.
std::optional<QByteArray> toParameter(const QVariant& value);

/// The parameters of one statement, kept alive while libpq reads them.
struct Parameters {
    explicit Parameters(const QVariantList& params)
    {
        storage.reserve(params.size());
        pointers.reserve(size_t(params.size()));
        for (const QVariant& param : params) {
            auto text = toParameter(param);
            storage.append(text.value_or(QByteArray()));
            pointers.push_back(text ? storage.constLast().constData() : nullptr);
        }
    }
    int count() const { return int(pointers.size()); }
    const char* const* values() const { return pointers.empty() ? nullptr : pointers.data(); }

    QList<QByteArray> storage;
    std::vector<const char*> pointers;
};

} // namespace flashback::postgres

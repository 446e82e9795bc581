// SPDX-License-Identifier: GPL-3.0-or-later
#include "streamlookup.h"
#include "clicontext.h"
#include "util/uuid.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace flashback::cli {

Result<StreamInfo> findStream(EventStore& store, const QString& streamId)
{
    QStringList candidates {streamId};
    if (const auto uuid = parseUuid(streamId); uuid && uuidText(*uuid) != streamId)
        candidates.append(uuidText(*uuid));
    for (const auto& candidate : std::as_const(candidates)) {
        auto info = store.stream(candidate);
        if (!info)
            return info.error();
        if (info->has_value())
            return **info;
    }
    return Error::notFound(u"StreamNotFound"_s,
        u"There is no stream '%1' in the store %2."_s.arg(streamId, store.address()), {{u"stream_id"_s, streamId}});
}

Result<StoreAndStream> openStoreAndStream(const CliContext& context, const QString& streamId)
{
    auto store = context.openStore();
    if (!store)
        return store.error();
    auto stream = findStream(**store, streamId);
    if (!stream)
        return stream.error();
    return StoreAndStream {std::move(store).value(), std::move(stream).value()};
}

QString exportedStoreAddress(const CliContext& context)
{
    const auto address = context.storeAddress();
    if (!address)
        return {};
    return address->kind == StoreAddress::Kind::Sqlite ? QFileInfo(address->location).absoluteFilePath()
                                                       : address->location;
}

} // namespace flashback::cli

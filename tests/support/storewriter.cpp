// SPDX-License-Identifier: GPL-3.0-or-later
// A separate process that writes to a store, for the contract tests that need several processes or a
// process killed in the middle of a write. Not a user tool.
//
//   flashback_storewriter contend STORE STREAM COUNT     append COUNT events to STREAM, one per append, each
//                                                          with the exact expected revision, retrying conflicts
//   flashback_storewriter batches STORE STREAM BATCH      append batches of BATCH events until killed; every
//                                                          event carries its batch number and the batch size
#include "store/storeaddress.h"
#include "store/storeopener.h"
#include "util/uuid.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QTextStream>

using namespace Qt::StringLiterals;
using namespace flashback;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 5)
        return 2;
    const QString mode = args[1];
    StoreOptions options;
    options.busyTimeout = std::chrono::milliseconds(30000);
    options.durability = StoreOptions::Durability::Normal;
    auto store = openStore(*StoreAddress::parse(args[2]), options);
    if (!store) {
        QTextStream(stderr) << store.error().toString() << '\n';
        return 3;
    }
    const QString streamId = args[3];
    const int count = args[4].toInt();
    IdGenerator ids;
    const qint64 pid = QCoreApplication::applicationPid();

    if (mode == u"contend"_s) {
        for (int i = 0; i < count; ++i) {
            for (;;) {
                auto current = (*store)->stream(streamId);
                if (!current)
                    return 3;
                const qint64 revision = current->has_value() ? (*current)->revision : 0;
                NewEvent event {ids.newV7(Timestamp::now()), u"WRITTEN"_s, 1, Timestamp::now(),
                    NewEvent::encode({{u"pid"_s, pid}, {u"n"_s, i}}), {}};
                auto result = (*store)->append(streamId, u"Test"_s, ExpectedRevision::exact(revision), {event});
                if (result)
                    break;
                if (result.error().kind != ErrorKind::ConcurrencyConflict) {
                    QTextStream(stderr) << result.error().toString() << '\n';
                    return 4;
                }
            }
        }
        return 0;
    }
    if (mode == u"batches"_s) {
        for (qint64 batch = 1;; ++batch) {
            QList<NewEvent> events;
            for (int i = 0; i < count; ++i) {
                events.append(NewEvent {ids.newV7(Timestamp::now()), u"BATCH_ITEM"_s, 1, Timestamp::now(),
                    NewEvent::encode(
                        {{u"pid"_s, pid}, {u"batch"_s, batch}, {u"size"_s, count}, {u"padding"_s, QString(200, u'x')}}),
                    {}});
            }
            auto result = (*store)->append(streamId, u"Test"_s, ExpectedRevision::any(), events);
            if (!result) {
                QTextStream(stderr) << result.error().toString() << '\n';
                return 4;
            }
            if (batch == 1)
                QTextStream(stdout) << "started" << Qt::endl;
        }
    }
    return 2;
}

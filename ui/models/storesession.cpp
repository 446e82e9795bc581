// SPDX-License-Identifier: GPL-3.0-or-later
#include "storesession.h"
#include "storesessionsubmit.h"

#include "domain/domaincatalog.h"
#include "events/decodedevent.h"
#include "livefeed.h"
#include "projections/eventsummary.h"
#include "report/reportfile.h"
#include "search/eventsearch.h"
#include "search/searchindexprojection.h"
#include "store/storeopener.h"
#include "store/streamindexbuilder.h"
#include "util/jsonmasking.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QMetaObject>

using namespace Qt::StringLiterals;

namespace flashback {

QString connectionStateName(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Closed:
        return u"closed"_s;
    case ConnectionState::Opening:
        return u"opening"_s;
    case ConnectionState::Connected:
        return u"connected"_s;
    case ConnectionState::Reconnecting:
        return u"reconnecting"_s;
    case ConnectionState::Failed:
        return u"disconnected"_s;
    }
    return {};
}

namespace {

QString backendName(StoreAddress::Kind kind)
{
    switch (kind) {
    case StoreAddress::Kind::Sqlite:
        return u"SQLite"_s;
    case StoreAddress::Kind::Postgres:
        return u"PostgreSQL"_s;
    case StoreAddress::Kind::Memory:
        return u"in memory"_s;
    }
    return {};
}

} // namespace

StoreSession::StoreSession(QObject* parent)
    : QObject(parent)
    , m_worker(new StoreWorker)
    , m_live(new LiveFeed(this))
    , m_replay(std::make_shared<ReplayCache>(DomainCatalog::builtin()))
{
    qRegisterMetaType<OpenedStore>();
    qRegisterMetaType<Error>();
    qRegisterMetaType<ConnectionState>();
    m_thread.setObjectName(u"flashback-store"_s);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &StoreWorker::opened, this, &StoreSession::onOpened);
    connect(m_worker, &StoreWorker::openFailed, this, [this](quint64 generation, const Error& error) {
        if (generation != m_generation)
            return;
        setState(ConnectionState::Failed);
        Q_EMIT openFailed(error);
    });
    connect(m_worker, &StoreWorker::connectionLost, this, [this](quint64 generation, const Error& error) {
        if (generation != m_generation)
            return;
        setState(ConnectionState::Reconnecting);
        Q_EMIT connectionLost(error);
    });
    connect(m_worker, &StoreWorker::connectionRestored, this, [this](quint64 generation, qint64 head) {
        if (generation != m_generation)
            return;
        setState(ConnectionState::Connected);
        if (head > m_head) {
            m_head = head;
            Q_EMIT headPositionChanged(m_head);
        }
        Q_EMIT connectionRestored();
    });
    connect(m_live, &LiveFeed::eventsCommitted, this, &StoreSession::onLiveEvents);
    m_thread.start();
}

StoreSession::~StoreSession()
{
    ++m_generation; // answers still queued are dropped
    m_live->stop();
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->close(); }, Qt::QueuedConnection);
    m_thread.quit();
    // The worker finishes the job it is in (long reads stop at their cancel checks) before the thread ends.
    m_thread.wait();
}

void StoreSession::open(const StoreAddress& address, const StoreOptions& options)
{
    open([address, options] { return openStore(address, options); }, backendName(address.kind));
    switch (address.kind) {
    case StoreAddress::Kind::Sqlite:
        m_linkAddress = QFileInfo(address.location).absoluteFilePath();
        break;
    case StoreAddress::Kind::Postgres:
        m_linkAddress = StoreAddress::withoutPassword(address.location);
        break;
    case StoreAddress::Kind::Memory:
        m_linkAddress = u"memory:"_s + address.location;
        break;
    }
}

void StoreSession::open(StoreFactory factory, const QString& backend)
{
    close();
    const quint64 generation = ++m_generation;
    // A new store, new checkpoints; jobs of the old one still queued keep the old cache alive until they end.
    m_replay = std::make_shared<ReplayCache>(DomainCatalog::builtin());
    m_factory = factory;
    setState(ConnectionState::Opening);
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, factory, backend, generation] { worker->open(factory, backend, generation); },
        Qt::QueuedConnection);
}

void StoreSession::close()
{
    ++m_generation;
    m_live->stop();
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker] { worker->close(); }, Qt::QueuedConnection);
    m_store = {};
    m_head = 0;
    m_linkAddress.clear();
    setState(ConnectionState::Closed);
}

void StoreSession::setState(ConnectionState state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void StoreSession::onOpened(quint64 generation, const OpenedStore& store)
{
    if (generation != m_generation)
        return;
    m_store = store;
    m_head = store.headPosition;
    setState(ConnectionState::Connected);
    m_live->start(m_factory, m_head);
    Q_EMIT opened(m_store);
    Q_EMIT headPositionChanged(m_head);
}

void StoreSession::onLiveEvents(const QList<RecordedEvent>& events)
{
    if (events.isEmpty() || !isOpen())
        return;
    // The feed started at the head seen on opening; a reconnect may have moved the head past some of them.
    QList<RecordedEvent> fresh;
    for (const RecordedEvent& event : events) {
        if (event.position > m_head)
            fresh.append(event);
    }
    if (fresh.isEmpty())
        return;
    m_head = fresh.constLast().position;
    Q_EMIT eventsCommitted(fresh);
    Q_EMIT headPositionChanged(m_head);
}

RequestHandle StoreSession::queryStreams(
    QObject* receiver, const StreamQuery& query, std::function<void(Result<QList<StreamInfo>>)> answer)
{
    return submit<QList<StreamInfo>>(
        receiver, [query](EventStore& store, const std::atomic<bool>&) { return store.queryStreams(query); },
        std::move(answer));
}

RequestHandle StoreSession::countStreams(
    QObject* receiver, const StreamQuery& query, std::function<void(Result<qint64>)> answer)
{
    return submit<qint64>(
        receiver, [query](EventStore& store, const std::atomic<bool>&) { return store.countStreams(query); },
        std::move(answer));
}

namespace {

/// An event as the lists show it: fields the user marked sensitive show as the placeholder in the summary, the
/// actor and the reason, as in the Event pane; the domain's own masked fields always.
EventRow listRow(RecordedEvent event, const QStringList& maskedKeys)
{
    const DomainCatalog& catalog = DomainCatalog::builtin();
    const QString hidden = QString::fromUtf16(MaskPlaceholder);
    DecodedEvent decoded = DecodedEvent::decode(event, catalog.upcasters());
    const EventMetadata metadata = decoded.metadata();
    if (!maskedKeys.isEmpty())
        decoded.data = maskedJson(decoded.data, maskedKeys);
    QString summary = eventSummary(decoded, catalog.maskedFields());
    const QString actor = maskedKeys.contains(u"actor"_s) && !metadata.actor.isEmpty() ? hidden : metadata.actor;
    const QString reason = maskedKeys.contains(u"reason"_s) && !metadata.reason.isEmpty() ? hidden : metadata.reason;
    return EventRow {std::move(event), actor, reason, std::move(summary)};
}

} // namespace

RequestHandle StoreSession::eventTypes(QObject* receiver, std::function<void(Result<QStringList>)> answer)
{
    return submit<QStringList>(
        receiver, [](EventStore& store, const std::atomic<bool>&) { return store.eventTypes(); }, std::move(answer));
}

RequestHandle StoreSession::whoDeleted(
    QObject* receiver, const QString& emailOrUsername, std::function<void(Result<DeletionAnswer>)> answer)
{
    return submit<DeletionAnswer>(
        receiver,
        [emailOrUsername](EventStore& store, const std::atomic<bool>& cancel) {
            return flashback::whoDeleted(store, DomainCatalog::builtin(), emailOrUsername, &cancel);
        },
        std::move(answer));
}

RequestHandle StoreSession::search(QObject* receiver, const SearchQuery& query, const QStringList& maskedKeys,
    std::function<void(Result<SearchPage>)> answer)
{
    return submit<SearchPage>(
        receiver,
        [query, maskedKeys](EventStore& store, const std::atomic<bool>& cancel) -> Result<SearchPage> {
            const SearchIndexProjection index; // the masked keys it indexes with, so a scan finds the same
            EventSearch search(store, DomainCatalog::builtin().upcasters(), index.maskedKeys());
            SearchQuery asked = query;
            asked.alsoMasked = maskedKeys; // what is hidden on screen cannot be found by typing it
            auto page = search.search(asked, &cancel);
            if (!page || maskedKeys.isEmpty())
                return page;
            // The index's summaries mask the domain's fields only: with fields the user marked sensitive, each
            // hit is summarised again from its event, as the Events pane would show it.
            for (SearchHit& hit : page->hits) {
                auto event = store.readEvent(hit.streamId, hit.revision);
                if (!event)
                    return event.error();
                if (!*event)
                    continue;
                const EventRow row = listRow(std::move(**event), maskedKeys);
                hit.summary = row.summary;
                hit.actor = row.actor;
            }
            return page;
        },
        std::move(answer));
}

RequestHandle StoreSession::stateView(
    QObject* receiver, const QString& streamId, qint64 revision, std::function<void(Result<StateView>)> answer)
{
    return submit<StateView>(
        receiver,
        [cache = m_replay, streamId, revision](
            EventStore& store, const std::atomic<bool>&) { return cache->stateView(store, streamId, revision); },
        std::move(answer));
}

RequestHandle StoreSession::diffRevisions(QObject* receiver, const QString& streamId, qint64 from, qint64 to,
    const QStringList& maskedKeys, std::function<void(Result<QList<JsonChange>>)> answer)
{
    return submit<QList<JsonChange>>(
        receiver,
        [cache = m_replay, streamId, from, to, maskedKeys](
            EventStore& store, const std::atomic<bool>&) { return cache->diff(store, streamId, from, to, maskedKeys); },
        std::move(answer));
}

RequestHandle StoreSession::verifySnapshots(
    QObject* receiver, const QString& streamId, std::function<void(Result<QList<SnapshotCheck>>)> answer)
{
    return submit<QList<SnapshotCheck>>(
        receiver,
        [streamId](EventStore& store, const std::atomic<bool>&) {
            return Snapshotter(store, DomainCatalog::builtin()).verify(streamId);
        },
        std::move(answer));
}

RequestHandle StoreSession::fieldHistory(QObject* receiver, const QString& streamId, const QString& path,
    std::function<void(Result<QList<FieldChange>>)> answer)
{
    return submit<QList<FieldChange>>(
        receiver,
        [streamId, path](EventStore& store, const std::atomic<bool>&) {
            return TimeTravel(store, DomainCatalog::builtin()).fieldHistory(streamId, path);
        },
        std::move(answer));
}

QString StoreSession::exportedAddress() const
{
    // The address as a link carries it (never a password); the masked display form only for factory opens.
    return m_linkAddress.isEmpty() ? m_store.address : m_linkAddress;
}

RequestHandle StoreSession::exportIncidentReport(QObject* receiver, IncidentReportRequest request,
    IncidentReportFormat format, const QString& path, std::function<void(Result<IncidentReport>)> answer)
{
    request.storeAddress = exportedAddress();
    return submit<IncidentReport>(
        receiver,
        [request, format, path](EventStore& store, const std::atomic<bool>& cancel) -> Result<IncidentReport> {
            auto report = buildIncidentReport(store, DomainCatalog::builtin(), request, &cancel);
            if (!report)
                return report.error();
            if (auto written = writeReportFile(path, incidentReportText(*report, format)); !written)
                return written.error();
            return report;
        },
        std::move(answer));
}

RequestHandle StoreSession::exportTest(
    QObject* receiver, TestExportRequest request, const QString& path, std::function<void(Result<ExportedTest>)> answer)
{
    request.storeAddress = exportedAddress();
    return submit<ExportedTest>(
        receiver,
        [request, path](EventStore& store, const std::atomic<bool>& cancel) -> Result<ExportedTest> {
            auto test = flashback::exportTest(store, DomainCatalog::builtin(), request, &cancel);
            if (!test)
                return test.error();
            if (auto written = writeReportFile(path, test->source); !written)
                return written.error();
            return test;
        },
        std::move(answer));
}

RequestHandle StoreSession::blame(QObject* receiver, const QString& streamId, qint64 revision,
    std::function<void(Result<QHash<QString, FieldBlame>>)> answer)
{
    return submit<QHash<QString, FieldBlame>>(
        receiver,
        [cache = m_replay, streamId, revision](EventStore& store, const std::atomic<bool>& cancel) {
            return cache->blame(store, streamId, revision, &cancel);
        },
        std::move(answer));
}

RequestHandle StoreSession::advanceReplayCache(
    QObject* receiver, const QString& streamId, std::function<void(Result<ReplayProgress>)> answer)
{
    return submit<ReplayProgress>(
        receiver,
        [cache = m_replay, streamId](
            EventStore& store, const std::atomic<bool>&) { return cache->advance(store, streamId); },
        std::move(answer));
}

RequestHandle StoreSession::aggregateTypes(QObject* receiver, std::function<void(Result<QStringList>)> answer)
{
    return submit<QStringList>(
        receiver, [](EventStore& store, const std::atomic<bool>&) { return store.aggregateTypes(); },
        std::move(answer));
}

RequestHandle StoreSession::stream(
    QObject* receiver, const QString& streamId, std::function<void(Result<std::optional<StreamInfo>>)> answer)
{
    return submit<std::optional<StreamInfo>>(
        receiver, [streamId](EventStore& store, const std::atomic<bool>&) { return store.stream(streamId); },
        std::move(answer));
}

RequestHandle StoreSession::readStreamIndex(QObject* receiver, const QString& streamId, qint64 fromRevision,
    std::function<void(Result<std::shared_ptr<StreamIndex>>)> answer)
{
    return submit<std::shared_ptr<StreamIndex>>(
        receiver,
        [streamId, fromRevision](
            EventStore& store, const std::atomic<bool>& cancelled) -> Result<std::shared_ptr<StreamIndex>> {
            auto index = store.readStreamIndex(streamId, fromRevision, &cancelled);
            if (!index)
                return index.error();
            return std::make_shared<StreamIndex>(std::move(*index));
        },
        std::move(answer));
}

RequestHandle StoreSession::readIndexedStream(QObject* receiver, const QString& streamId,
    std::shared_ptr<ReadProgress> progress, std::function<void(Result<IndexedStream>)> answer)
{
    return submit<IndexedStream>(
        receiver,
        [streamId, progress](EventStore& store, const std::atomic<bool>& cancelled) -> Result<IndexedStream> {
            auto index = store.readStreamIndex(streamId, 1, &cancelled, progress.get());
            if (!index)
                return index.error();
            IndexedStream read {std::make_shared<StreamIndex>(std::move(*index)), nullptr};
            if (StreamIndexBuilder::isCancelled(&cancelled))
                return StreamIndexBuilder::cancelled(streamId);
            read.buckets = std::make_shared<const TimelineBuckets>(read.index);
            return read;
        },
        std::move(answer));
}

RequestHandle StoreSession::readStream(QObject* receiver, const QString& streamId, const StreamReadOptions& options,
    std::function<void(Result<QList<RecordedEvent>>)> answer)
{
    return submit<QList<RecordedEvent>>(
        receiver,
        [streamId, options](
            EventStore& store, const std::atomic<bool>&) { return store.readStream(streamId, options); },
        std::move(answer));
}

RequestHandle StoreSession::readEventRows(QObject* receiver, const QString& streamId, qint64 fromRevision, qint64 count,
    const QStringList& maskedKeys, std::function<void(Result<QList<EventRow>>)> answer)
{
    return submit<QList<EventRow>>(
        receiver,
        [streamId, fromRevision, count, maskedKeys](
            EventStore& store, const std::atomic<bool>&) -> Result<QList<EventRow>> {
            StreamReadOptions options;
            options.fromRevision = fromRevision;
            options.limit = count;
            auto events = store.readStream(streamId, options);
            if (!events)
                return events.error();
            QList<EventRow> rows;
            rows.reserve(events->size());
            for (RecordedEvent& event : *events)
                rows.append(listRow(std::move(event), maskedKeys));
            return rows;
        },
        std::move(answer));
}

RequestHandle StoreSession::readEventDetails(QObject* receiver, const QString& streamId, qint64 revision,
    std::function<void(Result<std::optional<EventDetails>>)> answer)
{
    return submit<std::optional<EventDetails>>(
        receiver,
        [streamId, revision](EventStore& store, const std::atomic<bool>&) -> Result<std::optional<EventDetails>> {
            StreamReadOptions options;
            options.fromRevision = revision;
            options.toRevision = revision;
            options.limit = 1;
            auto events = store.readStream(streamId, options);
            if (!events)
                return events.error();
            if (events->isEmpty())
                return std::optional<EventDetails>();
            const DomainCatalog& catalog = DomainCatalog::builtin();
            EventDetails details;
            details.event = events->constFirst();
            details.storedData = details.event.dataObject();
            const DecodedEvent decoded = DecodedEvent::decode(details.event, catalog.upcasters());
            details.upcastData = decoded.data;
            details.upcastSchemaVersion = decoded.schemaVersion;
            details.metadata = QJsonDocument::fromJson(details.event.metadata).object();
            details.maskedKeys = catalog.maskedFields();
            return std::optional<EventDetails>(std::move(details));
        },
        std::move(answer));
}

RequestHandle StoreSession::readAll(
    QObject* receiver, const ReadAllOptions& options, std::function<void(Result<QList<RecordedEvent>>)> answer)
{
    return submit<QList<RecordedEvent>>(
        receiver, [options](EventStore& store, const std::atomic<bool>&) { return store.readAll(options); },
        std::move(answer));
}

RequestHandle StoreSession::statistics(QObject* receiver, std::function<void(Result<StoreStatistics>)> answer)
{
    return submit<StoreStatistics>(
        receiver, [](EventStore& store, const std::atomic<bool>&) { return store.statistics(); }, std::move(answer));
}

} // namespace flashback

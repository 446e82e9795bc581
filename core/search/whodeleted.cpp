// SPDX-License-Identifier: GPL-3.0-or-later
#include "whodeleted.h"

#include "domain/domaincatalog.h"
#include "eventsearch.h"
#include "searchindexprojection.h"
#include "store/eventstore.h"
#include "timetravel/timetravel.h"
#include "util/jsonmasking.h"

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

/// Streams (most recent first) searched through; a user's name or address seldom appears in more.
constexpr qint64 CandidateHits = 500;

bool names(const QJsonObject& state, const QString& value)
{
    for (const char* field : {"email", "username"}) {
        if (state.value(QLatin1StringView(field)).toString().compare(value, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

Result<DeletionAnswer> whoDeleted(
    EventStore& store, const DomainCatalog& catalog, const QString& emailOrUsername, const std::atomic<bool>* cancel)
{
    DeletionAnswer answer;
    answer.asked = emailOrUsername.trimmed();
    const SearchIndexProjection index;
    EventSearch search(store, catalog.upcasters(), index.maskedKeys());
    SearchQuery mentions;
    mentions.text = TextQuery::parse(u'"' + answer.asked + u'"');
    mentions.aggregateType = u"User"_s;
    mentions.limit = CandidateHits;
    if (mentions.text.isEmpty())
        return Error::invalidArgument(u"'%1' holds no letter or digit to look a user up by."_s.arg(answer.asked));
    auto found = search.search(mentions, cancel);
    if (!found)
        return found.error();
    for (const SearchHit& hit : std::as_const(found->hits)) {
        if (!answer.candidates.contains(hit.streamId))
            answer.candidates.append(hit.streamId);
    }
    if (answer.candidates.isEmpty())
        return answer;

    TimeTravel travel(store, catalog);
    const QStringList masked = catalog.maskedFields();
    QStringList exact;
    QHash<QString, std::pair<QJsonObject, qint64>> states;
    for (const QString& stream : std::as_const(answer.candidates)) {
        if (cancel && cancel->load(std::memory_order_relaxed))
            return Error::make(ErrorKind::Cancelled, u"The question was cancelled."_s);
        auto info = store.stream(stream);
        if (!info)
            return info.error();
        if (!*info)
            continue;
        auto state = travel.stateAtRevision(stream, (*info)->revision);
        if (!state)
            return state.error();
        states.insert(stream, {maskedJson(state->state, masked), state->revision});
        if (names(state->state, answer.asked))
            exact.append(stream);
    }
    if (answer.candidates.size() > 1 && exact.size() != 1) {
        answer.outcome = DeletionAnswer::Outcome::Ambiguous;
        return answer;
    }
    answer.streamId = answer.candidates.size() == 1 ? answer.candidates.constFirst() : exact.constFirst();
    std::tie(answer.state, answer.revision) = states.value(answer.streamId);

    SearchQuery deletion;
    deletion.streamId = answer.streamId;
    deletion.types = {u"USER_DELETED"_s};
    deletion.limit = 1;
    auto deleted = search.search(deletion, cancel);
    if (!deleted)
        return deleted.error();
    if (deleted->hits.isEmpty()) {
        answer.outcome = DeletionAnswer::Outcome::NeverDeleted;
    } else {
        answer.outcome = DeletionAnswer::Outcome::Deleted;
        answer.deletion = deleted->hits.constFirst();
    }
    return answer;
}

} // namespace flashback

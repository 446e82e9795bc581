// SPDX-License-Identifier: GPL-3.0-or-later
// The users query side: lookups, search, status filter and keyset paging over the users read model, filled
// directly here (the projection that fills it has its own tests). CTest runs it once per backend.
#include "projections/readmodelschemas.h"
#include "queries/userqueries.h"
#include "resultcheck.h"
#include "store/eventstore.h"
#include "storefixture.h"
#include "util/uuid.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::test;

namespace {

struct Person {
    QString username;
    QString email;
    QString firstName;
    QString lastName;
    QString status;
};

/// 25 users: a few named ones (including usernames that differ only in case) and 19 ordinary ones.
QList<Person> people()
{
    QList<Person> list {
        {u"sarah.connor"_s, u"sarah@example.com"_s, u"Sarah"_s, u"Connor"_s, u"deleted"_s},
        {u"Sarah"_s, u"s.jones@example.com"_s, u"Sarah"_s, u"Jones"_s, u"active"_s},
        {u"john"_s, u"john@skynet.example"_s, u"John"_s, u"Connor"_s, u"active"_s},
        {u"John"_s, u"john.smith@example.com"_s, u"John"_s, u"Smith"_s, u"suspended"_s},
        {u"JOHN"_s, u"jsmith2@example.com"_s, u"Johnny"_s, u"Smith"_s, u"active"_s},
        {u"kyle.reese"_s, u"KYLE@Resistance.example"_s, u"Kyle"_s, u"Reese"_s, u"active"_s},
    };
    for (int i = 0; i < 19; ++i) {
        list.append({u"user%1"_s.arg(i, 2, 10, QChar(u'0')), u"user%1@example.com"_s.arg(i), u"Regular"_s,
            u"Person%1"_s.arg(i), i % 5 == 0 ? u"suspended"_s : u"active"_s});
    }
    return list;
}

ReadModelRow rowFor(const Person& person, const QString& userId, int index)
{
    return {{u"user_id"_s, userId}, {u"username"_s, person.username}, {u"email"_s, person.email},
        {u"first_name"_s, person.firstName}, {u"last_name"_s, person.lastName}, {u"role"_s, u"user"_s},
        {u"status"_s, person.status}, {u"created_at"_s, u"2025-01-06T09:00:00.000000Z"_s},
        {u"updated_at"_s, u"2025-03-17T15:47:23.000000Z"_s},
        {u"deleted_at"_s, person.status == u"deleted"_s ? QVariant(u"2025-03-17T15:47:23.000000Z"_s) : QVariant()},
        {u"deleted_by"_s, person.status == u"deleted"_s ? QVariant(u"admin@company.com"_s) : QVariant()},
        {u"deletion_reason"_s, QVariant()}, {u"suspension_reason"_s, QVariant()}, {u"last_login_at"_s, QVariant()},
        {u"login_count"_s, qint64(index * 3)}, {u"revision"_s, qint64(index + 1)},
        {u"last_event_at"_s, u"2025-03-17T15:47:23.000000Z"_s}, {u"last_position"_s, qint64(100 + index)}};
}

QStringList usernames(const QList<UserView>& users)
{
    QStringList names;
    for (const auto& user : users)
        names.append(user.username);
    return names;
}

} // namespace

class UserQueriesTest : public QObject {
    Q_OBJECT

private:
    StoreFixture m_fixture;
    std::unique_ptr<EventStore> m_store;
    QHash<QString, QString> m_ids; ///< username -> user id
    QList<Person> m_people;

    Result<UserPage> list(
        const QString& search, std::optional<QString> status = {}, qint64 limit = 100, const QString& cursor = {})
    {
        return UserQueries(m_store->readModels()).listUsers({search, std::move(status), limit, cursor});
    }

private Q_SLOTS:
    void initTestCase()
    {
        qInfo() << "backend:" << m_fixture.backend();
        m_store = m_fixture.createStore();
        m_people = people();
        auto tx = m_store->readModels().beginReadModelTransaction(usersReadModel(), 1);
        QVERIFY2(tx.ok(), why(tx).constData());
        for (int i = 0; i < m_people.size(); ++i) {
            const QString id = uuidText(QUuid::createUuid());
            m_ids.insert(m_people[i].username, id);
            QVERIFY((*tx)->put(u"users"_s, rowFor(m_people[i], id, i)).ok());
        }
        QVERIFY((*tx)->commit(125, m_people.size()).ok());
        QCOMPARE(m_people.size(), 25);
    }

    void getUserReadsTheRow()
    {
        UserQueries queries(m_store->readModels());
        const QString id = m_ids.value(u"sarah.connor"_s);
        auto found = queries.getUser(id);
        QVERIFY2(found.ok(), why(found).constData());
        QVERIFY(found->has_value());
        const UserView& user = **found;
        QCOMPARE(user.userId, id);
        QCOMPARE(user.username, u"sarah.connor"_s);
        QCOMPARE(user.email, u"sarah@example.com"_s);
        QCOMPARE(user.firstName, u"Sarah"_s);
        QCOMPARE(user.lastName, u"Connor"_s);
        QCOMPARE(user.status, u"deleted"_s);
        QCOMPARE(user.deletedBy, u"admin@company.com"_s);
        QCOMPARE(user.deletedAt.value_or(Timestamp()).toIso(), u"2025-03-17T15:47:23.000000Z"_s);
        QVERIFY(!user.lastLoginAt.has_value());
        QCOMPARE(user.revision, 1);
        QCOMPARE(user.lastPosition, 100);
        QCOMPARE(user.toJson().value(u"username"_s).toString(), u"sarah.connor"_s);
        QVERIFY(user.toJson().value(u"last_login_at"_s).isNull());

        // Ids as people paste them.
        QCOMPARE(queries.getUser(id.toUpper())->value().userId, id);
        QCOMPARE(queries.getUser(u'{' + id + u'}')->value().userId, id);
        QVERIFY(!queries.getUser(uuidText(QUuid::createUuid()))->has_value());
    }

    void emptyReadModelHasNoUsers()
    {
        auto store = m_fixture.createStore();
        UserQueries queries(store->readModels());
        QVERIFY(!queries.getUser(uuidText(QUuid::createUuid()))->has_value());
        auto page = queries.listUsers({});
        QVERIFY2(page.ok(), why(page).constData());
        QVERIFY(page->users.isEmpty());
        QVERIFY(page->nextCursor.isEmpty());
    }

    void searchAndFilter_data()
    {
        QTest::addColumn<QString>("search");
        QTest::addColumn<QString>("status");
        QTest::addColumn<QStringList>("expected");
        // Expected in (username, user_id) order: code point order, upper case before lower case.
        QTest::newRow("last name, any case") << u"CONNOR"_s << QString() << QStringList {u"john"_s, u"sarah.connor"_s};
        QTest::newRow("email domain") << u"skynet"_s << QString() << QStringList {u"john"_s};
        QTest::newRow("email, mixed case") << u"resistance"_s << QString() << QStringList {u"kyle.reese"_s};
        QTest::newRow("first name or username")
            << u"sarah"_s << QString() << QStringList {u"Sarah"_s, u"sarah.connor"_s};
        QTest::newRow("usernames differing in case")
            << u"john"_s << QString() << QStringList {u"JOHN"_s, u"John"_s, u"john"_s};
        QTest::newRow("search and status") << u"john"_s << u"active"_s << QStringList {u"JOHN"_s, u"john"_s};
        QTest::newRow("status only") << QString() << u"suspended"_s
                                     << QStringList {u"John"_s, u"user00"_s, u"user05"_s, u"user10"_s, u"user15"_s};
        QTest::newRow("deleted") << QString() << u"deleted"_s << QStringList {u"sarah.connor"_s};
        QTest::newRow("surrounding spaces ignored") << u"  reese "_s << QString() << QStringList {u"kyle.reese"_s};
        QTest::newRow("no match") << u"t-800"_s << QString() << QStringList {};
    }

    void searchAndFilter()
    {
        QFETCH(QString, search);
        QFETCH(QString, status);
        QFETCH(QStringList, expected);
        auto page = list(search, status.isEmpty() ? std::nullopt : std::optional<QString>(status));
        QVERIFY2(page.ok(), why(page).constData());
        QCOMPARE(usernames(page->users), expected);
        QVERIFY(page->nextCursor.isEmpty());
    }

    void pagesCoverEveryUserOnce()
    {
        QList<std::pair<QString, QString>> expected;
        for (const auto& person : std::as_const(m_people))
            expected.append({person.username, m_ids.value(person.username)});
        std::sort(expected.begin(), expected.end());

        QStringList seen;
        QList<qsizetype> sizes;
        QString cursor;
        for (int page = 0; page < 10; ++page) {
            auto result = list({}, {}, 10, cursor);
            QVERIFY2(result.ok(), why(result).constData());
            sizes.append(result->users.size());
            for (const auto& user : std::as_const(result->users)) {
                QCOMPARE(user.userId, m_ids.value(user.username));
                seen.append(user.username);
            }
            cursor = result->nextCursor;
            if (cursor.isEmpty())
                break;
        }
        QCOMPARE(sizes, (QList<qsizetype> {10, 10, 5}));
        QStringList order;
        for (const auto& [username, id] : std::as_const(expected))
            order.append(username);
        QCOMPARE(seen, order); // every user once, in (username, user_id) order
        QCOMPARE(QSet<QString>(seen.begin(), seen.end()).size(), 25);
    }

    void pagingKeepsTheFilter()
    {
        const auto all = *list(u"example.com"_s);
        QStringList paged;
        QString cursor;
        do {
            auto page = list(u"example.com"_s, {}, 3, cursor);
            QVERIFY2(page.ok(), why(page).constData());
            paged += usernames(page->users);
            cursor = page->nextCursor;
        } while (!cursor.isEmpty());
        QCOMPARE(paged, usernames(all.users));
        QCOMPARE(paged.size(), 23);
    }

    void cursorRoundTrips()
    {
        const QString cursor = UserQueries::encodeCursor(u"zoë \"quoted\""_s, u"id-1"_s);
        QVERIFY(!cursor.contains(u'/') && !cursor.contains(u'+') && !cursor.contains(u'='));
        auto decoded = UserQueries::decodeCursor(cursor);
        QVERIFY2(decoded.ok(), why(decoded).constData());
        QCOMPARE(*decoded, (QVariantList {u"zoë \"quoted\""_s, u"id-1"_s}));
    }

    void badCursorsAndLimitsAreRefused_data()
    {
        QTest::addColumn<QString>("cursor");
        QTest::addColumn<qint64>("limit");
        const auto encoded = [](const QByteArray& json) {
            return QString::fromLatin1(json.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        };
        QTest::newRow("not base64") << u"not a cursor!"_s << qint64(10);
        QTest::newRow("not json") << encoded("hello") << qint64(10);
        QTest::newRow("object") << encoded(R"({"a":1})") << qint64(10);
        QTest::newRow("three values") << encoded(R"(["a","b","c"])") << qint64(10);
        QTest::newRow("numbers") << encoded(R"([1,2])") << qint64(10);
        QTest::newRow("non-latin text") << u"游标"_s << qint64(10);
        QTest::newRow("zero limit") << QString() << qint64(0);
        QTest::newRow("huge limit") << QString() << qint64(UserQueries::MaxLimit + 1);
    }

    void badCursorsAndLimitsAreRefused()
    {
        QFETCH(QString, cursor);
        QFETCH(qint64, limit);
        auto page = list({}, {}, limit, cursor);
        QVERIFY(!page.ok());
        QCOMPARE(page.error().kind, ErrorKind::InvalidArgument);
    }
};

QTEST_GUILESS_MAIN(UserQueriesTest)
#include "tst_userqueries.moc"

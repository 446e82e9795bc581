// SPDX-License-Identifier: GPL-3.0-or-later
#include "domain/domaincatalog.h"
#include "domain/passwordhasher.h"
#include "domain/user/useraggregate.h"
#include "domain/user/userevents.h"
#include "events/newevent.h"
#include "events/recordedevent.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;

// Fixtures are written in a compact text form:
//   events    "USER_CREATED@09:00 username=sarah email=sarah@example.com; USER_DELETED#1@15:47 reason=gone actor=admin"
//   commands  "DeleteUser reason=\"User requested account deletion\" actor=admin@company.com"
// `#N` is the stored schema version (default: the current one), `@HH:MM` the time on a fixed Monday, `actor=` and
// `meta.reason=` go to the metadata, `~` is JSON null, double quotes allow spaces, and `$HASH` stands for the hash
// of CurrentPassword. In expected events `*` matches any non-empty text; in expected state `@HH:MM` is a timestamp.
namespace {

const QString UserId = u"6f1c1e56-5d1f-4c2b-9a53-0d5c7c3b8e11"_s;
const QString CurrentPassword = u"correct horse"_s;
const Timestamp Monday = *Timestamp::parse(u"2025-03-17T00:00:00Z");

const QString Created = u"USER_CREATED@09:00 username=sarah email=sarah@example.com first_name=Sarah last_name=Connor "
                        u"password_hash=$HASH hashing_method=pbkdf2_sha256 role=user"_s;
const QString Suspended = Created % u"; USER_SUSPENDED@11:00 reason=fraud_detected"_s;
const QString Deleted = Created % u"; USER_DELETED@15:47 reason=gone actor=admin@company.com"_s;

QStringList tokens(QStringView text)
{
    QStringList result;
    QString current;
    bool quoted = false;
    for (const QChar c : text) {
        if (c == u'"') {
            quoted = !quoted;
        } else if (c == u' ' && !quoted) {
            if (!current.isEmpty())
                result.append(std::exchange(current, QString()));
        } else {
            current.append(c);
        }
    }
    if (!current.isEmpty())
        result.append(current);
    return result;
}

QJsonValue valueOf(const QString& text)
{
    return text == u"~"_s ? QJsonValue() : QJsonValue(text);
}

Timestamp at(QStringView clock)
{
    const auto parts = clock.split(u':');
    const qint64 seconds
        = parts.value(0).toLongLong() * 3600 + parts.value(1).toLongLong() * 60 + parts.value(2).toLongLong();
    return Monday.addSecs(seconds);
}

struct EventText {
    QString type;
    int version = 0; // 0: the current version
    Timestamp occurredAt = Monday;
    QJsonObject data;
    EventMetadata metadata;
};

QList<EventText> parseEvents(const QString& text)
{
    QList<EventText> events;
    for (const QString& part : text.split(u';', Qt::SkipEmptyParts)) {
        QStringList words = tokens(part);
        if (words.isEmpty())
            continue;
        EventText event;
        QString head = words.takeFirst();
        if (const auto atSign = head.indexOf(u'@'); atSign >= 0) {
            event.occurredAt = at(QStringView(head).mid(atSign + 1));
            head.truncate(atSign);
        }
        if (const auto hash = head.indexOf(u'#'); hash >= 0) {
            event.version = head.mid(hash + 1).toInt();
            head.truncate(hash);
        }
        event.type = head;
        for (const QString& word : words) {
            const auto equals = word.indexOf(u'=');
            const QString key = word.left(equals);
            const QString value = word.mid(equals + 1);
            if (key == u"actor"_s)
                event.metadata.actor = value;
            else if (key == u"meta.reason"_s)
                event.metadata.reason = value;
            else
                event.data.insert(key, valueOf(value));
        }
        events.append(event);
    }
    return events;
}

QList<DecodedEvent> decodeEvents(const QString& text)
{
    const UpcasterChain& upcasters = DomainCatalog::builtin().upcasters();
    QList<DecodedEvent> decoded;
    for (const EventText& event : parseEvents(text)) {
        RecordedEvent recorded;
        recorded.streamId = UserId;
        recorded.aggregateType = u"User"_s;
        recorded.revision = decoded.size() + 1;
        recorded.position = recorded.revision;
        recorded.type = event.type;
        recorded.schemaVersion = event.version > 0 ? event.version : upcasters.currentVersion(event.type);
        recorded.occurredAt = event.occurredAt;
        recorded.recordedAt = event.occurredAt;
        recorded.data = NewEvent::encode(event.data);
        recorded.metadata = event.metadata.toJsonBytes();
        decoded.append(DecodedEvent::decode(recorded, upcasters));
    }
    return decoded;
}

Command parseCommand(const QString& text)
{
    QStringList words = tokens(text);
    Command command;
    command.name = words.takeFirst();
    command.streamId = UserId;
    const CommandSpec* spec = DomainCatalog::builtin().command(command.name);
    for (const QString& word : words) {
        const auto equals = word.indexOf(u'=');
        const QString key = word.left(equals);
        const QString value = word.mid(equals + 1);
        if (key == u"actor"_s) {
            command.metadata.actor = value;
        } else if (key == u"meta.reason"_s) {
            command.metadata.reason = value;
        } else if (value == u"~"_s || !spec) {
            command.fields.insert(key, valueOf(value));
        } else {
            const auto parsed = spec->parseValue(key, value);
            command.fields.insert(key, parsed.ok() ? *parsed : QJsonValue(value));
        }
    }
    if (spec) {
        if (auto checked = spec->validate(command.fields))
            command.fields = *checked;
    }
    return command;
}

QString describe(const QJsonValue& value)
{
    if (value.isNull() || value.isUndefined())
        return u"~"_s;
    if (value.isDouble())
        return QString::number(value.toInteger());
    return value.toString();
}

QString describe(const QList<ReservationChange>& changes)
{
    QStringList lines;
    for (const auto& change : changes) {
        const QString action = change.action == ReservationChange::Action::Claim ? u"claim"_s : u"release"_s;
        lines.append(action % u' ' % change.scope % u' ' % change.key);
    }
    return lines.join(u"; "_s);
}

} // namespace

class TestUserAggregate : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void decide_data();
    void decide();
    void createHashesThePassword();
    void changePasswordHashesTheNewPassword();
    void decideWithoutHasherIsAnInternalError();
    void unknownCommandIsRejected();
    void apply_data();
    void apply();
    void stateHasTheDomainKeys();
    void stateRoundTripsThroughJson();
    void userCreatedV1IsUpcast();
    void reservations_data();
    void reservations();
    void reservationsFollowABatch();
    void reservationConflictNamesTheRule();
    void catalogRegistersTheUserDomain();

private:
    QString withHash(QString text) const { return text.replace(u"$HASH"_s, m_hash); }
    std::unique_ptr<UserAggregate> given(const QString& events) const;
    Result<QList<ProposedEvent>> when(const UserAggregate& user, const QString& command);

    PasswordHasher m_hasher {1000, 17};
    QString m_hash;
};

std::unique_ptr<UserAggregate> TestUserAggregate::given(const QString& events) const
{
    auto user = std::make_unique<UserAggregate>();
    user->setId(UserId);
    for (const DecodedEvent& event : decodeEvents(withHash(events)))
        user->replay(event);
    return user;
}

Result<QList<ProposedEvent>> TestUserAggregate::when(const UserAggregate& user, const QString& command)
{
    DecisionContext context {Monday.addSecs(20 * 3600), &m_hasher};
    return user.decide(parseCommand(command), context);
}

void TestUserAggregate::initTestCase()
{
    m_hash = m_hasher.hash(CurrentPassword);
}

namespace {

void accept(const char* name, const QString& given, const QString& when, const QString& then)
{
    QTest::newRow(name) << given << when << then << QString();
}

void reject(const char* name, const QString& given, const QString& when, const QString& code)
{
    QTest::newRow(name) << given << when << QString() << code;
}

} // namespace

void TestUserAggregate::decide_data()
{
    QTest::addColumn<QString>("givenEvents");
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("expectedEvents");
    QTest::addColumn<QString>("expectedCode");

    const QString create = u"CreateUser username=sarah email=sarah@example.com password=longenough"_s;
    const auto createWith = [](const QString& fields) -> QString {
        return u"CreateUser username=sarah email=sarah@example.com password=longenough "_s % fields;
    };
    accept("create: role defaults to user", {},
        u"CreateUser username=sarah email=sarah@example.com first_name=Sarah last_name=Connor password=longenough"_s,
        u"USER_CREATED username=sarah email=sarah@example.com first_name=Sarah last_name=Connor password_hash=* "
        u"hashing_method=pbkdf2_sha256 role=user"_s);
    accept("create: admin, names optional", {},
        u"CreateUser username=root.admin email=root@example.com password=longenough role=admin"_s,
        u"USER_CREATED username=root.admin email=root@example.com first_name= last_name= password_hash=* "
        u"hashing_method=pbkdf2_sha256 role=admin"_s);
    accept("create: username of 3", {}, u"CreateUser username=a_b email=ab@example.com password=longenough"_s,
        u"USER_CREATED username=a_b email=ab@example.com first_name= last_name= password_hash=* "
        u"hashing_method=pbkdf2_sha256 role=user"_s);
    accept("create: username of 64", {}, createWith(u"username="_s % QString(64, u'x')),
        u"USER_CREATED username="_s % QString(64, u'x')
            % u" email=sarah@example.com first_name= last_name= password_hash=* hashing_method=pbkdf2_sha256 role=user"_s);
    accept("create: password of exactly 8", {}, createWith(u"password=12345678"_s),
        u"USER_CREATED username=sarah email=sarah@example.com first_name= last_name= password_hash=* "
        u"hashing_method=pbkdf2_sha256 role=user"_s);
    accept("create: tagged email on a subdomain", {}, createWith(u"email=sarah+news@mail.example.co.uk"_s),
        u"USER_CREATED username=sarah email=sarah+news@mail.example.co.uk first_name= last_name= password_hash=* "
        u"hashing_method=pbkdf2_sha256 role=user"_s);
    reject("create: stream exists", Created, create, u"UserAlreadyExists"_s);
    reject("create: stream exists, user deleted", Deleted, create, u"UserAlreadyExists"_s);
    reject("create: username too short", {}, createWith(u"username=ab"_s), u"InvalidUsername"_s);
    reject("create: username too long", {}, createWith(u"username="_s % QString(65, u'x')), u"InvalidUsername"_s);
    reject("create: username with a space", {}, createWith(u"username=\"sarah connor\""_s), u"InvalidUsername"_s);
    reject("create: username with punctuation", {}, createWith(u"username=sarah!"_s), u"InvalidUsername"_s);
    reject("create: username with an at sign", {}, createWith(u"username=sarah@home"_s), u"InvalidUsername"_s);
    reject("create: username with accents", {}, createWith(u"username=sáráh"_s), u"InvalidUsername"_s);
    reject("create: username missing", {}, u"CreateUser email=sarah@example.com password=longenough"_s,
        u"InvalidUsername"_s);
    reject("create: username checked before email", {}, createWith(u"username=ab email=nope"_s), u"InvalidUsername"_s);
    for (const char* email : {"sarah", "sarah@", "@example.com", "sarah@example", "sarah@@example.com",
             "sarah@exa@mple.com", "sarah..c@example.com", ".sarah@example.com", "sarah.@example.com",
             "sarah@-example.com", "sarah@example-.com", "sarah@example..com", "sarah@example.c", "sarah@example.c0m"})
        reject(qPrintable(u"create: email "_s % QLatin1StringView(email)), {},
            createWith(u"email="_s % QLatin1StringView(email)), u"InvalidEmail"_s);
    reject("create: email with a space", {}, createWith(u"email=\"sa rah@example.com\""_s), u"InvalidEmail"_s);
    reject("create: email missing", {}, u"CreateUser username=sarah password=longenough"_s, u"InvalidEmail"_s);
    reject("create: email checked before password", {}, createWith(u"email=nope password=short"_s), u"InvalidEmail"_s);
    reject("create: password of 7", {}, createWith(u"password=1234567"_s), u"PasswordTooShort"_s);
    reject(
        "create: password missing", {}, u"CreateUser username=sarah email=sarah@example.com"_s, u"PasswordTooShort"_s);

    reject("name: no user", {}, u"ChangeName first_name=Kyle"_s, u"UserNotFound"_s);
    reject("name: deleted", Deleted, u"ChangeName first_name=Kyle"_s, u"UserDeleted"_s);
    reject("name: same name", Created, u"ChangeName first_name=Sarah last_name=Connor"_s, u"NothingToChange"_s);
    reject("name: nothing given", Created, u"ChangeName"_s, u"NothingToChange"_s);
    reject("name: same first, last kept", Created, u"ChangeName first_name=Sarah"_s, u"NothingToChange"_s);
    accept("name: first only keeps last", Created, u"ChangeName first_name=Sarah-Jane"_s,
        u"USER_NAME_CHANGED first_name=Sarah-Jane last_name=Connor"_s);
    accept("name: null first keeps first", Created, u"ChangeName first_name=~ last_name=Reese"_s,
        u"USER_NAME_CHANGED first_name=Sarah last_name=Reese"_s);
    accept("name: both", Created, u"ChangeName first_name=Kyle last_name=Reese"_s,
        u"USER_NAME_CHANGED first_name=Kyle last_name=Reese"_s);
    accept("name: suspended users may be renamed", Suspended, u"ChangeName last_name=Reese"_s,
        u"USER_NAME_CHANGED first_name=Sarah last_name=Reese"_s);

    reject("email: no user", {}, u"ChangeEmail email=s@example.com"_s, u"UserNotFound"_s);
    reject("email: deleted", Deleted, u"ChangeEmail email=s@example.com"_s, u"UserDeleted"_s);
    reject("email: malformed", Created, u"ChangeEmail email=sarah.example.com"_s, u"InvalidEmail"_s);
    reject("email: missing", Created, u"ChangeEmail"_s, u"InvalidEmail"_s);
    reject("email: identical", Created, u"ChangeEmail email=sarah@example.com"_s, u"NothingToChange"_s);
    accept("email: case only", Created, u"ChangeEmail email=Sarah@Example.com"_s,
        u"USER_EMAIL_CHANGED email=Sarah@Example.com previous_email=sarah@example.com"_s);
    accept("email: new address", Created, u"ChangeEmail email=s.connor@example.com"_s,
        u"USER_EMAIL_CHANGED email=s.connor@example.com previous_email=sarah@example.com"_s);

    const QString changePassword
        = u"ChangePassword current_password=\"correct horse\" new_password=\"battery staple\""_s;
    const QString changed = u"PASSWORD_CHANGED password_hash=* hashing_method=pbkdf2_sha256"_s;
    reject("password: no user", {}, changePassword, u"UserNotFound"_s);
    reject("password: deleted", Deleted, changePassword, u"UserDeleted"_s);
    reject("password: wrong current", Created,
        u"ChangePassword current_password=wrong new_password=\"battery staple\""_s, u"IncorrectPassword"_s);
    reject("password: current missing", Created, u"ChangePassword new_password=\"battery staple\""_s,
        u"IncorrectPassword"_s);
    reject("password: current checked before length", Created,
        u"ChangePassword current_password=wrong new_password=short"_s, u"IncorrectPassword"_s);
    reject("password: unreadable stored hash", Created % u"; PASSWORD_CHANGED@10:00 password_hash=sha1$x$y"_s,
        changePassword, u"IncorrectPassword"_s);
    reject("password: new too short", Created,
        u"ChangePassword current_password=\"correct horse\" new_password=short"_s, u"PasswordTooShort"_s);
    reject("password: unchanged", Created,
        u"ChangePassword current_password=\"correct horse\" new_password=\"correct horse\""_s, u"PasswordUnchanged"_s);
    accept("password: changed", Created, changePassword, changed);
    accept("password: suspended users may change it", Suspended, changePassword, changed);

    reject("suspend: no user", {}, u"SuspendUser reason=fraud_detected"_s, u"UserNotFound"_s);
    reject("suspend: deleted", Deleted, u"SuspendUser reason=fraud_detected"_s, u"UserDeleted"_s);
    reject("suspend: already suspended", Suspended, u"SuspendUser reason=again"_s, u"AlreadySuspended"_s);
    reject("suspend: suspension checked before reason", Suspended, u"SuspendUser"_s, u"AlreadySuspended"_s);
    reject("suspend: no reason", Created, u"SuspendUser"_s, u"ReasonRequired"_s);
    reject("suspend: blank reason", Created, u"SuspendUser reason=\"   \""_s, u"ReasonRequired"_s);
    accept("suspend: with reason", Created, u"SuspendUser reason=fraud_detected"_s,
        u"USER_SUSPENDED reason=fraud_detected"_s);
    accept("suspend: reason from metadata", Created, u"SuspendUser meta.reason=fraud_detected"_s,
        u"USER_SUSPENDED reason=fraud_detected"_s);

    reject("reactivate: no user", {}, u"ReactivateUser"_s, u"UserNotFound"_s);
    reject("reactivate: deleted", Deleted, u"ReactivateUser"_s, u"UserDeleted"_s);
    reject("reactivate: active", Created, u"ReactivateUser reason=ok"_s, u"NotSuspended"_s);
    accept("reactivate: with reason", Suspended, u"ReactivateUser reason=\"verified by phone\""_s,
        u"USER_REACTIVATED reason=\"verified by phone\""_s);
    accept("reactivate: reason optional", Suspended, u"ReactivateUser"_s, u"USER_REACTIVATED reason=~"_s);

    reject("login: no user", {}, u"RecordLogin ip=10.0.0.1"_s, u"UserNotFound"_s);
    reject("login: deleted", Deleted, u"RecordLogin ip=10.0.0.1"_s, u"UserDeleted"_s);
    reject("login: suspended", Suspended, u"RecordLogin ip=10.0.0.1"_s, u"UserSuspended"_s);
    accept("login: recorded", Created, u"RecordLogin ip=10.0.0.1 user_agent=curl/8.1"_s,
        u"USER_LOGGED_IN ip=10.0.0.1 user_agent=curl/8.1"_s);
    accept("login: fields optional", Created, u"RecordLogin"_s, u"USER_LOGGED_IN ip=~ user_agent=~"_s);
    accept("login: after reactivation", Suspended % u"; USER_REACTIVATED@12:00 reason=ok"_s,
        u"RecordLogin ip=10.0.0.2"_s, u"USER_LOGGED_IN ip=10.0.0.2 user_agent=~"_s);

    reject("delete: no user", {}, u"DeleteUser reason=gone"_s, u"UserNotFound"_s);
    reject("delete: already deleted", Deleted, u"DeleteUser reason=again"_s, u"UserAlreadyDeleted"_s);
    reject("delete: deletion checked before reason", Deleted, u"DeleteUser"_s, u"UserAlreadyDeleted"_s);
    reject("delete: no reason", Created, u"DeleteUser actor=admin@company.com"_s, u"ReasonRequired"_s);
    reject("delete: blank reason", Created, u"DeleteUser reason=\" \""_s, u"ReasonRequired"_s);
    accept("delete: with reason", Created,
        u"DeleteUser reason=\"User requested account deletion\" actor=admin@company.com"_s,
        u"USER_DELETED reason=\"User requested account deletion\""_s);
    accept("delete: suspended user", Suspended, u"DeleteUser reason=fraud"_s, u"USER_DELETED reason=fraud"_s);
}

void TestUserAggregate::decide()
{
    QFETCH(QString, givenEvents);
    QFETCH(QString, command);
    QFETCH(QString, expectedEvents);
    QFETCH(QString, expectedCode);

    const auto user = given(givenEvents);
    const auto result = when(*user, command);

    if (!expectedCode.isEmpty()) {
        QVERIFY2(!result.ok(), "the command was accepted");
        const Error& error = result.error();
        QCOMPARE(error.code, expectedCode);
        QCOMPARE(error.kind, expectedCode == u"UserNotFound"_s ? ErrorKind::NotFound : ErrorKind::DomainRuleViolated);
        QVERIFY2(error.message.endsWith(u'.') && !error.message.contains(u'%'), qPrintable(error.message));
        return;
    }
    QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().toString()));
    const QList<EventText> expected = parseEvents(expectedEvents);
    QCOMPARE(result->size(), expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const ProposedEvent& actual = result->at(i);
        QCOMPARE(actual.type, expected[i].type);
        QCOMPARE(actual.data.keys(), expected[i].data.keys());
        for (const QString& key : expected[i].data.keys()) {
            const QJsonValue want = expected[i].data.value(key);
            if (want == QJsonValue(u"*"_s))
                QVERIFY2(!actual.data.value(key).toString().isEmpty(), qPrintable(key));
            else
                QCOMPARE(actual.data.value(key), want);
        }
    }
}

void TestUserAggregate::createHashesThePassword()
{
    const auto result = when(*given({}), u"CreateUser username=sarah email=sarah@example.com password=longenough"_s);
    QVERIFY(result.ok());
    const QJsonObject data = result->constFirst().data;
    QVERIFY(!data.contains(u"password"_s));
    QCOMPARE(data.value(u"hashing_method"_s).toString(), PasswordHasher::method());
    QVERIFY(PasswordHasher::verify(u"longenough"_s, data.value(u"password_hash"_s).toString()));
    QVERIFY(!PasswordHasher::verify(u"longenougH"_s, data.value(u"password_hash"_s).toString()));
}

void TestUserAggregate::changePasswordHashesTheNewPassword()
{
    const auto user = given(Created);
    const auto result
        = when(*user, u"ChangePassword current_password=\"correct horse\" new_password=\"battery staple\""_s);
    QVERIFY(result.ok());
    const QJsonObject data = result->constFirst().data;
    QVERIFY(!data.contains(u"new_password"_s) && !data.contains(u"current_password"_s));
    QVERIFY(PasswordHasher::verify(u"battery staple"_s, data.value(u"password_hash"_s).toString()));
    QVERIFY(!PasswordHasher::verify(CurrentPassword, data.value(u"password_hash"_s).toString()));
}

void TestUserAggregate::decideWithoutHasherIsAnInternalError()
{
    DecisionContext context {Monday, nullptr};
    const auto user = given({});
    const auto result = user->decide(
        parseCommand(u"CreateUser username=sarah email=sarah@example.com password=longenough"_s), context);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::Internal);
}

void TestUserAggregate::unknownCommandIsRejected()
{
    const auto result = when(*given(Created), u"PromoteUser role=admin"_s);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::InvalidArgument);
}

void TestUserAggregate::apply_data()
{
    QTest::addColumn<QString>("givenEvents");
    QTest::addColumn<QString>("expectedState");

    QTest::newRow("created") << Created
                             << u"username=sarah email=sarah@example.com first_name=Sarah last_name=Connor role=user "
                                u"status=active created_at=@09:00 updated_at=@09:00 deleted_at=~ deleted_by=~ "
                                u"deletion_reason=~ suspension_reason=~ last_login_at=~ login_count=0"_s;
    QTest::newRow("name changed") << Created % u"; USER_NAME_CHANGED@10:00 first_name=Kyle last_name=Reese"_s
                                  << u"first_name=Kyle last_name=Reese updated_at=@10:00 created_at=@09:00"_s;
    QTest::newRow("email changed") << Created
            % u"; USER_EMAIL_CHANGED@10:00 email=s@example.com previous_email=sarah@example.com"_s
                                   << u"email=s@example.com updated_at=@10:00"_s;
    QTest::newRow("legacy update, nulls unchanged")
        << Created % u"; USER_UPDATED@10:00 first_name=~ last_name=Reese email=~"_s
        << u"first_name=Sarah last_name=Reese email=sarah@example.com updated_at=@10:00"_s;
    QTest::newRow("legacy update, all fields")
        << Created % u"; USER_UPDATED@10:00 first_name=Kyle last_name=Reese email=kyle@example.com"_s
        << u"first_name=Kyle last_name=Reese email=kyle@example.com"_s;
    QTest::newRow("legacy update, keys missing") << Created % u"; USER_UPDATED@10:00 email=kyle@example.com"_s
                                                 << u"first_name=Sarah last_name=Connor email=kyle@example.com"_s;
    QTest::newRow("password changed") << Created
            % u"; PASSWORD_CHANGED@10:00 password_hash=pbkdf2_sha256$1$c2FsdA==$aGFzaA== hashing_method=pbkdf2_sha256"_s
                                      << u"password_hash=pbkdf2_sha256$1$c2FsdA==$aGFzaA== updated_at=@10:00"_s;
    QTest::newRow("suspended") << Suspended << u"status=suspended suspension_reason=fraud_detected updated_at=@11:00"_s;
    QTest::newRow("suspension reason from metadata")
        << Created % u"; USER_SUSPENDED@11:00 meta.reason=chargeback"_s << u"suspension_reason=chargeback"_s;
    QTest::newRow("reactivated") << Suspended % u"; USER_REACTIVATED@12:00 reason=ok"_s
                                 << u"status=active suspension_reason=~ updated_at=@12:00"_s;
    QTest::newRow("logins leave updated_at alone")
        << Created % u"; USER_LOGGED_IN@10:00 ip=1.2.3.4; USER_LOGGED_IN@10:10; USER_LOGGED_IN@10:30:15"_s
        << u"last_login_at=@10:30:15 login_count=3 updated_at=@09:00"_s;
    QTest::newRow("deleted by the metadata actor")
        << Created % u"; USER_DELETED@15:47 reason=\"User requested account deletion\" actor=admin@company.com"_s
        << u"status=deleted deleted_at=@15:47 deleted_by=admin@company.com "
           u"deletion_reason=\"User requested account deletion\" updated_at=@15:47"_s;
    QTest::newRow("deleted, legacy deleted_by")
        << Created % u"; USER_DELETED@15:47 reason=gone deleted_by=admin@company.com"_s
        << u"status=deleted deleted_by=admin@company.com deletion_reason=gone"_s;
    QTest::newRow("deleted, actor wins over legacy deleted_by")
        << Created % u"; USER_DELETED@15:47 reason=gone deleted_by=legacy@company.com actor=ops@company.com"_s
        << u"deleted_by=ops@company.com"_s;
    QTest::newRow("deleted, nobody known") << Created % u"; USER_DELETED@15:47 reason=gone"_s << u"deleted_by=~"_s;
    QTest::newRow("deleted, reason only in metadata")
        << Created % u"; USER_DELETED@15:47 meta.reason=cleanup actor=ops"_s << u"deletion_reason=cleanup"_s;
    QTest::newRow("v1 created without role")
        << u"USER_CREATED#1@09:00 username=old email=old@example.com"_s << u"role=user username=old status=active"_s;
    QTest::newRow("v1 created with role")
        << u"USER_CREATED#1@09:00 username=old email=old@example.com role=admin"_s << u"role=admin"_s;
    QTest::newRow("unknown event ignored")
        << Created % u"; USER_TAGGED@10:00 tag=vip"_s << u"updated_at=@09:00 status=active"_s;
    QTest::newRow("who deleted Sarah")
        << Created
            % u"; USER_NAME_CHANGED@10:00 first_name=Sarah last_name=Reese; "
              u"USER_EMAIL_CHANGED@10:05 email=sarah.reese@example.com previous_email=sarah@example.com; "
              u"USER_LOGGED_IN@11:00; USER_LOGGED_IN@12:00; "
              u"USER_DELETED@15:47 reason=\"User requested account deletion\" actor=admin@company.com"_s
        << u"last_name=Reese email=sarah.reese@example.com login_count=2 last_login_at=@12:00 status=deleted "
           u"deleted_by=admin@company.com deleted_at=@15:47"_s;
}

void TestUserAggregate::apply()
{
    QFETCH(QString, givenEvents);
    QFETCH(QString, expectedState);

    const auto user = given(givenEvents);
    QCOMPARE(user->revision(), qint64(decodeEvents(withHash(givenEvents)).size()));
    const QJsonObject state = user->state();
    for (const QString& word : tokens(expectedState)) {
        const auto equals = word.indexOf(u'=');
        const QString key = word.left(equals);
        QString expected = word.mid(equals + 1);
        if (expected.startsWith(u'@'))
            expected = at(QStringView(expected).mid(1)).toIso();
        QVERIFY2(state.contains(key), qPrintable(key));
        QCOMPARE(describe(state.value(key)), expected);
    }
}

void TestUserAggregate::stateHasTheDomainKeys()
{
    const QStringList domainKeys {u"user_id"_s, u"username"_s, u"email"_s, u"first_name"_s, u"last_name"_s, u"role"_s,
        u"status"_s, u"password_hash"_s, u"created_at"_s, u"updated_at"_s, u"deleted_at"_s, u"deleted_by"_s,
        u"deletion_reason"_s, u"suspension_reason"_s, u"last_login_at"_s, u"login_count"_s};
    QStringList sorted = domainKeys;
    sorted.sort();

    const QJsonObject fresh = UserAggregate().state();
    QCOMPARE(fresh.keys(), sorted);
    QVERIFY(fresh.value(u"status"_s).isNull());
    QCOMPARE(fresh.value(u"login_count"_s).toInteger(), 0);

    const QJsonObject state = given(Suspended)->state();
    QCOMPARE(state.keys(), sorted);
    QCOMPARE(state.value(u"user_id"_s).toString(), UserId);
    QCOMPARE(state.value(u"password_hash"_s).toString(), m_hash);
    QCOMPARE(state.value(u"created_at"_s).toString(), u"2025-03-17T09:00:00.000000Z"_s);
}

void TestUserAggregate::stateRoundTripsThroughJson()
{
    const auto user = given(Created
        % u"; USER_LOGGED_IN@10:00; USER_SUSPENDED@11:00 reason=fraud; "
          u"USER_DELETED@15:47 reason=gone actor=admin@company.com"_s);
    const QJsonObject state = user->state();
    QCOMPARE(UserState::fromJson(state).toJson(), state);
}

void TestUserAggregate::userCreatedV1IsUpcast()
{
    const UpcasterChain& upcasters = DomainCatalog::builtin().upcasters();
    QCOMPARE(upcasters.currentVersion(UserEvents::UserCreated), UserEvents::UserCreatedSchemaVersion);
    QCOMPARE(upcasters.currentVersion(UserEvents::UserDeleted), 1);

    const auto legacy = decodeEvents(u"USER_CREATED#1 username=old email=old@example.com"_s);
    QCOMPARE(legacy[0].storedSchemaVersion, 1);
    QCOMPARE(legacy[0].schemaVersion, 2);
    QCOMPARE(legacy[0].data.value(u"role"_s).toString(), u"user"_s);
    QCOMPARE(legacy[0].data.value(u"username"_s).toString(), u"old"_s);

    const auto admin = decodeEvents(u"USER_CREATED#1 username=old role=admin"_s);
    QCOMPARE(admin[0].data.value(u"role"_s).toString(), u"admin"_s);

    const auto current = decodeEvents(u"USER_CREATED username=new role=admin"_s);
    QCOMPARE(current[0].storedSchemaVersion, 2);
    QCOMPARE(current[0].data.value(u"role"_s).toString(), u"admin"_s);
}

void TestUserAggregate::reservations_data()
{
    QTest::addColumn<QString>("givenEvents");
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("expected");

    QTest::newRow("create claims folded names")
        << QString() << u"CreateUser username=Sarah.C email=Sarah@Example.COM password=longenough"_s
        << u"claim user.username sarah.c; claim user.email sarah@example.com"_s;
    QTest::newRow("email change moves the claim")
        << Created << u"ChangeEmail email=S.Connor@example.com"_s
        << u"claim user.email s.connor@example.com; release user.email sarah@example.com"_s;
    QTest::newRow("case-only email change keeps the claim")
        << Created << u"ChangeEmail email=SARAH@example.com"_s << QString();
    QTest::newRow("delete frees both") << Created << u"DeleteUser reason=gone"_s
                                       << u"release user.username sarah; release user.email sarah@example.com"_s;
    QTest::newRow("delete frees the current email")
        << Created % u"; USER_EMAIL_CHANGED@10:00 email=New@example.com previous_email=sarah@example.com"_s
        << u"DeleteUser reason=gone"_s << u"release user.username sarah; release user.email new@example.com"_s;
    QTest::newRow("name change claims nothing") << Created << u"ChangeName first_name=Kyle"_s << QString();
    QTest::newRow("login claims nothing") << Created << u"RecordLogin"_s << QString();
}

void TestUserAggregate::reservations()
{
    QFETCH(QString, givenEvents);
    QFETCH(QString, command);
    QFETCH(QString, expected);

    const auto user = given(givenEvents);
    const auto decided = when(*user, command);
    QVERIFY(decided.ok());
    QList<DecodedEvent> newEvents;
    for (const ProposedEvent& event : *decided) {
        DecodedEvent decoded;
        decoded.type = event.type;
        decoded.data = event.data;
        newEvents.append(decoded);
    }
    const QList<ReservationChange> changes = user->reservations(newEvents);
    QCOMPARE(describe(changes), expected);
    for (const ReservationChange& change : changes)
        QCOMPARE(change.ownerStreamId, UserId);
}

void TestUserAggregate::reservationsFollowABatch()
{
    // An import may hand over a whole history at once; each event sees the names as the previous ones left them.
    const auto user = given({});
    const auto batch = decodeEvents(withHash(Created
        % u"; USER_EMAIL_CHANGED@10:00 email=second@example.com; USER_UPDATED@11:00 email=Third@example.com; "
          u"USER_DELETED@12:00 reason=gone"_s));
    QCOMPARE(describe(user->reservations(batch)),
        u"claim user.username sarah; claim user.email sarah@example.com; "
        u"claim user.email second@example.com; release user.email sarah@example.com; "
        u"claim user.email third@example.com; release user.email second@example.com; "
        u"release user.username sarah; release user.email third@example.com"_s);
}

void TestUserAggregate::reservationConflictNamesTheRule()
{
    const UserAggregate user;
    const auto username = user.reservationConflict(u"user.username"_s, u"sarah"_s);
    QVERIFY(username.has_value());
    QCOMPARE(username->code, u"UsernameTaken"_s);
    QCOMPARE(username->kind, ErrorKind::DomainRuleViolated);
    QVERIFY(username->message.contains(u"sarah"_s));

    const auto email = user.reservationConflict(u"user.email"_s, u"sarah@example.com"_s);
    QVERIFY(email.has_value());
    QCOMPARE(email->code, u"EmailTaken"_s);
    QCOMPARE(email->kind, ErrorKind::DomainRuleViolated);

    QVERIFY(!user.reservationConflict(u"user.phone"_s, u"555"_s).has_value());
}

void TestUserAggregate::catalogRegistersTheUserDomain()
{
    const DomainCatalog& catalog = DomainCatalog::builtin();
    const AggregateDefinition* definition = catalog.aggregate(u"User"_s);
    QVERIFY(definition);
    QVERIFY(definition->uuidStreamIds);
    QCOMPARE(definition->maskedFields, QStringList {u"password_hash"_s});
    QCOMPARE(catalog.maskedFields(), QStringList {u"password_hash"_s});
    QCOMPARE(definition->commands.size(), 8);
    const auto aggregate = definition->create();
    QVERIFY(aggregate);
    QCOMPARE(aggregate->type(), u"User"_s);
    QVERIFY(dynamic_cast<UserAggregate*>(aggregate.get()));
    for (const CommandSpec& spec : definition->commands)
        QCOMPARE(spec.aggregateType, definition->type);
}

QTEST_GUILESS_MAIN(TestUserAggregate)
#include "tst_useraggregate.moc"

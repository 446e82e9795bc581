// SPDX-License-Identifier: GPL-3.0-or-later
#include "demoplan.h"
#include "util/uuid.h"

#include <algorithm>
#include <array>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

// The history runs from Monday 6 January 2025 to Monday 17 March 2025, when Sarah's account is deleted.
const Timestamp HistoryStart = *Timestamp::parse(u"2025-01-06T08:00:00Z");
const Timestamp DeletionMoment = *Timestamp::parse(u"2025-03-17T15:47:23Z");
constexpr qint64 Minute = 60;
constexpr qint64 Hour = 60 * Minute;
constexpr qint64 Day = 24 * Hour;

constexpr std::array FirstNames {"James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
    "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Karen", "Charles", "Sarah",
    "Maria", "Nikos", "Eleni", "Yuki", "Ahmed", "Fatima", "Lucas", "Sofia", "Mateo", "Chloe", "Arjun", "Priya", "Wei",
    "Mei", "Olga", "Ivan", "Amara", "Kwame", "Lena", "Jonas"};
constexpr std::array LastNames {"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
    "Rodriguez", "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson",
    "Martin", "Lee", "Papadopoulos", "Nakamura", "Haddad", "Silva", "Dubois", "Rossi", "Kowalski", "Novak", "Okafor",
    "Mensah", "Schmidt", "Larsen", "Chen", "Wang", "Kumar", "Patel", "Ivanova", "Costa", "Fischer"};
constexpr std::array UserAgents {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/134.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) Safari/605.1.15", "Mozilla/5.0 (X11; Linux x86_64) Chrome/132.0.0.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_2 like Mac OS X) Mobile/15E148",
    "Mozilla/5.0 (Linux; Android 15; Pixel 9) Chrome/132.0.0.0 Mobile"};
constexpr std::array DeletionReasons {
    "User requested account deletion", "Duplicate account", "Inactive for over a year", "GDPR erasure request"};

class PlanBuilder {
public:
    explicit PlanBuilder(const DemoOptions& options)
        : m_random(options.seed)
        , m_ids(options.seed ^ 0x9E3779B97F4A7C15ull)
    { }

    int newUser()
    {
        m_plan.streamIds.append(uuidText(m_ids.newV4()));
        return int(m_plan.streamIds.size()) - 1;
    }

    PlannedStep& add(Timestamp at, int user, const QString& name, QJsonObject fields, const QString& actor)
    {
        PlannedStep step;
        step.at = at;
        step.user = user;
        step.command.name = name;
        step.command.streamId = m_plan.streamIds.at(user);
        step.command.fields = std::move(fields);
        step.command.metadata.actor = actor;
        step.command.metadata.source = u"flashback-demo"_s;
        m_plan.steps.append(step);
        return m_plan.steps.last();
    }

    void create(Timestamp at, int user, const QString& first, const QString& last, const QString& username,
        const QString& email, const QString& password, const QString& role = u"user"_s, bool legacy = false)
    {
        auto& step = add(at, user, u"CreateUser"_s,
            {{u"username"_s, username}, {u"email"_s, email}, {u"first_name"_s, first}, {u"last_name"_s, last},
                {u"password"_s, password}, {u"role"_s, role}},
            u"signup-service"_s);
        step.legacyCreate = legacy;
    }

    void login(Timestamp at, int user, const QString& ip, const QString& agent, const QString& actor)
    {
        add(at, user, u"RecordLogin"_s, {{u"ip"_s, ip}, {u"user_agent"_s, agent}}, actor);
    }

    QString ordinaryIp() { return u"10.%1.%2.%3"_s.arg(pick(256)).arg(pick(256)).arg(1 + pick(254)); }
    QString agent() { return QString::fromLatin1(UserAgents[size_t(pick(int(UserAgents.size())))]); }
    int pick(int bound) { return int(std::uniform_int_distribution<int>(0, bound - 1)(m_random)); }
    qint64 pickSeconds(qint64 from, qint64 to) { return std::uniform_int_distribution<qint64>(from, to)(m_random); }
    bool chance(double p) { return std::bernoulli_distribution(p)(m_random); }

    DemoPlan& plan() { return m_plan; }

private:
    std::mt19937_64 m_random;
    IdGenerator m_ids;
    DemoPlan m_plan;
};

void addAdmins(PlanBuilder& b)
{
    const int admin = b.newUser();
    b.create(HistoryStart, admin, u"Alex"_s, u"Admin"_s, u"admin"_s, u"admin@company.com"_s, u"admin-password-1"_s,
        u"admin"_s);
}

void addWhoDeletedMyUser(PlanBuilder& b)
{
    const int sarah = b.newUser();
    b.plan().deletedUser = sarah;
    const QString self = u"sarah.connor@example.com"_s;
    const Timestamp created = HistoryStart.addSecs(7 * Day + 3 * Hour + 12 * Minute);
    b.create(created, sarah, u"Sarah"_s, u"Connor"_s, u"sarah.connor"_s, self, u"skynet-never-1984"_s);
    for (int i = 0; i < 48; ++i)
        b.login(created.addSecs(Hour + i * (Day + 37 * Minute)), sarah, u"10.20.30.40"_s,
            QString::fromLatin1(UserAgents[0]), self);
    b.add(created.addSecs(21 * Day), sarah, u"ChangeName"_s,
        {{u"first_name"_s, u"Sarah"_s}, {u"last_name"_s, u"Connor-Reese"_s}}, self);
    b.add(created.addSecs(28 * Day), sarah, u"ChangeEmail"_s, {{u"email"_s, u"sarah.reese@example.com"_s}},
        u"sarah.reese@example.com"_s);
    b.add(DeletionMoment, sarah, u"DeleteUser"_s, {{u"reason"_s, u"User requested account deletion"_s}},
        u"admin@company.com"_s);
    b.plan().deletedAt = DeletionMoment;
}

void addWhyWasMyAccountSuspended(PlanBuilder& b)
{
    const int marcus = b.newUser();
    b.plan().suspendedUser = marcus;
    const QString self = u"marcus.wright@example.com"_s;
    const Timestamp created = HistoryStart.addSecs(2 * Day + 10 * Hour);
    b.create(created, marcus, u"Marcus"_s, u"Wright"_s, u"marcus.wright"_s, self, u"hunter2-but-longer"_s);
    for (int i = 0; i < 30; ++i)
        b.login(created.addSecs(Hour + i * Day + b.pickSeconds(0, 2 * Hour)), marcus, u"10.1.2.3"_s,
            QString::fromLatin1(UserAgents[1]), self);
    // Monday 10 March 2025: a login from an address never seen before, then the fraud detector steps in.
    const Timestamp unusual = *Timestamp::parse(u"2025-03-10T15:45:12Z");
    b.login(unusual, marcus, u"203.0.113.77"_s, u"python-requests/2.31"_s, self);
    b.add(unusual.addSecs(2 * Minute + 11), marcus, u"SuspendUser"_s, {{u"reason"_s, u"fraud_detected"_s}},
        u"fraud-detector@company.com"_s);
    b.add(unusual.addSecs(Day - 5 * Hour), marcus, u"ReactivateUser"_s,
        {{u"reason"_s, u"Identity verified by phone; the login came from the user's new VPN"_s}},
        u"support@company.com"_s);
    b.login(unusual.addSecs(Day - 4 * Hour), marcus, u"10.1.2.3"_s, QString::fromLatin1(UserAgents[1]), self);
}

void addNameChangeConfusion(PlanBuilder& b)
{
    const int sarah = b.newUser();
    b.plan().renamedUser = sarah;
    const QString self = u"sarah.miller@example.com"_s;
    b.create(
        HistoryStart.addSecs(15 * Day), sarah, u"Sarah"_s, u"Miller"_s, u"sarah.miller"_s, self, u"miller-time-2025"_s);
    // Tuesday 15:47, the newest event of the history: the demo leaves the users read model one event behind it.
    b.login(*Timestamp::parse(u"2025-03-18T15:46:02Z"), sarah, u"10.9.8.7"_s, QString::fromLatin1(UserAgents[3]), self);
    b.add(*Timestamp::parse(u"2025-03-18T15:47:00Z"), sarah, u"ChangeName"_s,
        {{u"first_name"_s, u"Sara"_s}, {u"last_name"_s, u"Miller"_s}}, self);
}

void addSlowPasswordChange(PlanBuilder& b, int logins)
{
    const int john = b.newUser();
    b.plan().longStreamUser = john;
    const QString self = u"john.doe@example.com"_s;
    b.create(HistoryStart.addSecs(Hour), john, u"John"_s, u"Doe"_s, u"john.doe"_s, self, u"password-from-2019"_s);
    // A script that logs in all day: about every 10 minutes over the ten weeks.
    // Logins end before the password change, seven hours before Sarah's deletion.
    const qint64 span = DeletionMoment.addSecs(-7 * Hour).micros() - HistoryStart.addSecs(2 * Hour).micros();
    const qint64 step = logins > 0 ? span / logins : 0;
    for (int i = 0; i < logins; ++i)
        b.login(HistoryStart.addSecs(2 * Hour).addMicros(i * step + b.pickSeconds(0, 60) * 1000000), john,
            u"10.77.0.12"_s, u"sync-agent/4.2"_s, self);
    b.add(DeletionMoment.addSecs(-6 * Hour), john, u"ChangePassword"_s,
        {{u"current_password"_s, u"password-from-2019"_s}, {u"new_password"_s, u"correct-horse-battery"_s}}, self);
}

void addOrdinaryUser(PlanBuilder& b, int n)
{
    const int user = b.newUser();
    const QString first = QString::fromLatin1(FirstNames[size_t(b.pick(int(FirstNames.size())))]);
    const QString last = QString::fromLatin1(LastNames[size_t(b.pick(int(LastNames.size())))]);
    const QString handle = (first + u'.' + last).toLower() + QString::number(n);
    QString email = handle + u"@example.com"_s;
    QString password = u"demo-password-"_s + QString::number(n);
    // The first tenth were imported from the reference system: v1 USER_CREATED without a role.
    const bool legacy = n % 10 == 0;
    const qint64 historySeconds = (DeletionMoment.micros() - HistoryStart.micros()) / 1000000;
    Timestamp at = HistoryStart.addSecs(b.pickSeconds(Hour, historySeconds * 3 / 4));
    // Roles came after the reference system: its users are all plain users.
    const bool admin = b.chance(0.03) && !legacy;
    b.create(at, user, first, last, handle, email, password, admin ? u"admin"_s : u"user"_s, legacy);

    const int activity = 3 + b.pick(40);
    const int deleteAfter = b.chance(0.06) ? b.pick(activity) : -1; // a few accounts end deleted
    const QString ip = b.ordinaryIp();
    const QString agent = b.agent();
    for (int i = 0; i < activity; ++i) {
        at = at.addSecs(b.pickSeconds(10 * Minute, 3 * Day));
        if (at >= DeletionMoment)
            return;
        const int roll = i == deleteAfter ? 100 : b.pick(97);
        if (roll < 80) {
            b.login(at, user, ip, agent, email);
        } else if (roll < 85) {
            const QString newLast = last + u"-"_s + QString::number(i);
            if (legacy) {
                // The reference system's combined update: null means "unchanged".
                PlannedStep& step = b.add(at, user, QString(), QJsonObject(), email);
                step.legacyType = u"USER_UPDATED"_s;
                step.legacyData = QJsonObject {{u"first_name"_s, QJsonValue(QJsonValue::Null)},
                    {u"last_name"_s, newLast}, {u"email"_s, QJsonValue(QJsonValue::Null)}};
            } else {
                b.add(at, user, u"ChangeName"_s, {{u"last_name"_s, newLast}}, email);
            }
        } else if (roll < 89) {
            email = handle + u"."_s + QString::number(i) + u"@example.org"_s;
            b.add(at, user, u"ChangeEmail"_s, {{u"email"_s, email}}, email);
        } else if (roll < 94) {
            const QString newPassword = u"demo-password-"_s + QString::number(n) + u"-v"_s + QString::number(i);
            b.add(at, user, u"ChangePassword"_s, {{u"current_password"_s, password}, {u"new_password"_s, newPassword}},
                email);
            password = newPassword;
        } else if (roll < 97) {
            b.add(at, user, u"SuspendUser"_s, {{u"reason"_s, u"Too many failed logins"_s}},
                u"security-bot@company.com"_s);
            b.add(at.addSecs(b.pickSeconds(Hour, 2 * Day)), user, u"ReactivateUser"_s,
                {{u"reason"_s, u"Password reset completed"_s}}, u"support@company.com"_s);
            at = at.addSecs(2 * Day);
        } else {
            const bool self = b.chance(0.5);
            b.add(at, user, u"DeleteUser"_s,
                {{u"reason"_s, QString::fromLatin1(DeletionReasons[size_t(b.pick(int(DeletionReasons.size())))])}},
                self ? email : u"admin@company.com"_s);
            return;
        }
    }
}

} // namespace

DemoPlan buildDemoPlan(const DemoOptions& options)
{
    PlanBuilder builder(options);
    addAdmins(builder);
    addWhoDeletedMyUser(builder);
    addWhyWasMyAccountSuspended(builder);
    addNameChangeConfusion(builder);
    addSlowPasswordChange(builder, options.longStreamLogins);
    for (int n = 1; n <= options.users; ++n)
        addOrdinaryUser(builder, n);
    auto& steps = builder.plan().steps;
    std::stable_sort(
        steps.begin(), steps.end(), [](const PlannedStep& a, const PlannedStep& b) { return a.at < b.at; });
    return std::move(builder.plan());
}

} // namespace flashback

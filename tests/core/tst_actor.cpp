// SPDX-License-Identifier: GPL-3.0-or-later
// Who a command is recorded as when nobody says: $FLASHBACK_ACTOR, else the login name from $USER, $LOGNAME or,
// when a container sets neither, the password database entry of the effective user.
#include "util/actor.h"

#include <QSysInfo>
#include <QTest>

#include <pwd.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace flashback;

class ActorTest : public QObject {
    Q_OBJECT

    QByteArray m_user, m_logname, m_actor;

private Q_SLOTS:
    void initTestCase()
    {
        m_user = qgetenv("USER");
        m_logname = qgetenv("LOGNAME");
        m_actor = qgetenv("FLASHBACK_ACTOR");
    }
    void cleanup()
    {
        const auto restore = [](const char* name, const QByteArray& value) {
            if (value.isNull())
                qunsetenv(name);
            else
                qputenv(name, value);
        };
        restore("USER", m_user);
        restore("LOGNAME", m_logname);
        restore("FLASHBACK_ACTOR", m_actor);
    }

    void theEnvironmentComesFirst()
    {
        qunsetenv("FLASHBACK_ACTOR");
        qputenv("USER", "ana");
        qputenv("LOGNAME", "someone-else");
        QCOMPARE(operatingSystemUser(), u"ana"_s);
        QCOMPARE(defaultActor(), u"ana@"_s + QSysInfo::machineHostName());
        qunsetenv("USER");
        QCOMPARE(operatingSystemUser(), u"someone-else"_s);
        qputenv("FLASHBACK_ACTOR", "support@example.com");
        QCOMPARE(defaultActor(), u"support@example.com"_s);
    }

    void withoutUserOrLognameThePasswordDatabaseAnswers()
    {
        qunsetenv("FLASHBACK_ACTOR");
        qunsetenv("USER");
        qunsetenv("LOGNAME");
        const passwd* entry = getpwuid(geteuid());
        if (!entry)
            QSKIP("this user has no password database entry");
        const QString name = QString::fromLocal8Bit(entry->pw_name);
        QCOMPARE(operatingSystemUser(), name);
        QCOMPARE(defaultActor(), name + u'@' + QSysInfo::machineHostName());
        QVERIFY(!defaultActor().startsWith(u"unknown@"_s));
    }
};

QTEST_GUILESS_MAIN(ActorTest)
#include "tst_actor.moc"

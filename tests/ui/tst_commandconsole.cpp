// SPDX-License-Identifier: GPL-3.0-or-later
// The Command console in the real window, offscreen, against a real demo store on SQLite and on PostgreSQL
// (FLASHBACK_TEST_BACKEND): a form for every command, checked as it is typed; a dry run that writes nothing;
// command mode and its banner; execute, with the new event selected at once; domain errors by their codes; a
// read-only session that runs dry runs only; the history kept per store without secrets.

#include "demowindowtest.h"
#include "domain/user/useraggregate.h"
#include "domain/user/userevents.h"
#include "models/commandhistorymodel.h"
#include "models/diffmodel.h"
#include "models/eventlistmodel.h"
#include "models/selection.h"
#include "panes/commandconsole.h"
#include "panes/eventspane.h"
#include "store/storeopener.h"
#include "storefootprint.h"
#include "widgets/commandformwidget.h"
#include "widgets/commandmodebanner.h"
#include "widgets/commandoutcomeview.h"
#include "windowactions.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QToolButton>

using namespace Qt::StringLiterals;
using namespace flashback;

class CommandConsoleTest : public test::DemoWindowTest {
    Q_OBJECT

    QString footprintOf(EventStore& store, const QStringList& emails = {}, const QStringList& usernames = {})
    {
        QList<std::pair<QString, QString>> keys;
        for (const QString& email : emails)
            keys.append({QString(UserAggregate::EmailScope), email});
        for (const QString& username : usernames)
            keys.append({QString(UserAggregate::UsernameScope), username});
        return test::footprint(store, keys, {});
    }

    static void type(CommandConsole* console, const QString& field, const QString& text)
    {
        QWidget* editor = console->form()->editor(field);
        QVERIFY2(editor, qPrintable(field));
        if (auto* box = qobject_cast<QPlainTextEdit*>(editor)) {
            box->setPlainText(text);
        } else if (auto* line = qobject_cast<QLineEdit*>(editor)) {
            line->clear();
            QTest::keyClicks(line, text);
        } else if (auto* choice = qobject_cast<QComboBox*>(editor)) {
            choice->setCurrentText(text);
        }
    }

    static bool waitForOutcome(CommandConsole* console)
    {
        return QTest::qWaitFor(
            [&] {
                const auto kind = console->outcome()->kind();
                return kind != CommandOutcomeView::Kind::Busy && console->dryRunButton()->isEnabled();
            },
            Deadline);
    }

    static QStringList changedPaths(CommandConsole* console)
    {
        QStringList paths;
        for (const JsonChange& change : console->outcome()->changes()->changes())
            paths.append(change.path);
        paths.sort();
        return paths;
    }

    CommandConsole* consoleOf(MainWindow& window)
    {
        window.actions()->commandConsole->trigger();
        return window.commandConsole();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(makeDemoStore()); }

    void everyCommandGetsAFormFromItsDescription()
    {
        auto w = openWindow({}, false);
        QVERIFY(w);
        CommandConsole* console = consoleOf(w->window);
        for (const CommandSpec& spec : DomainCatalog::builtin().commands()) {
            console->chooseCommand(spec.name);
            QCOMPARE(console->commandChoice()->currentData().toString(), spec.name);
            for (const FieldSpec& field : spec.fields) {
                QWidget* editor = console->form()->editor(field.name);
                QVERIFY2(editor, qPrintable(spec.name + u'.' + field.name));
                switch (field.type) {
                case FieldType::Password:
                    QCOMPARE(qobject_cast<QLineEdit*>(editor)->echoMode(), QLineEdit::Password);
                    break;
                case FieldType::Text:
                    QVERIFY(qobject_cast<QPlainTextEdit*>(editor));
                    break;
                case FieldType::Enum:
                    QCOMPARE(qobject_cast<QComboBox*>(editor)->findText(field.choices.constLast()) >= 0, true);
                    break;
                case FieldType::Boolean:
                    QVERIFY(qobject_cast<QCheckBox*>(editor));
                    break;
                default:
                    QCOMPARE(qobject_cast<QLineEdit*>(editor)->echoMode(), QLineEdit::Normal);
                }
            }
            // A command with its own reason field records it as the events' reason: no second box.
            QCOMPARE(console->reasonField()->isHidden(), spec.field(u"reason"_s) != nullptr);
        }
    }

    void fieldsAreCheckedAsTheyAreTyped()
    {
        auto w = openWindow({}, false);
        QVERIFY(w);
        CommandConsole* console = consoleOf(w->window);
        console->chooseCommand(u"CreateUser"_s);
        CommandFormWidget* form = console->form();
        QCOMPARE(form->shownProblem(u"username"_s), QString()); // untouched: not red yet
        type(console, u"username"_s, u"ab"_s);
        QCOMPARE(form->shownProblem(u"username"_s), u"3 to 64 letters, digits, dots, underscores or hyphens."_s);
        QTest::keyClicks(form->editor(u"username"_s), u"c"_s);
        QCOMPARE(form->shownProblem(u"username"_s), QString());
        type(console, u"password"_s, u"short"_s);
        QCOMPARE(form->shownProblem(u"password"_s), u"At least 8 characters."_s);
        QCOMPARE(form->shownProblem(u"email"_s), QString());
        // Asking for a dry run shows every problem and sends nothing.
        console->dryRunButton()->click();
        QCOMPARE(form->shownProblem(u"email"_s), u"Required."_s);
        QCOMPARE(console->outcome()->kind(), CommandOutcomeView::Kind::Failed);
        QVERIFY2(console->outcome()->headline()->text().contains(u"Not sent."_s),
            qPrintable(console->outcome()->headline()->text()));
        QCOMPARE(console->history()->rowCount(), 0);
    }

    void aDryRunShowsWhatItWouldDoAndWritesNothing()
    {
        auto store = observer();
        QVERIFY(store);
        auto w = openWindow({}, false);
        QVERIFY(w);
        MainWindow& window = w->window;
        CommandConsole* console = consoleOf(window);
        QAbstractItemModelTester events(
            console->outcome()->events(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester changes(
            console->outcome()->changes(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        window.selection()->openStreams({m_demo.renamedUserId}, 1);
        console->chooseCommand(u"ChangeName"_s);
        QCOMPARE(console->streamField()->text(), m_demo.renamedUserId); // aimed at the selected stream
        type(console, u"first_name"_s, u"Sarah-Jane"_s);
        console->reasonField()->setText(u"ticket 4711"_s);
        const QString before = footprintOf(*store);

        console->dryRunButton()->click();
        QVERIFY(waitForOutcome(console));
        QCOMPARE(console->outcome()->kind(), CommandOutcomeView::Kind::DryRun);
        QVERIFY2(console->outcome()->headline()->text().contains(u"Nothing was written."_s),
            qPrintable(console->outcome()->headline()->text()));
        QCOMPARE(console->outcome()->events()->rowCount(), 1);
        QCOMPARE(console->outcome()->events()->item(0, CommandOutcomeView::TypeColumn)->text(),
            QString(UserEvents::UserNameChanged));
        QCOMPARE(changedPaths(console), (QStringList {u"first_name"_s, u"updated_at"_s}));
        QCOMPARE(footprintOf(*store), before);

        // A new user with a password: the hash is masked in what is shown, and nothing is reserved.
        console->chooseCommand(u"CreateUser"_s);
        type(console, u"username"_s, u"dry.run.user"_s);
        type(console, u"email"_s, u"dry.run@example.com"_s);
        type(console, u"password"_s, u"never-stored-1"_s);
        const QString beforeCreate = footprintOf(*store, {u"dry.run@example.com"_s}, {u"dry.run.user"_s});
        console->dryRun();
        QVERIFY(waitForOutcome(console));
        QCOMPARE(console->outcome()->kind(), CommandOutcomeView::Kind::DryRun);
        const QString data = console->outcome()->events()->item(0, CommandOutcomeView::DataColumn)->text();
        QVERIFY2(
            data.contains(u"\"password_hash\":\"••••••\""_s) && !data.contains(u"pbkdf2_sha256$"_s), qPrintable(data));
        QVERIFY2(console->outcome()->headline()->text().contains(u"claims user.email"_s),
            qPrintable(console->outcome()->headline()->text()));
        QCOMPARE(footprintOf(*store, {u"dry.run@example.com"_s}, {u"dry.run.user"_s}), beforeCreate);
        QCOMPARE(console->history()->rowCount(), 2);
        QCOMPARE(console->history()->entries().constFirst().outcome, IssuedCommand::Outcome::DryRun);
    }

    void executeNeedsCommandModeAndSelectsTheNewEventAtOnce()
    {
        auto store = observer();
        QVERIFY(store);
        auto w = openWindow({}, false);
        QVERIFY(w);
        MainWindow& window = w->window;
        CommandConsole* console = consoleOf(window);
        window.selection()->openStreams({m_demo.renamedUserId}, 1);
        QVERIFY(QTest::qWaitFor([&] { return window.eventsPane()->model()->rowCount() > 1; }, Deadline));
        const qint64 revision = store->stream(m_demo.renamedUserId)->value().revision;
        console->chooseCommand(u"ChangeName"_s);
        type(console, u"last_name"_s, u"Connor-%1"_s.arg(revision));
        console->reasonField()->setText(u"ticket 4712"_s);

        QVERIFY(!console->commandMode());
        QVERIFY(!console->executeButton()->isEnabled());
        QVERIFY(console->notice()->text().contains(u"command mode"_s));
        const QString before = footprintOf(*store);
        console->execute(); // refused outside command mode
        QCOMPARE(console->outcome()->kind(), CommandOutcomeView::Kind::Failed);
        QCOMPARE(footprintOf(*store), before);

        window.actions()->commandMode->trigger();
        QVERIFY(console->commandMode());
        QVERIFY(console->modeSwitch()->isChecked());
        QVERIFY(window.commandModeBanner()->isVisible());
        QVERIFY(window.commandModeBanner()->text()->text().contains(window.session()->store().address.toHtmlEscaped()));
        QVERIFY(console->executeButton()->isEnabled());

        console->executeButton()->click();
        QVERIFY(waitForOutcome(console));
        QCOMPARE(console->outcome()->kind(), CommandOutcomeView::Kind::Executed);
        QCOMPARE(store->stream(m_demo.renamedUserId)->value().revision, revision + 1);
        // The new event is selected in the window as soon as the list has it.
        QVERIFY(QTest::qWaitFor([&] { return window.selection()->revision() == revision + 1; }, Deadline));
        QCOMPARE(window.selection()->currentStream(), m_demo.renamedUserId);
        QVERIFY(QTest::qWaitFor([&] { return window.eventsPane()->model()->rowCount() == revision + 1; }, Deadline));
        QVERIFY(QTest::qWaitFor([&] { return console->outcome()->changes()->rowCount() > 0; }, Deadline));
        QCOMPARE(changedPaths(console), (QStringList {u"last_name"_s, u"updated_at"_s}));
        const IssuedCommand issued = console->history()->entries().constFirst();
        QCOMPARE(issued.outcome, IssuedCommand::Outcome::Executed);
        QCOMPARE(issued.revision, revision + 1);

        // Leaving command mode from the banner turns Execute off again.
        window.commandModeBanner()->leaveButton()->click();
        QVERIFY(!console->commandMode());
        QVERIFY(!window.commandModeBanner()->isVisible());
        QVERIFY(!window.actions()->commandMode->isChecked());
        QVERIFY(!console->executeButton()->isEnabled());
    }

    void domainErrorsShowByTheirCode()
    {
        auto store = observer();
        QVERIFY(store);
        auto w = openWindow({}, false);
        QVERIFY(w);
        MainWindow& window = w->window;
        CommandConsole* console = consoleOf(window);
        console->setCommandMode(true);
        QVERIFY(console->commandMode());

        // Sarah was deleted by admin@company.com: deleting her again is refused by the aggregate.
        window.selection()->openStreams({m_demo.deletedUserId}, 1);
        console->chooseCommand(u"DeleteUser"_s);
        QCOMPARE(console->streamField()->text(), m_demo.deletedUserId);
        type(console, u"reason"_s, u"once more"_s);
        const QString before = footprintOf(*store);
        console->execute();
        QVERIFY(waitForOutcome(console));
        QCOMPARE(console->outcome()->kind(), CommandOutcomeView::Kind::Failed);
        QVERIFY2(console->outcome()->headline()->text().startsWith(u"UserAlreadyDeleted: "_s),
            qPrintable(console->outcome()->headline()->text()));
        QCOMPARE(footprintOf(*store), before);
        QCOMPARE(console->history()->entries().constFirst().errorCode, u"UserAlreadyDeleted"_s);

        // A new user, then a second one with the same email: the reservation is held by the first.
        const QString email = u"console.%1@example.com"_s.arg(onPostgres() ? u"pg"_s : u"lite"_s);
        console->chooseCommand(u"CreateUser"_s);
        QVERIFY(console->streamField()->text().isEmpty()); // a new stream
        type(console, u"username"_s, u"console.first"_s);
        type(console, u"email"_s, email);
        type(console, u"password"_s, u"first-password-1"_s);
        console->execute();
        QVERIFY(waitForOutcome(console));
        QCOMPARE(console->outcome()->kind(), CommandOutcomeView::Kind::Executed);
        const QString created = console->history()->entries().constFirst().resultStream;
        QVERIFY(!created.isEmpty());
        QVERIFY(QTest::qWaitFor([&] { return window.selection()->currentStream() == created; }, Deadline));
        QCOMPARE(window.selection()->revision(), 1);

        console->chooseCommand(u"CreateUser"_s);
        type(console, u"username"_s, u"console.second"_s);
        type(console, u"email"_s, email);
        type(console, u"password"_s, u"second-password-2"_s);
        console->dryRun();
        QVERIFY(waitForOutcome(console));
        QVERIFY2(console->outcome()->headline()->text().startsWith(u"EmailTaken: "_s),
            qPrintable(console->outcome()->headline()->text()));
        const QString beforeSecond = footprintOf(*store, {email}, {u"console.second"_s});
        console->execute();
        QVERIFY(waitForOutcome(console));
        QVERIFY2(console->outcome()->headline()->text().startsWith(u"EmailTaken: "_s),
            qPrintable(console->outcome()->headline()->text()));
        QCOMPARE(footprintOf(*store, {email}, {u"console.second"_s}), beforeSecond);
    }

    void aReadOnlySessionRunsDryRunsOnly()
    {
        auto store = observer();
        QVERIFY(store);
        auto w = openWindow({}, true);
        QVERIFY(w);
        MainWindow& window = w->window;
        QVERIFY(window.session()->store().readOnly);
        CommandConsole* console = consoleOf(window);
        QVERIFY(!console->modeSwitch()->isEnabled());
        QVERIFY(!window.actions()->commandMode->isEnabled());
        console->setCommandMode(true);
        QVERIFY(!console->commandMode());
        QVERIFY(!window.commandModeBanner()->isVisible());
        QVERIFY2(console->notice()->text().contains(u"read-only"_s), qPrintable(console->notice()->text()));
        QVERIFY(!console->executeButton()->isEnabled());

        window.selection()->openStreams({m_demo.suspendedUserId}, 1);
        console->chooseCommand(u"RecordLogin"_s);
        type(console, u"ip"_s, u"10.0.0.7"_s);
        const QString before = footprintOf(*store);
        console->dryRun(); // reading is allowed
        QVERIFY(waitForOutcome(console));
        QVERIFY(console->outcome()->kind() == CommandOutcomeView::Kind::DryRun
            || console->outcome()->headline()->text().startsWith(u"UserSuspended: "_s));
        console->execute();
        QCOMPARE(console->outcome()->kind(), CommandOutcomeView::Kind::Failed);
        QVERIFY(console->outcome()->headline()->text().contains(u"read-only"_s));
        QCOMPARE(footprintOf(*store), before);
    }

    void theHistoryIsKeptPerStoreWithoutSecrets()
    {
        const QString settingsFile = m_dir.filePath(u"history.ini"_s);
        const QString secret = u"kept-nowhere-%1"_s.arg(onPostgres() ? 1 : 2);
        QString created;
        {
            Window w(settingsFile);
            QSignalSpy opened(w.window.session(), &StoreSession::opened);
            w.window.controller()->openAddress(m_store, false);
            QVERIFY(opened.wait(Deadline));
            CommandConsole* console = consoleOf(w.window);
            console->setCommandMode(true);
            console->chooseCommand(u"CreateUser"_s);
            type(console, u"username"_s, u"history.user"_s);
            type(console, u"email"_s, u"history.%1@example.com"_s.arg(onPostgres() ? u"pg"_s : u"lite"_s));
            type(console, u"password"_s, secret);
            console->actorField()->setText(u"dev@laptop"_s);
            console->execute();
            QVERIFY(waitForOutcome(console));
            QCOMPARE(console->outcome()->kind(), CommandOutcomeView::Kind::Executed);
            // The secret was used once and is not kept even in the form.
            QCOMPARE(qobject_cast<QLineEdit*>(console->form()->editor(u"password"_s))->text(), QString());
            created = console->history()->entries().constFirst().resultStream;
            console->saveTemplate(u"New test user"_s);
        }
        QFile file(settingsFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray written = file.readAll();
        QVERIFY(written.contains("history.user"));
        QVERIFY(!written.contains(secret.toUtf8()));

        // After a restart: the same store's history, re-issued with the secret to type again.
        Window again(settingsFile);
        QSignalSpy opened(again.window.session(), &StoreSession::opened);
        again.window.controller()->openAddress(m_store, false);
        QVERIFY(opened.wait(Deadline));
        CommandConsole* console = consoleOf(again.window);
        QAbstractItemModelTester tester(console->history(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(console->history()->rowCount(), 1);
        const IssuedCommand issued = console->history()->entries().constFirst();
        QCOMPARE(issued.command, u"CreateUser"_s);
        QCOMPARE(issued.resultStream, created);
        QCOMPARE(issued.actor, u"dev@laptop"_s);
        QCOMPARE(issued.secretFields, QStringList {u"password"_s});
        const QString line = console->cliLine(issued);
        QVERIFY2(line.startsWith(u"flashback-cli --store "_s) && line.contains(u"command CreateUser"_s)
                && line.contains(u"--set password=-"_s) && !line.contains(secret),
            qPrintable(line));
        console->reissue(issued);
        QCOMPARE(console->commandChoice()->currentData().toString(), u"CreateUser"_s);
        QCOMPARE(qobject_cast<QLineEdit*>(console->form()->editor(u"username"_s))->text(), u"history.user"_s);
        QCOMPARE(qobject_cast<QLineEdit*>(console->form()->editor(u"password"_s))->text(), QString());
        QCOMPARE(console->form()->form().problem(u"password"_s), u"Required."_s);
        const QList<IssuedCommand> templates = again.settings.commandTemplates();
        QCOMPARE(templates.size(), 1);
        QCOMPARE(templates.constFirst().name, u"New test user"_s);
        QVERIFY(templates.constFirst().streamId.isEmpty());
        QVERIFY(templates.constFirst().secretFields.isEmpty());
    }
};

QTEST_MAIN(CommandConsoleTest)
#include "tst_commandconsole.moc"

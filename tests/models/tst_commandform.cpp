// SPDX-License-Identifier: GPL-3.0-or-later
// The console's model side: a form for every built-in command, checked as it is typed; the commands issued
// without their secrets, as JSON and as a flashback-cli command line; the history as a table model.

#include "domain/domaincatalog.h"
#include "models/commandform.h"
#include "models/commandhistorymodel.h"
#include "models/issuedcommand.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;

namespace {

/// A value each field type accepts, so that a form of any command can be completed.
QString validText(const FieldSpec& field)
{
    switch (field.type) {
    case FieldType::Email:
        return u"ada@example.com"_s;
    case FieldType::Password:
        return u"correct horse battery"_s;
    case FieldType::Enum:
        return field.choices.constFirst();
    case FieldType::Integer:
        return u"42"_s;
    case FieldType::Boolean:
        return u"true"_s;
    case FieldType::String:
        return field.name == u"username"_s ? u"ada.l"_s : u"Ada"_s;
    case FieldType::Text:
        return u"ticket 4711"_s;
    }
    return {};
}

const CommandSpec& commandSpec(const QString& name)
{
    return *DomainCatalog::builtin().command(name);
}

} // namespace

class CommandFormTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyBuiltInCommandHasAFormThatCompletes()
    {
        const QList<CommandSpec> commands = DomainCatalog::builtin().commands();
        QVERIFY(commands.size() >= 8);
        for (const CommandSpec& spec : commands) {
            CommandForm form(spec);
            QCOMPARE(form.spec().name, spec.name);
            bool anyRequired = false;
            for (const FieldSpec& field : spec.fields) {
                if (field.required && field.type != FieldType::Boolean && field.defaultValue.isUndefined()) {
                    anyRequired = true;
                    QCOMPARE(form.problem(field.name), u"Required."_s);
                } else {
                    QVERIFY2(form.problem(field.name).isEmpty(), qPrintable(spec.name + u'.' + field.name));
                }
            }
            QCOMPARE(form.isComplete(), !anyRequired);
            for (const FieldSpec& field : spec.fields)
                form.setText(field.name, validText(field));
            QVERIFY2(form.isComplete(), qPrintable(spec.name));
            auto fields = form.fields();
            QVERIFY2(fields.ok(), qPrintable(spec.name));
            // What the form makes is what the spec itself accepts, defaults filled in.
            auto validated = spec.validate(*fields);
            QVERIFY(validated.ok());
            QCOMPARE(*fields, *validated);
            for (const FieldSpec& field : spec.fields) {
                QCOMPARE(form.publicFields().contains(field.name), !field.isSecret());
                QCOMPARE(form.givenSecrets().contains(field.name), field.isSecret());
            }
        }
    }

    void problemsAreSaidAsTheyAreTyped_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("problem"); // empty: fine

        QTest::newRow("username too short") << u"CreateUser"_s << u"username"_s << u"ab"_s
                                            << u"3 to 64 letters, digits, dots, underscores or hyphens."_s;
        QTest::newRow("username with a space") << u"CreateUser"_s << u"username"_s << u"ada l"_s
                                               << u"3 to 64 letters, digits, dots, underscores or hyphens."_s;
        QTest::newRow("username fine, edge spaces ignored")
            << u"CreateUser"_s << u"username"_s << u" ada.l "_s << QString();
        QTest::newRow("email without a domain")
            << u"CreateUser"_s << u"email"_s << u"sarah@"_s << u"Not a well-formed email address."_s;
        QTest::newRow("email fine") << u"ChangeEmail"_s << u"email"_s << u"sarah.connor@example.com"_s << QString();
        QTest::newRow("email blank") << u"ChangeEmail"_s << u"email"_s << u"   "_s << u"Required."_s;
        QTest::newRow("password too short")
            << u"CreateUser"_s << u"password"_s << u"short"_s << u"At least 8 characters."_s;
        QTest::newRow("password of 8 characters") << u"CreateUser"_s << u"password"_s << u"12345678"_s << QString();
        QTest::newRow("new password too short")
            << u"ChangePassword"_s << u"new_password"_s << u"1234567"_s << u"At least 8 characters."_s;
        QTest::newRow("role not a choice") << u"CreateUser"_s << u"role"_s << u"boss"_s << u"One of: user, admin."_s;
        QTest::newRow("role admin") << u"CreateUser"_s << u"role"_s << u"admin"_s << QString();
        QTest::newRow("required reason blank") << u"DeleteUser"_s << u"reason"_s << u" \n "_s << u"Required."_s;
        QTest::newRow("required reason") << u"SuspendUser"_s << u"reason"_s << u"fraud_detected"_s << QString();
        QTest::newRow("optional reason empty") << u"ReactivateUser"_s << u"reason"_s << QString() << QString();
        QTest::newRow("optional name empty") << u"ChangeName"_s << u"first_name"_s << QString() << QString();
        QTest::newRow("an injection is only text")
            << u"ChangeName"_s << u"last_name"_s << u"'); DROP TABLE events; --"_s << QString();
    }

    void problemsAreSaidAsTheyAreTyped()
    {
        QFETCH(QString, command);
        QFETCH(QString, field);
        QFETCH(QString, text);
        QFETCH(QString, problem);
        CommandForm form(commandSpec(command));
        form.setText(field, text);
        QCOMPARE(form.problem(field), problem);
        if (!problem.isEmpty()) {
            auto fields = form.fields();
            QVERIFY(!fields.ok());
            QCOMPARE(fields.error().kind, ErrorKind::InvalidArgument);
            // The first field with a problem, in the form's order: here or one left empty before it.
            const QString named = fields.error().context.value(u"field"_s).toString();
            QVERIFY2(!form.problem(named).isEmpty(), qPrintable(named));
            QVERIFY(commandSpec(command).field(named));
        }
    }

    void anEmptyOptionalFieldIsLeftOutSoItsDefaultApplies()
    {
        CommandForm form(commandSpec(u"CreateUser"_s));
        QCOMPARE(form.text(u"role"_s), u"user"_s); // the default shown as chosen
        form.setText(u"username"_s, u"ada.l"_s);
        form.setText(u"email"_s, u"ada@example.com"_s);
        form.setText(u"password"_s, u"correct horse"_s);
        form.setText(u"role"_s, QString());
        auto fields = form.fields();
        QVERIFY(fields.ok());
        QVERIFY(!fields->contains(u"first_name"_s));
        QCOMPARE(fields->value(u"role"_s).toString(), u"user"_s);
        QCOMPARE(fields->value(u"password"_s).toString(), u"correct horse"_s);
    }

    void fillingKeepsNoSecretAndIgnoresWhatTheCommandDoesNotHave()
    {
        CommandForm form(commandSpec(u"ChangePassword"_s));
        form.setText(u"current_password"_s, u"old secret 1"_s);
        form.fill(QJsonObject {
            {u"current_password"_s, u"leaked?"_s}, {u"new_password"_s, u"leaked too"_s}, {u"nonsense"_s, 1}});
        QCOMPARE(form.text(u"current_password"_s), QString());
        QCOMPARE(form.text(u"new_password"_s), QString());
        QVERIFY(form.givenSecrets().isEmpty());

        CommandForm name(commandSpec(u"ChangeName"_s));
        name.fill(QJsonObject {{u"first_name"_s, u"Sara"_s}, {u"last_name"_s, u"Connor"_s}});
        QCOMPARE(name.text(u"first_name"_s), u"Sara"_s);
        QCOMPARE(name.publicFields(), (QJsonObject {{u"first_name"_s, u"Sara"_s}, {u"last_name"_s, u"Connor"_s}}));
    }

    void anIssuedCommandKeepsNoSecretAndReadsBack()
    {
        CommandForm form(commandSpec(u"CreateUser"_s));
        form.setText(u"username"_s, u"ada.l"_s);
        form.setText(u"email"_s, u"ada@example.com"_s);
        form.setText(u"password"_s, u"hunter2-but-longer"_s);
        IssuedCommand issued;
        issued.at = QDateTime(QDate(2026, 12, 2), QTime(21, 0, 0, 125), Qt::UTC);
        issued.command = u"CreateUser"_s;
        issued.fields = form.publicFields();
        issued.secretFields = form.givenSecrets();
        issued.actor = u"dev@laptop"_s;
        issued.reason = u"try it out"_s;
        issued.outcome = IssuedCommand::Outcome::Failed;
        issued.dryRun = true;
        issued.errorCode = u"EmailTaken"_s;
        issued.errorMessage = u"The email address 'ada@example.com' is already used by another user."_s;
        const QByteArray json = QJsonDocument(issued.toJson()).toJson();
        QVERIFY(!json.contains("hunter2"));
        QVERIFY(json.contains("\"secret_fields\""));
        auto back = IssuedCommand::fromJson(QJsonDocument::fromJson(json).object());
        QVERIFY(back);
        QCOMPARE(*back, issued);
        QVERIFY(!IssuedCommand::fromJson(QJsonObject {{u"actor"_s, u"x"_s}})); // no command: not an entry
    }

    void aCommandLineDoesTheSameInTheCli()
    {
        IssuedCommand issued;
        issued.command = u"ChangeName"_s;
        issued.streamId = u"3fa30134-602f-40b0-9e3d-1a6abfc94584"_s;
        issued.fields = QJsonObject {{u"last_name"_s, u"O'Brien"_s}};
        issued.actor = u"support@company.com"_s;
        issued.reason = u"ticket 4711: wrong name"_s;
        QCOMPARE(issued.cliLine(u"/tmp/my store.flashback"_s),
            u"flashback-cli --store '/tmp/my store.flashback' command ChangeName "
            u"--stream 3fa30134-602f-40b0-9e3d-1a6abfc94584 --set 'last_name=O'\\''Brien' "
            u"--actor support@company.com --reason 'ticket 4711: wrong name'"_s);
        IssuedCommand secret;
        secret.command = u"ChangePassword"_s;
        secret.streamId = u"u-1"_s;
        secret.secretFields = {u"current_password"_s, u"new_password"_s};
        secret.dryRun = true;
        QCOMPARE(secret.cliLine(u"postgresql://ops@db/events"_s),
            u"flashback-cli --store postgresql://ops@db/events command ChangePassword --stream u-1 "
            u"--set current_password=- --set new_password=- --dry-run"_s);
        // A value typed with a trailing Enter is quoted, newline and all: the line still ends with --dry-run.
        IssuedCommand suspend;
        suspend.command = u"SuspendUser"_s;
        suspend.streamId = u"u-2"_s;
        suspend.fields = QJsonObject {{u"reason"_s, u"fraud\n"_s}};
        suspend.dryRun = true;
        QCOMPARE(suspend.cliLine(u"/tmp/s.flashback"_s),
            u"flashback-cli --store /tmp/s.flashback command SuspendUser --stream u-2 --set 'reason=fraud\n' "
            u"--dry-run"_s);
    }

    void theHistoryIsATableNewestFirst()
    {
        CommandHistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        IssuedCommand done;
        done.at = QDateTime(QDate(2026, 12, 2), QTime(21, 5), Qt::UTC);
        done.command = u"ChangeName"_s;
        done.streamId = u"u-1"_s;
        done.resultStream = u"u-1"_s;
        done.outcome = IssuedCommand::Outcome::Executed;
        done.revision = 53;
        IssuedCommand failed = done;
        failed.outcome = IssuedCommand::Outcome::Failed;
        failed.dryRun = true;
        failed.errorCode = u"NothingToChange"_s;
        IssuedCommand created;
        created.command = u"CreateUser"_s;
        model.setEntries({done, failed, created});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, CommandHistoryModel::OutcomeColumn).data().toString(), u"executed → r53"_s);
        QCOMPARE(model.index(1, CommandHistoryModel::OutcomeColumn).data().toString(), u"NothingToChange (dry run)"_s);
        QCOMPARE(model.index(2, CommandHistoryModel::StreamColumn).data().toString(), u"(new stream)"_s);
        model.setUtc(true);
        QVERIFY(model.index(0, CommandHistoryModel::TimeColumn).data().toString().contains(u"21:05"_s));
        QCOMPARE(model.entry(model.index(1, 0))->errorCode, u"NothingToChange"_s);
        QVERIFY(!model.entry({}));
        model.setEntries({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(CommandFormTest)
#include "tst_commandform.moc"

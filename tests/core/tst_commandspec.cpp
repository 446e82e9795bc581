// SPDX-License-Identifier: GPL-3.0-or-later
#include "commands/commandspec.h"
#include "domain/domaincatalog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;

namespace {

FieldSpec makeField(const QString& name, FieldType type, QJsonValue defaultValue = QJsonValue::Undefined)
{
    FieldSpec spec;
    spec.name = name;
    spec.type = type;
    spec.defaultValue = defaultValue;
    if (type == FieldType::Enum)
        spec.choices = QStringList {u"red"_s, u"green"_s};
    return spec;
}

// One field of every type, so each row of the tables below can name the field it exercises.
CommandSpec everyType()
{
    CommandSpec spec;
    spec.name = u"Paint"_s;
    spec.aggregateType = u"Canvas"_s;
    spec.fields = {
        makeField(u"title"_s, FieldType::String),
        makeField(u"notes"_s, FieldType::Text),
        makeField(u"email"_s, FieldType::Email),
        makeField(u"secret"_s, FieldType::Password),
        makeField(u"colour"_s, FieldType::Enum, u"red"_s),
        makeField(u"count"_s, FieldType::Integer, 1),
        makeField(u"glossy"_s, FieldType::Boolean),
    };
    return spec;
}

QJsonObject json(const char* text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

} // namespace

class TestCommandSpec : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fieldTypeNames();
    void fieldLookup();
    void validate_data();
    void validate();
    void validateFillsDefaults();
    void validateKeepsNull();
    void parseValue_data();
    void parseValue();
    void userSpecsDescribeTheDomain();
};

void TestCommandSpec::fieldTypeNames()
{
    QCOMPARE(fieldTypeName(FieldType::String), u"string"_s);
    QCOMPARE(fieldTypeName(FieldType::Text), u"text"_s);
    QCOMPARE(fieldTypeName(FieldType::Email), u"email"_s);
    QCOMPARE(fieldTypeName(FieldType::Password), u"password"_s);
    QCOMPARE(fieldTypeName(FieldType::Enum), u"enum"_s);
    QCOMPARE(fieldTypeName(FieldType::Integer), u"integer"_s);
    QCOMPARE(fieldTypeName(FieldType::Boolean), u"boolean"_s);
}

void TestCommandSpec::fieldLookup()
{
    const CommandSpec spec = everyType();
    QVERIFY(spec.field(u"count"_s));
    QCOMPARE(spec.field(u"count"_s)->type, FieldType::Integer);
    QVERIFY(!spec.field(u"Count"_s));
    QVERIFY(spec.field(u"secret"_s)->isSecret());
    QVERIFY(!spec.field(u"title"_s)->isSecret());
}

void TestCommandSpec::validate_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("badField"); // empty: valid

    QTest::newRow("empty") << "{}"_ba << QString();
    QTest::newRow("all valid") << R"({"title":"t","notes":"n","email":"a@b.c","secret":"s","colour":"green",
                                     "count":3,"glossy":false})"_ba
                               << QString();
    QTest::newRow("unknown field") << R"({"titel":"t"})"_ba << u"titel"_s;
    QTest::newRow("string given a number") << R"({"title":5})"_ba << u"title"_s;
    QTest::newRow("text given a bool") << R"({"notes":true})"_ba << u"notes"_s;
    QTest::newRow("email given an array") << R"({"email":["a@b.c"]})"_ba << u"email"_s;
    QTest::newRow("password given a number") << R"({"secret":1234})"_ba << u"secret"_s;
    QTest::newRow("enum not a choice") << R"({"colour":"blue"})"_ba << u"colour"_s;
    QTest::newRow("enum case matters") << R"({"colour":"Red"})"_ba << u"colour"_s;
    QTest::newRow("enum given a number") << R"({"colour":1})"_ba << u"colour"_s;
    QTest::newRow("integer given text") << R"({"count":"3"})"_ba << u"count"_s;
    QTest::newRow("integer given a fraction") << R"({"count":2.5})"_ba << u"count"_s;
    QTest::newRow("integer negative") << R"({"count":-7})"_ba << QString();
    QTest::newRow("boolean given text") << R"({"glossy":"true"})"_ba << u"glossy"_s;
    QTest::newRow("boolean given a number") << R"({"glossy":1})"_ba << u"glossy"_s;
}

void TestCommandSpec::validate()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, badField);

    const auto result = everyType().validate(QJsonDocument::fromJson(input).object());
    if (badField.isEmpty()) {
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().toString()));
        return;
    }
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::InvalidArgument);
    QCOMPARE(result.error().code, u"InvalidArgument"_s);
    QCOMPARE(result.error().context.value(u"command"_s).toString(), u"Paint"_s);
    QCOMPARE(result.error().context.value(u"field"_s).toString(), badField);
    QVERIFY(result.error().message.contains(badField));
}

void TestCommandSpec::validateFillsDefaults()
{
    const auto filled = everyType().validate(json(R"({"title":"t"})"));
    QVERIFY(filled.ok());
    QCOMPARE(filled->value(u"colour"_s).toString(), u"red"_s);
    QCOMPARE(filled->value(u"count"_s).toInteger(), 1);
    QVERIFY(!filled->contains(u"glossy"_s)); // no default: stays absent
    QCOMPARE(filled->value(u"title"_s).toString(), u"t"_s);

    const auto given = everyType().validate(json(R"({"colour":"green","count":9})"));
    QVERIFY(given.ok());
    QCOMPARE(given->value(u"colour"_s).toString(), u"green"_s);
    QCOMPARE(given->value(u"count"_s).toInteger(), 9);
}

void TestCommandSpec::validateKeepsNull()
{
    // null means "not given" to aggregates (Command::has), so it passes every type check.
    const auto result = everyType().validate(json(R"({"count":null,"colour":null})"));
    QVERIFY(result.ok());
    QVERIFY(result->value(u"count"_s).isNull());
    QVERIFY(result->value(u"colour"_s).isNull());
}

void TestCommandSpec::parseValue_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QJsonValue>("expected");

    QTest::newRow("string verbatim") << u"title"_s << u"  Hello, world "_s << true << QJsonValue(u"  Hello, world "_s);
    QTest::newRow("string that looks like a number") << u"title"_s << u"42"_s << true << QJsonValue(u"42"_s);
    QTest::newRow("text") << u"notes"_s << u"line one\nline two"_s << true << QJsonValue(u"line one\nline two"_s);
    QTest::newRow("email") << u"email"_s << u"a@b.c"_s << true << QJsonValue(u"a@b.c"_s);
    QTest::newRow("password") << u"secret"_s << u"hunter22"_s << true << QJsonValue(u"hunter22"_s);
    QTest::newRow("enum choice") << u"colour"_s << u"green"_s << true << QJsonValue(u"green"_s);
    QTest::newRow("enum not a choice") << u"colour"_s << u"blue"_s << false << QJsonValue();
    QTest::newRow("integer") << u"count"_s << u"42"_s << true << QJsonValue(42);
    QTest::newRow("integer padded") << u"count"_s << u" -7 "_s << true << QJsonValue(-7);
    QTest::newRow("integer large") << u"count"_s << u"9007199254740000"_s << true
                                   << QJsonValue(qint64(9007199254740000));
    QTest::newRow("integer fraction") << u"count"_s << u"2.5"_s << false << QJsonValue();
    QTest::newRow("integer words") << u"count"_s << u"three"_s << false << QJsonValue();
    QTest::newRow("boolean true") << u"glossy"_s << u"true"_s << true << QJsonValue(true);
    QTest::newRow("boolean YES") << u"glossy"_s << u"YES"_s << true << QJsonValue(true);
    QTest::newRow("boolean 1") << u"glossy"_s << u"1"_s << true << QJsonValue(true);
    QTest::newRow("boolean false") << u"glossy"_s << u"False"_s << true << QJsonValue(false);
    QTest::newRow("boolean no") << u"glossy"_s << u"no"_s << true << QJsonValue(false);
    QTest::newRow("boolean 0") << u"glossy"_s << u" 0"_s << true << QJsonValue(false);
    QTest::newRow("boolean maybe") << u"glossy"_s << u"maybe"_s << false << QJsonValue();
    QTest::newRow("unknown field") << u"size"_s << u"3"_s << false << QJsonValue();
}

void TestCommandSpec::parseValue()
{
    QFETCH(QString, field);
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QJsonValue, expected);

    const auto result = everyType().parseValue(field, text);
    QCOMPARE(result.ok(), ok);
    if (ok) {
        QCOMPARE(*result, expected);
    } else {
        QCOMPARE(result.error().kind, ErrorKind::InvalidArgument);
        QCOMPARE(result.error().context.value(u"field"_s).toString(), field);
    }
}

void TestCommandSpec::userSpecsDescribeTheDomain()
{
    const DomainCatalog& catalog = DomainCatalog::builtin();
    QStringList names;
    for (const CommandSpec& spec : catalog.commands()) {
        names.append(spec.name);
        QCOMPARE(spec.aggregateType, u"User"_s);
    }
    QCOMPARE(names,
        QStringList({u"CreateUser"_s, u"ChangeName"_s, u"ChangeEmail"_s, u"ChangePassword"_s, u"SuspendUser"_s,
            u"ReactivateUser"_s, u"RecordLogin"_s, u"DeleteUser"_s}));

    const CommandSpec* create = catalog.command(u"createuser"_s); // names match case-insensitively
    QVERIFY(create);
    QVERIFY(create->createsStream);
    QCOMPARE(create->field(u"role"_s)->type, FieldType::Enum);
    QCOMPARE(create->field(u"role"_s)->choices, QStringList({u"user"_s, u"admin"_s}));
    QVERIFY(create->field(u"password"_s)->isSecret());
    QCOMPARE(create->field(u"email"_s)->type, FieldType::Email);
    const auto filled = create->validate(json(R"({"username":"sarah","email":"s@x.io","password":"longenough"})"));
    QVERIFY(filled.ok());
    QCOMPARE(filled->value(u"role"_s).toString(), u"user"_s);
    QVERIFY(!create->validate(json(R"({"role":"root"})")).ok());

    const CommandSpec* change = catalog.command(u"ChangePassword"_s);
    QVERIFY(change && !change->createsStream);
    QVERIFY(change->field(u"current_password"_s)->isSecret());
    QVERIFY(change->field(u"new_password"_s)->isSecret());
    // Presentation only: a reason is required on the form, but the rule (ReasonRequired) is the aggregate's.
    QVERIFY(catalog.command(u"DeleteUser"_s)->field(u"reason"_s)->required);
    QVERIFY(!catalog.command(u"ReactivateUser"_s)->field(u"reason"_s)->required);
    QVERIFY(catalog.command(u"DeleteUser"_s)->validate({}).ok());
}

QTEST_GUILESS_MAIN(TestCommandSpec)
#include "tst_commandspec.moc"

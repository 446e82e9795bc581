// SPDX-License-Identifier: GPL-3.0-or-later
// The incident report on every backend: what it covers, the event under scrutiny, the state before and after with
// what changed, field histories, the long-range gap, masking (never a stored secret in either format), the
// password-free store address, the errors for a bad request, and both formats written safely.
#include "domain/domaincatalog.h"
#include "eventscript.h"
#include "report/incidentreport.h"
#include "report/incidentreportformat.h"
#include "report/reportfile.h"
#include "resultcheck.h"
#include "storefixture.h"
#include "util/jsonmasking.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;
using namespace flashback::test;

namespace {

const QString Hash = u"pbkdf2_sha256$600000$c2FsdA$secret-hash-value"_s;

/// Sarah: created (with a password hash), a login, a name change, a suspension with a reason full of markup,
/// and her deletion.
QList<NewEvent> sarahsEvents()
{
    return eventScript(u"USER_CREATED@2025-03-17T09:00 actor=signup {\"user_id\":\"u1\",\"username\":\"sarah\","
                       u"\"email\":\"sarah@example.com\",\"first_name\":\"Sarah\",\"last_name\":\"Connor\","
                       u"\"password_hash\":\"%1\"}; "
                       u"USER_LOGGED_IN@10:00 actor=sarah {\"ip\":\"10.0.0.1\"}; "
                       u"USER_NAME_CHANGED@11:00 actor=sarah {\"last_name\":\"Reese\"}; "
                       u"USER_SUSPENDED@12:00 actor=fraud-bot reason=a|b_*<script>x</script> {\"reason\":\"fraud\"}; "
                       u"USER_DELETED@15:47 actor=admin@company.com reason=User_requested_account_deletion "
                       u"{\"reason\":\"User requested account deletion\"}"_s.arg(Hash));
}

/// The cells of each Markdown table row whose first cell is `first` (pipes escaped with \ do not split).
QStringList markdownRow(const QString& markdown, const QString& first)
{
    for (const QString& line : markdown.split(u'\n')) {
        if (!line.startsWith(u"| "_s))
            continue;
        QStringList cells = line.mid(1, line.size() - 2).split(QRegularExpression(u"(?<!\\\\)\\|"_s));
        for (QString& cell : cells)
            cell = cell.trimmed();
        if (!cells.isEmpty() && cells.constFirst() == first)
            return cells;
    }
    return {};
}

QString eventsSection(const QString& markdown)
{
    return markdown.mid(markdown.indexOf(u"\n## Events\n"_s));
}

} // namespace

class IncidentReportTest : public QObject {
    Q_OBJECT

private:
    StoreFixture m_fixture;
    std::unique_ptr<EventStore> m_store;

    Result<IncidentReport> report(IncidentReportRequest request)
    {
        return buildIncidentReport(*m_store, DomainCatalog::builtin(), request);
    }

    static IncidentReportRequest sarah()
    {
        IncidentReportRequest request;
        request.streamId = u"user-sarah"_s;
        request.storeAddress = u"postgresql://support:s3cr3t-pw@db.example.com:5432/users"_s;
        return request;
    }

private Q_SLOTS:
    void init()
    {
        m_store = m_fixture.createStore();
        QVERIFY(m_store->append(u"user-sarah"_s, u"User"_s, ExpectedRevision::noStream(), sarahsEvents()).ok());
    }

    void theDeletionWithItsStateBeforeAndAfter()
    {
        auto built = report(sarah());
        QVERIFY2(built.ok(), why(built).constData());
        QCOMPARE(built->aggregateType, u"User"_s);
        QCOMPARE(built->fromRevision, 1);
        QCOMPARE(built->toRevision, 5);
        QCOMPARE(built->headRevision, 5);
        QCOMPARE(built->events.size(), 5);
        QCOMPARE(built->omittedCount, 0);
        QCOMPARE(built->chosen.type, u"USER_DELETED"_s);
        QCOMPARE(built->chosen.actor, u"admin@company.com"_s);
        QCOMPARE(built->chosen.reason, u"User requested account deletion"_s);
        QCOMPARE(built->stateBefore.value(u"status"_s).toString(), u"suspended"_s);
        QCOMPARE(built->stateAfter.value(u"status"_s).toString(), u"deleted"_s);
        bool statusChanged = false;
        for (const JsonChange& change : std::as_const(built->changes))
            statusChanged = statusChanged || (change.path == u"status"_s && change.after == u"deleted"_s);
        QVERIFY(statusChanged);
        // No field named: the history of what the deletion changed, the status among them.
        QVERIFY(!built->histories.isEmpty());
        const auto status = std::find_if(built->histories.cbegin(), built->histories.cend(),
            [](const IncidentFieldHistory& history) { return history.path == u"status"_s; });
        QVERIFY(status != built->histories.cend());
        QCOMPARE(status->changes.size(), 3); // active, suspended, deleted
        QCOMPARE(status->changes.constLast().actor, u"admin@company.com"_s);

        const QString markdown = incidentReportText(*built, IncidentReportFormat::Markdown);
        // The state table (in "What it changed" the kind comes first): the changed field marked.
        QCOMPARE(markdownRow(markdown, u"**`status`**"_s),
            (QStringList {u"**`status`**"_s, u"**`\"suspended\"`**"_s, u"**`\"deleted\"`**"_s}));
        const QStringList deletedRow = markdownRow(eventsSection(markdown), u"**5**"_s);
        QCOMPARE(deletedRow.size(), 6); // marked: the event under scrutiny
        QCOMPARE(deletedRow.at(2), u"**`USER_DELETED`**"_s);
    }

    void secretsStayMaskedInBothFormats()
    {
        IncidentReportRequest request = sarah();
        request.toRevision = 1; // the creation: the hash is in the state after and in what changed
        request.fields = QStringList {u"password_hash"_s, u"email"_s};
        request.maskedKeys = QStringList {u"email"_s};
        auto built = report(request);
        QVERIFY2(built.ok(), why(built).constData());
        QVERIFY(built->stateBefore.isEmpty());
        QCOMPARE(built->stateAfter.value(u"password_hash"_s).toString(), QString::fromUtf16(MaskPlaceholder));
        QCOMPARE(built->stateAfter.value(u"email"_s).toString(), QString::fromUtf16(MaskPlaceholder));
        QCOMPARE(built->histories.size(), 2);
        QCOMPARE(built->histories.constFirst().changes.size(), 1);
        QCOMPARE(
            built->histories.constFirst().changes.constFirst().after.toString(), QString::fromUtf16(MaskPlaceholder));
        for (const auto format : {IncidentReportFormat::Markdown, IncidentReportFormat::Html}) {
            const QString text = incidentReportText(*built, format);
            QVERIFY(!text.contains(u"secret-hash-value"_s));
            QVERIFY(!text.contains(u"sarah@example.com"_s));
            QVERIFY(!text.contains(u"s3cr3t-pw"_s)); // the store address without its password
            QVERIFY(text.contains(u"db.example.com"_s));
            QVERIFY(text.contains(u"no events yet"_s));
        }
    }

    void markupInTheDataCannotBreakOut()
    {
        IncidentReportRequest request = sarah();
        request.toRevision = 4;
        auto built = report(request);
        QVERIFY2(built.ok(), why(built).constData());
        QCOMPARE(built->chosen.reason, u"a|b *<script>x</script>"_s);
        const QString html = incidentReportText(*built, IncidentReportFormat::Html);
        QVERIFY(!html.contains(u"<script>"_s));
        QVERIFY(html.contains(u"&lt;script&gt;"_s));
        QVERIFY(html.startsWith(u"<!DOCTYPE html>"_s));
        QVERIFY(!html.contains(u"http"_s)); // self-contained: nothing fetched
        const QString markdown = incidentReportText(*built, IncidentReportFormat::Markdown);
        const QStringList row = markdownRow(eventsSection(markdown), u"**4**"_s);
        QCOMPARE(row.size(), 6); // the pipe in the reason did not add a column
        QCOMPARE(row.at(4), u"**a\\|b \\*\\<script\\>x\\</script\\>**"_s);
    }

    void aLongRangeListsItsEndsAndSaysWhatItLeftOut()
    {
        QList<NewEvent> logins;
        for (int i = 0; i < 25; ++i)
            logins.append(makeEvent(u"USER_LOGGED_IN"_s, {{u"ip"_s, u"10.0.1.%1"_s.arg(i)}}, u"sarah"_s));
        QVERIFY(m_store->append(u"user-sarah"_s, u"User"_s, ExpectedRevision::exact(5), logins).ok());
        IncidentReportRequest request = sarah();
        request.fromRevision = 2;
        request.toRevision = 28;
        request.maxEvents = 10;
        auto built = report(request);
        QVERIFY2(built.ok(), why(built).constData());
        QCOMPARE(built->headRevision, 30);
        QCOMPARE(built->events.size(), 10);
        QCOMPARE(built->events.constFirst().revision, 2);
        QCOMPARE(built->events.at(4).revision, 6);
        QCOMPARE(built->events.at(5).revision, 24);
        QCOMPARE(built->events.constLast().revision, 28);
        QCOMPARE(built->omittedAfterRevision, 6);
        QCOMPARE(built->omittedCount, 17);
        QVERIFY(incidentReportText(*built, IncidentReportFormat::Markdown)
                    .contains(u"17 events not listed (revisions 7 to 23)"_s));
        // A login changes no field the request names: that history is there, told in full.
        QCOMPARE(built->chosen.type, u"USER_LOGGED_IN"_s);
    }

    void aFieldNeverSetSaysSo()
    {
        IncidentReportRequest request = sarah();
        request.fields = QStringList {u"address.city"_s, u" last_name "_s, u"last_name"_s};
        auto built = report(request);
        QVERIFY2(built.ok(), why(built).constData());
        QCOMPARE(built->histories.size(), 2);
        QVERIFY(built->histories.constFirst().changes.isEmpty());
        QCOMPARE(built->histories.at(1).changes.size(), 2); // Connor, then Reese
        QVERIFY(incidentReportText(*built, IncidentReportFormat::Markdown).contains(u"No event of this stream"_s));
    }

    void aBadRequestIsAnErrorNotAReport()
    {
        IncidentReportRequest request = sarah();
        request.streamId = u"user-nobody"_s;
        QCOMPARE(report(request).error().code, u"StreamNotFound"_s);
        request = sarah();
        request.toRevision = 6;
        QCOMPARE(report(request).error().code, u"RevisionNotFound"_s);
        request.toRevision = 2;
        request.fromRevision = 3;
        QCOMPARE(report(request).error().category(), ErrorCategory::Usage);
        request.fromRevision = 0;
        QCOMPARE(report(request).error().category(), ErrorCategory::Usage);
        std::atomic<bool> cancel = true;
        QCOMPARE(buildIncidentReport(*m_store, DomainCatalog::builtin(), sarah(), &cancel).error().kind,
            ErrorKind::Cancelled);
    }

    void theFileIsWrittenWholeOrNotAtAll()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"report.html"_s);
        QVERIFY(writeReportFile(path, u"first ✓"_s).ok());
        QFile written(path);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(written.readAll()), u"first ✓"_s);
        const Status refused = writeReportFile(dir.filePath(u"no/such/folder/report.md"_s), u"x"_s);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, u"OutputNotWritable"_s);
        QVERIFY(refused.error().message.contains(u"no/such/folder"_s));
    }
};

QTEST_GUILESS_MAIN(IncidentReportTest)
#include "tst_incidentreport.moc"

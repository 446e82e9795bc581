// SPDX-License-Identifier: GPL-3.0-or-later
// How text becomes search terms and how a typed query reads: data-driven over the values a support engineer
// searches for (emails, usernames, IPs, UUIDs, phrases, prefixes), odd punctuation, an injection string and
// nothing at all. The rendered FTS5, LIKE and tsquery forms are what the backends run.
#include "search/searchterms.h"
#include "search/textquery.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace flashback;

using Clause = TextQuery::Clause;
Q_DECLARE_METATYPE(QList<TextQuery::Clause>)

namespace QTest {
template <> char* toString(const TextQuery::Clause& clause)
{
    const QString text = u'[' + clause.terms.join(u' ') + (clause.prefix ? u"]*"_s : u"]"_s);
    return qstrdup(text.toUtf8().constData());
}
} // namespace QTest

class SearchTermsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void words_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("words");
        QTest::newRow("email") << u"sarah.connor@example.com"_s << QStringList {u"sarah.connor@example.com"_s};
        QTest::newRow("email in a sentence, any case")
            << u"Email: Sarah.Connor@Example.COM."_s << QStringList {u"email"_s, u"sarah.connor@example.com"_s};
        QTest::newRow("plus address") << u"sarah+test@example.com"_s << QStringList {u"sarah+test@example.com"_s};
        QTest::newRow("ipv4") << u"from 10.0.0.1,"_s << QStringList {u"from"_s, u"10.0.0.1"_s};
        QTest::newRow("ip and port") << u"192.168.1.20:8080"_s << QStringList {u"192.168.1.20:8080"_s};
        QTest::newRow("ipv6") << u"fe80::1"_s << QStringList {u"fe80::1"_s};
        QTest::newRow("uuid") << u"(0195a4c9-caf8-7bfb-ac21-c43263c8e7a1)"_s
                              << QStringList {u"0195a4c9-caf8-7bfb-ac21-c43263c8e7a1"_s};
        QTest::newRow("username") << u"@sarah_connor-2"_s << QStringList {u"sarah_connor-2"_s};
        QTest::newRow("accents") << u"José Müller Ærø"_s << QStringList {u"jose"_s, u"muller"_s, u"ærø"_s};
        QTest::newRow("joiners at the edges")
            << u"--verbose ...done. _x_"_s << QStringList {u"verbose"_s, u"done"_s, u"x"_s};
        QTest::newRow("apostrophe separates") << u"O'Brien's"_s << QStringList {u"o"_s, u"brien"_s, u"s"_s};
        QTest::newRow("injection") << u"'; DROP TABLE events; --"_s << QStringList {u"drop"_s, u"table"_s, u"events"_s};
        QTest::newRow("no letters") << u"•••••• -- ✓ ..."_s << QStringList {};
        QTest::newRow("empty") << QString() << QStringList {};
        QTest::newRow("a decomposition that brings a space") << u"bob\u037A"_s << QStringList {u"bob"_s};
        QTest::newRow("a fraction is two numbers") << u"\u00BD"_s << QStringList {u"1"_s, u"2"_s};
        QTest::newRow("lower case that adds a mark") << u"\u0130stanbul"_s << QStringList {u"istanbul"_s};
        QTest::newRow("letters outside the BMP")
            << u"\U0001D400\U0001D401 \U00020000x"_s << QStringList {u"ab"_s, u"\U00020000x"_s};
        QTest::newRow("other scripts") << u"Пользователь удалён 用户"_s
                                       << QStringList {u"пользователь"_s, u"удален"_s, u"用户"_s};
    }
    void words()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, words);
        QCOMPARE(SearchTerms::words(text), words);
    }

    void partsOf_data()
    {
        QTest::addColumn<QString>("word");
        QTest::addColumn<QStringList>("parts");
        QTest::newRow("email") << u"sarah.connor@example.com"_s
                               << QStringList {u"sarah.connor"_s, u"example.com"_s, u"sarah"_s, u"connor"_s,
                                      u"example"_s, u"com"_s};
        QTest::newRow("email, one-run local part")
            << u"admin@company.com"_s << QStringList {u"company.com"_s, u"admin"_s, u"company"_s, u"com"_s};
        QTest::newRow("ip") << u"10.0.0.1"_s << QStringList {u"10"_s, u"0"_s, u"0"_s, u"1"_s};
        QTest::newRow("username") << u"sarah_connor"_s << QStringList {u"sarah"_s, u"connor"_s};
        QTest::newRow("plain word") << u"deleted"_s << QStringList {};
        QTest::newRow("doubled joiners") << u"a..b"_s << QStringList {u"a"_s, u"b"_s};
    }
    void partsOf()
    {
        QFETCH(QString, word);
        QFETCH(QStringList, parts);
        QCOMPARE(SearchTerms::partsOf(word), parts);
    }

    void documentTermsKeepWordsInOrderThenParts()
    {
        QCOMPARE(SearchTerms::documentTerms(u"Deleted by admin@company.com today"_s),
            (QStringList {u"deleted"_s, u"by"_s, u"admin@company.com"_s, u"today"_s, u"company.com"_s, u"admin"_s,
                u"company"_s, u"com"_s}));
        QCOMPARE(SearchTerms::storedForm({u"a"_s, u"b"_s}), u" a b "_s);
        QCOMPARE(SearchTerms::storedForm({}), u" "_s);
        QCOMPARE(SearchTerms::documentForm(u"by admin@company.com"_s, 100),
            u" by admin@company.com | company.com admin company com "_s);
        QCOMPARE(SearchTerms::documentForm(u"plain words"_s, 100), u" plain words "_s);
        QCOMPARE(SearchTerms::documentForm(u"a b admin@company.com"_s, 4), u" a b admin@company.com | company.com "_s);
    }

    void parse_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QList<Clause>>("clauses");
        QTest::newRow("email") << u"sarah.connor@example.com"_s
                               << QList<Clause> {{{u"sarah.connor@example.com"_s}, false}};
        QTest::newRow("words") << u"User  deleted"_s << QList<Clause> {{{u"user"_s}, false}, {{u"deleted"_s}, false}};
        QTest::newRow("phrase and prefix")
            << u"\"account deletion\" admin*"_s
            << QList<Clause> {{{u"account"_s, u"deletion"_s}, false}, {{u"admin"_s}, true}};
        QTest::newRow("phrase prefix") << u"\"sarah con\"*"_s << QList<Clause> {{{u"sarah"_s, u"con"_s}, true}};
        QTest::newRow("prefix of a joined word") << u"sarah.con*"_s << QList<Clause> {{{u"sarah.con"_s}, true}};
        QTest::newRow("open quote") << u"\"unterminated phrase"_s
                                    << QList<Clause> {{{u"unterminated"_s, u"phrase"_s}, false}};
        QTest::newRow("a word the index splits is a phrase")
            << u"O'Brien"_s << QList<Clause> {{{u"o"_s, u"brien"_s}, false}};
        QTest::newRow("repeats once") << u"sarah Sarah"_s << QList<Clause> {{{u"sarah"_s}, false}};
        QTest::newRow("operators are words")
            << u"sarah AND NOT bob"_s
            << QList<Clause> {{{u"sarah"_s}, false}, {{u"and"_s}, false}, {{u"not"_s}, false}, {{u"bob"_s}, false}};
        QTest::newRow("injection") << u"x' OR '1'='1\"; DROP TABLE events; --"_s
                                   << QList<Clause> {{{u"x"_s}, false}, {{u"or"_s}, false}, {{u"1"_s, u"1"_s}, false},
                                          {{u"drop"_s, u"table"_s, u"events"_s}, false}};
        QTest::newRow("only a star") << u"*"_s << QList<Clause> {};
        QTest::newRow("only punctuation") << u"\"\" ;; --"_s << QList<Clause> {};
        QTest::newRow("empty") << QString() << QList<Clause> {};
    }
    void parse()
    {
        QFETCH(QString, typed);
        QFETCH(QList<Clause>, clauses);
        const TextQuery query = TextQuery::parse(typed);
        QCOMPARE(query.clauses(), clauses);
        QCOMPARE(query.isEmpty(), clauses.isEmpty());
    }

    void matches_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<bool>("matches");
        QTest::newRow("a word") << u"deletion"_s << true;
        QTest::newRow("a phrase") << u"\"account deletion\""_s << true;
        QTest::newRow("a phrase out of order") << u"\"deletion account\""_s << false;
        QTest::newRow("every clause") << u"admin deletion"_s << true;
        QTest::newRow("one clause missing") << u"admin sarah"_s << false;
        QTest::newRow("the whole email") << u"admin@company.com"_s << true;
        QTest::newRow("the domain") << u"company.com"_s << true;
        QTest::newRow("a part") << u"company"_s << true;
        QTest::newRow("a prefix") << u"compan*"_s << true;
        QTest::newRow("a prefix of the whole email") << u"admin@comp*"_s << true;
        QTest::newRow("the middle of a word is no prefix") << u"ompany*"_s << false;
        QTest::newRow("a longer word") << u"deletions"_s << false;
        QTest::newRow("a shorter word") << u"delet"_s << false;
        QTest::newRow("any case, any accent") << u"DÉLETION"_s << true;
        QTest::newRow("nothing asked") << QString() << true;
        QTest::newRow("a phrase of parts") << u"\"user deleted\""_s << true;
        QTest::newRow("no phrase across the words and the parts") << u"\"connor user\""_s << false;
        QTest::newRow("a phrase of words") << u"\"admin@company.com connor\""_s << true;
    }
    void matches()
    {
        QFETCH(QString, typed);
        QFETCH(bool, matches);
        const QString stored = SearchTerms::documentForm(
            u"USER_DELETED User requested account deletion admin@company.com connor"_s, 100);
        QCOMPARE(TextQuery::parse(typed).matches(stored), matches);
    }

    void renderedForms()
    {
        const TextQuery query = TextQuery::parse(u"\"account deletion\" admin_* 100%"_s);
        QCOMPARE(query.fts5Expression(), u"\"account deletion\" \"admin\"* \"100\""_s);
        QCOMPARE(query.likePatterns(), (QStringList {u"% account deletion %"_s, u"% admin%"_s, u"% 100 %"_s}));
        QCOMPARE(query.tsquery(), u"'account' & 'deletion' & 'admin':* & '100'"_s);
        QCOMPARE(query.terms(), (QStringList {u"account"_s, u"deletion"_s, u"admin"_s, u"100"_s}));
        const TextQuery underscore = TextQuery::parse(u"sarah_connor"_s);
        QCOMPARE(underscore.likePatterns(), QStringList {u"% sarah\\_connor %"_s});
    }
};

QTEST_GUILESS_MAIN(SearchTermsTest)
#include "tst_searchterms.moc"

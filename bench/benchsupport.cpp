// SPDX-License-Identifier: GPL-3.0-or-later
#include "benchsupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QLocale>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <cstdlib>

using namespace Qt::StringLiterals;

namespace flashback::bench {

void fail(const QString& message)
{
    QTextStream(stderr) << QCoreApplication::applicationName() << ": " << message << Qt::endl;
    std::exit(1);
}

qint64 numberOption(const QCommandLineParser& parser, const QCommandLineOption& option, qint64 min, qint64 max)
{
    bool ok = false;
    const qint64 value = parser.value(option).toLongLong(&ok);
    if (!ok || value < min || value > max)
        fail(u"--%1 needs a number from %2 to %3"_s.arg(option.names().constFirst()).arg(min).arg(max));
    return value;
}

QTemporaryDir makeWorkFolder(const QString& parent)
{
    const QString base = parent.isEmpty() ? QDir::tempPath() : parent;
    QTemporaryDir folder(base + u'/' + QCoreApplication::applicationName() + u"-XXXXXX"_s);
    if (!folder.isValid())
        fail(u"cannot create a temporary folder: "_s + folder.errorString());
    return folder;
}

void removeStoreFiles(const QString& path)
{
    for (const auto& suffix : {u""_s, u"-wal"_s, u"-shm"_s, u"-journal"_s})
        QFile::remove(path + suffix);
}

QByteArray loadMigrationSql()
{
    QDir dir(u":/flashback/migrations/sqlite"_s);
    const QStringList files = dir.entryList({u"*.sql"_s}, QDir::Files, QDir::Name);
    if (files.isEmpty())
        fail(u"the migration scripts are not built into flashback_core"_s);
    QByteArray script;
    for (const QString& name : files) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            fail(u"cannot read "_s + name);
        script += file.readAll() + '\n';
    }
    return script;
}

RawSqlite::RawSqlite(const QString& path)
{
    if (sqlite3_open(QFile::encodeName(path).constData(), &m_db) != SQLITE_OK)
        fail(u"cannot open "_s + path);
    exec("PRAGMA journal_mode = WAL");
    exec("PRAGMA synchronous = NORMAL");
    exec("PRAGMA cache_size = -32768"); // as the store sets it
}

RawSqlite::~RawSqlite()
{
    for (sqlite3_stmt* statement : m_statements)
        sqlite3_finalize(statement);
    sqlite3_close(m_db);
}

void RawSqlite::exec(const char* sql)
{
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
        failWithError();
}

sqlite3_stmt* RawSqlite::prepare(const char* sql)
{
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) != SQLITE_OK)
        failWithError();
    m_statements.push_back(statement);
    return statement;
}

void RawSqlite::step(sqlite3_stmt* statement)
{
    if (sqlite3_step(statement) != SQLITE_DONE)
        failWithError();
    sqlite3_reset(statement);
}

void RawSqlite::failWithError() const
{
    fail(u"raw baseline: "_s + QString::fromUtf8(sqlite3_errmsg(m_db)));
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

Percentiles percentiles(std::vector<double> micros)
{
    std::sort(micros.begin(), micros.end());
    const auto rank = [&](double p) {
        const size_t index = size_t(std::ceil(p * double(micros.size()))) - 1;
        return micros[std::min(index, micros.size() - 1)];
    };
    Percentiles result;
    result.p50 = rank(0.50);
    result.p90 = rank(0.90);
    result.p99 = rank(0.99);
    double sum = 0;
    for (double value : micros)
        sum += value;
    result.mean = sum / double(micros.size());
    result.max = micros.back();
    return result;
}

QJsonObject toJson(const Percentiles& p)
{
    return {{u"p50_us"_s, qRound64(p.p50)}, {u"p90_us"_s, qRound64(p.p90)}, {u"p99_us"_s, qRound64(p.p99)},
        {u"mean_us"_s, qRound64(p.mean)}, {u"max_us"_s, qRound64(p.max)}};
}

QString grouped(double value)
{
    return QLocale(QLocale::English).toString(qint64(value + 0.5));
}

QString versionsText()
{
    return u"SQLite "_s + QString::fromLatin1(sqlite3_libversion()) + u", Qt "_s + QString::fromLatin1(qVersion());
}

void addVersions(QJsonObject& result)
{
    result.insert(u"sqlite_version"_s, QString::fromLatin1(sqlite3_libversion()));
    result.insert(u"qt_version"_s, QString::fromLatin1(qVersion()));
}

void writeResult(QTextStream& out, const QJsonObject& result, const QString& file)
{
    const QByteArray json = QJsonDocument(result).toJson(QJsonDocument::Indented);
    out << "```json\n" << QString::fromUtf8(json) << "```" << Qt::endl;
    if (file.isEmpty())
        return;
    QFile output(file);
    if (!output.open(QIODevice::WriteOnly | QIODevice::Truncate) || output.write(json) != json.size())
        fail(u"cannot write "_s + file);
}

} // namespace flashback::bench

// SPDX-License-Identifier: GPL-3.0-or-later
#include "clicontext.h"

#include "store/storeopener.h"
#include <QCoreApplication>

#include <QJsonDocument>
#include <QRegularExpression>

#include <cstdio>
#include <iostream>
#include <string>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace flashback::cli {

namespace {

void write(std::FILE* stream, const QByteArray& bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

} // namespace

CliContext::CliContext()
    : m_storeFromEnvironment(qEnvironmentVariable("FLASHBACK_STORE"))
{
    m_options.store = m_storeFromEnvironment;
}

void CliContext::print(const QString& text) const
{
    write(stdout, text.toUtf8());
}

void CliContext::printJson(const QJsonObject& document) const
{
    write(stdout, QJsonDocument(document).toJson(QJsonDocument::Indented));
}

void CliContext::printError(const QString& text) const
{
    write(stderr, text.toUtf8());
}

bool CliContext::stderrIsTerminal() const
{
    return ::isatty(STDERR_FILENO) == 1;
}

std::optional<QString> CliContext::readLine() const
{
    // std::getline reads exactly one line from the C++ stream, so several secrets can be piped in one after
    // the other without a Qt buffer swallowing the next one.
    std::string line;
    if (!std::getline(std::cin, line))
        return std::nullopt;
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    return QString::fromStdString(line);
}

Result<StoreAddress> CliContext::storeAddress() const
{
    return StoreAddress::parse(m_options.store);
}

Result<std::unique_ptr<EventStore>> CliContext::openStore(
    StoreOptions::OpenMode mode, StoreOptions::Durability durability) const
{
    auto address = storeAddress();
    if (!address)
        return address.error();
    StoreOptions options;
    options.mode = mode;
    options.readOnly = m_options.readOnly;
    options.durability = durability;
    options.busyTimeout = m_options.busyTimeout;
    return flashback::openStore(*address, options);
}

QString CliContext::storeArgumentForExamples() const
{
    if (m_options.store == m_storeFromEnvironment && !m_storeFromEnvironment.isEmpty())
        return {};
    // Passwords in addresses are never printed, not even in an example: a PostgreSQL address is shown as
    // display() shows it (password=*** for the reader to put back, or to leave to .pgpass / PGPASSWORD).
    const auto address = storeAddress();
    const bool postgres = address && address->kind == StoreAddress::Kind::Postgres;
    const QString shown = postgres ? address->display() : m_options.store;
    return u"--store "_s + shellQuote(shown) + u' ';
}

OperatorContext CliContext::operatorContext() const
{
    return OperatorContext::here(u"flashback-cli "_s + QCoreApplication::applicationVersion());
}

void CliContext::warnIfNotAudited(const OperatorAudit& audit) const
{
    if (const auto& error = audit.auditError())
        printError(u"warning: done, but not recorded in the operator audit: %1\n"_s.arg(error->message));
}

} // namespace flashback::cli

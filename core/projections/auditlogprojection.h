// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "projection.h"
#include "readmodelschemas.h"

#include <QStringList>

namespace flashback {

/// Projection "audit_log" (schema auditLogReadModel()): one row per event of any aggregate type, keyed by its
/// position: when (occurred_at, recorded_at), which stream and revision, the type, who (metadata actor), why
/// (metadata reason, else the payload's reason) and a one-line summary (eventSummary()). Every value comes from
/// the event, so a rebuild gives equal rows.
class AuditLogProjection final : public Projection {
public:
    static constexpr QLatin1StringView Name {"audit_log"};
    static constexpr QLatin1StringView Table {"entries"};

    /// `maskedKeys`: payload keys never shown in summaries (default: the built-in catalog's masked fields).
    AuditLogProjection();
    explicit AuditLogProjection(QStringList maskedKeys);

    QString name() const override;
    ReadModelSchema schema() const override;
    bool handles(const RecordedEvent& event) const override;
    Status handle(const RecordedEvent& event, const DecodedEvent& decoded, ReadModelTransaction& writer) override;

private:
    ReadModelSchema m_schema = auditLogReadModel();
    QStringList m_maskedKeys;
};

} // namespace flashback

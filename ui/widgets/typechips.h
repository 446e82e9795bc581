// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>
#include <QWidget>

class QHBoxLayout;
class QToolButton;

namespace flashback {

/// A row of checkable chips, one per event type, scrolling sideways when they do not fit. None checked means
/// every type.
class TypeChips : public QWidget {
    Q_OBJECT
public:
    explicit TypeChips(QWidget* parent = nullptr);

    /// Replaces the chips, keeping the checked ones that are still there.
    void setTypes(const QStringList& types);
    /// Adds a chip for a type not seen before (a live event's).
    void addType(const QString& type);
    QStringList types() const;
    QStringList checkedTypes() const;
    void setChecked(const QStringList& types);
    void clearChecks();

Q_SIGNALS:
    void changed();

private:
    QToolButton* chip(const QString& type) const;

    QWidget* m_row = nullptr;
    QHBoxLayout* m_layout = nullptr;
    QList<QToolButton*> m_chips;
};

} // namespace flashback

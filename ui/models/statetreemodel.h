// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "timetravel/jsondiff.h"
#include "timetravel/stateblame.h"

#include <QHash>

#include <QAbstractItemModel>
#include <QJsonObject>
#include <QJsonValue>

#include <memory>
#include <vector>

namespace flashback {

/// An aggregate's state as a tree (GammaRay's style of raw model: values by role, no colours here): objects and
/// arrays expand, leaves hold typed values; every row says what the selected revision's event did to it (added,
/// changed, removed, or nothing) and the rows that hold such a row are marked as containing one. A removed field
/// stays in the tree with the value it had, so the reader sees what went. Values arrive already masked where the
/// user has not revealed them; the changes still mark masked fields, so a changed password shows as changed.
/// The "Last set" column shows, once the worker has found it (setBlame), the event that last set each field: its
/// revision, time and actor ("blame for state"); until then it says it is looking.
class StateTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { FieldColumn, ValueColumn, BlameColumn, ColumnCount };
    enum Role {
        PathRole = Qt::UserRole + 1, ///< "address.lines[2]", as JsonChange paths are written
        ChangeRole, ///< Change
        JsonValueRole, ///< The value as a QJsonValue (objects and arrays whole)
        BeforeRole, ///< For Changed rows: the value before the event
        ValueTypeRole, ///< "string", "number", "boolean", "null", "object", "array"
        BlameRevisionRole, ///< The revision that last set the field (0: not known, or never set by an event)
    };
    enum class Change { None, Added, Changed, Removed, Contains };
    Q_ENUM(Change)

    explicit StateTreeModel(QObject* parent = nullptr);
    ~StateTreeModel() override;

    /// `state` and `before` as they are to be shown (masked already), `changes` from before to state.
    void setState(const QJsonObject& state, const QJsonObject& before, const QList<JsonChange>& changes);
    void clear();
    /// The Last set column: "looking" until setBlame() for the state shown.
    void setBlamePending();
    /// Who last set each field (by path) of the state shown; `utc` for its times, `hideActors` when the user's
    /// masked fields include the actor.
    void setBlame(const QHash<QString, FieldBlame>& blame, bool utc, bool hideActors);
    /// A failed search for the blame: the column says so.
    void setBlameFailed(const QString& reason);
    bool blameKnown() const { return m_blameState == BlameState::Known; }
    /// The index of the row at `path` in column 0, or invalid.
    QModelIndex indexOfPath(const QString& path) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// A value as one line: strings quoted, objects and arrays by their size.
    static QString display(const QJsonValue& value);
    /// Whether `keys` mask the value at `path` (a JsonChange path) of `state`: masking changes it.
    static bool maskedAt(const QJsonObject& state, const QString& path, const QStringList& keys);

private:
    struct Node {
        QString key; ///< "email", or "[2]" for an array element
        QString path;
        QJsonValue value;
        QJsonValue before;
        Change change = Change::None;
        Node* parent = nullptr;
        int row = 0;
        std::vector<std::unique_ptr<Node>> children;
    };
    static void build(Node& node);
    Node* nodeOf(const QModelIndex& index) const;
    Node* find(const QString& path) const;
    Node* findOrAddRemoved(const QString& path, const QJsonValue& before);

    QVariant blameData(const Node& node, int role) const;
    void blameColumnChanged();

    std::unique_ptr<Node> m_root;
    enum class BlameState { Pending, Known, Failed };
    BlameState m_blameState = BlameState::Pending;
    QHash<QString, FieldBlame> m_blame;
    QString m_blameFailure;
    bool m_blameUtc = false;
    bool m_hideActors = false;
};

} // namespace flashback

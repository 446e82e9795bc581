// SPDX-License-Identifier: GPL-3.0-or-later
#include "statetreemodel.h"

#include "timeformat.h"
#include "util/jsonmasking.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace flashback {

namespace {

/// "address.lines[2]" -> {"address", "lines", "[2]"}: object keys, and array indexes written as in the key.
QStringList segments(const QString& path)
{
    QStringList parts;
    QString current;
    for (qsizetype i = 0; i < path.size(); ++i) {
        const QChar c = path.at(i);
        if (c == u'.') {
            if (!current.isEmpty())
                parts.append(current);
            current.clear();
        } else if (c == u'[') {
            if (!current.isEmpty())
                parts.append(current);
            const qsizetype close = path.indexOf(u']', i);
            if (close < 0)
                return parts << path.mid(i); // not a path this model wrote; never matches
            parts.append(path.mid(i, close - i + 1));
            current.clear();
            i = close;
        } else {
            current.append(c);
        }
    }
    if (!current.isEmpty())
        parts.append(current);
    return parts;
}

QString childPath(const QString& parent, const QString& key)
{
    if (key.startsWith(u'['))
        return parent + key;
    return parent.isEmpty() ? key : parent + u'.' + key;
}

QString typeName(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return u"string"_s;
    case QJsonValue::Double:
        return u"number"_s;
    case QJsonValue::Bool:
        return u"boolean"_s;
    case QJsonValue::Array:
        return u"array"_s;
    case QJsonValue::Object:
        return u"object"_s;
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

} // namespace

StateTreeModel::StateTreeModel(QObject* parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{ }

StateTreeModel::~StateTreeModel() = default;

QString StateTreeModel::display(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return u"\""_s + value.toString() + u'"';
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', 17);
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Array: {
        const qsizetype n = value.toArray().size();
        return n == 1 ? u"[1 item]"_s : u"[%1 items]"_s.arg(n);
    }
    case QJsonValue::Object: {
        const qsizetype n = value.toObject().size();
        return n == 1 ? u"{1 field}"_s : u"{%1 fields}"_s.arg(n);
    }
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

bool StateTreeModel::maskedAt(const QJsonObject& state, const QString& path, const QStringList& keys)
{
    const QJsonValue raw = valueAtPath(state, path);
    return !raw.isUndefined() && valueAtPath(maskedJson(state, keys), path) != raw;
}

void StateTreeModel::build(Node& node)
{
    node.children.clear();
    const auto add = [&node](const QString& key, const QJsonValue& value) {
        auto child = std::make_unique<Node>();
        child->key = key;
        child->path = childPath(node.path, key);
        child->value = value;
        child->parent = &node;
        child->row = int(node.children.size());
        build(*child);
        node.children.push_back(std::move(child));
    };
    if (node.value.isObject()) {
        const QJsonObject object = node.value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            add(it.key(), it.value());
    } else if (node.value.isArray()) {
        const QJsonArray array = node.value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            add(u"[%1]"_s.arg(i), array.at(i));
    }
}

void StateTreeModel::clear()
{
    beginResetModel();
    m_root = std::make_unique<Node>();
    endResetModel();
}

void StateTreeModel::setState(const QJsonObject& state, const QJsonObject& before, const QList<JsonChange>& changes)
{
    beginResetModel();
    m_root = std::make_unique<Node>();
    m_root->value = state;
    build(*m_root);
    for (const JsonChange& change : changes) {
        Node* node = nullptr;
        if (change.kind == JsonChange::Kind::Removed) {
            node = findOrAddRemoved(change.path, valueAtPath(before, change.path));
        } else if ((node = find(change.path))) {
            node->change = change.kind == JsonChange::Kind::Added ? Change::Added : Change::Changed;
            if (change.kind == JsonChange::Kind::Changed)
                node->before = valueAtPath(before, change.path);
        }
        for (Node* up = node ? node->parent : nullptr; up && up != m_root.get(); up = up->parent) {
            if (up->change == Change::None)
                up->change = Change::Contains;
        }
    }
    endResetModel();
}

StateTreeModel::Node* StateTreeModel::find(const QString& path) const
{
    Node* node = m_root.get();
    for (const QString& part : segments(path)) {
        Node* next = nullptr;
        for (const auto& child : node->children) {
            if (child->key == part) {
                next = child.get();
                break;
            }
        }
        if (!next)
            return nullptr;
        node = next;
    }
    return node == m_root.get() ? nullptr : node;
}

StateTreeModel::Node* StateTreeModel::findOrAddRemoved(const QString& path, const QJsonValue& before)
{
    if (Node* existing = find(path))
        return existing; // an array that shrank: the index exists under its new value
    QStringList parts = segments(path);
    if (parts.isEmpty())
        return nullptr;
    const QString key = parts.takeLast();
    Node* parent = m_root.get();
    for (const QString& part : std::as_const(parts)) {
        Node* next = nullptr;
        for (const auto& child : parent->children) {
            if (child->key == part)
                next = child.get();
        }
        if (!next)
            return nullptr; // its parent went too: the removal is reported there
        parent = next;
    }
    auto node = std::make_unique<Node>();
    node->key = key;
    node->path = childPath(parent->path, key);
    node->value = before;
    node->before = before;
    node->change = Change::Removed;
    node->parent = parent;
    node->row = int(parent->children.size());
    build(*node);
    parent->children.push_back(std::move(node));
    return parent->children.back().get();
}

QModelIndex StateTreeModel::indexOfPath(const QString& path) const
{
    Node* node = find(path);
    return node ? createIndex(node->row, 0, node) : QModelIndex();
}

StateTreeModel::Node* StateTreeModel::nodeOf(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : m_root.get();
}

QModelIndex StateTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    Node* node = nodeOf(parent);
    return createIndex(row, column, node->children.at(size_t(row)).get());
}

QModelIndex StateTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid())
        return {};
    Node* up = nodeOf(child)->parent;
    if (!up || up == m_root.get())
        return {};
    return createIndex(up->row, 0, up);
}

int StateTreeModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int StateTreeModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

QVariant StateTreeModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const Node* node = nodeOf(index);
    if (index.column() == BlameColumn && (role == Qt::DisplayRole || role == Qt::ToolTipRole))
        return blameData(*node, role);
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == FieldColumn ? node->key : display(node->value);
    case Qt::ToolTipRole:
        if (node->change == Change::Changed)
            return u"Changed by this event; before: %1"_s.arg(display(node->before));
        if (node->change == Change::Added)
            return u"Added by this event"_s;
        if (node->change == Change::Removed)
            return u"Removed by this event; it was %1"_s.arg(display(node->before));
        return {};
    case PathRole:
        return node->path;
    case ChangeRole:
        return QVariant::fromValue(node->change);
    case JsonValueRole:
        return QVariant::fromValue(node->value);
    case BeforeRole:
        return QVariant::fromValue(node->before);
    case ValueTypeRole:
        return typeName(node->value);
    case BlameRevisionRole:
        return m_blameState == BlameState::Known ? m_blame.value(node->path).revision : qint64(0);
    default:
        return {};
    }
}

QVariant StateTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == FieldColumn ? u"Field"_s : section == ValueColumn ? u"Value"_s : u"Last set"_s;
}

QVariant StateTreeModel::blameData(const Node& node, int role) const
{
    const bool tip = role == Qt::ToolTipRole;
    if (node.change == Change::Removed)
        return tip ? u"Removed by this event"_s : u"removed here"_s;
    switch (m_blameState) {
    case BlameState::Pending:
        return tip ? u"Finding the event that last set this field…"_s : u"…"_s;
    case BlameState::Failed:
        return tip ? u"Could not find who set it: %1"_s.arg(m_blameFailure) : u"?"_s;
    case BlameState::Known:
        break;
    }
    const auto found = m_blame.constFind(node.path);
    if (found == m_blame.cend())
        return tip ? u"No event of this stream set this field."_s : u"—"_s;
    const FieldBlame& blame = *found;
    const QString actor = m_hideActors ? QString::fromUtf16(MaskPlaceholder)
        : blame.actor.isEmpty()        ? u"no actor"_s
                                       : blame.actor;
    const QString time = formatTime(blame.occurredAt.micros(), m_blameUtc);
    if (tip)
        return u"Last set by %1 (revision %2) at %3 by %4"_s.arg(
            blame.eventType, QString::number(blame.revision), time, actor);
    // Who before when: in a narrow pane the time is what gets cut, and the tooltip has it whole.
    return u"r%1 · %2 · %3"_s.arg(QString::number(blame.revision), actor, time);
}

void StateTreeModel::blameColumnChanged()
{
    // Every row's blame cell, level by level (a dataChanged range may not span parents).
    std::vector<const Node*> pending {m_root.get()};
    while (!pending.empty()) {
        const Node* node = pending.back();
        pending.pop_back();
        if (node->children.empty())
            continue;
        const QModelIndex parent = node == m_root.get() ? QModelIndex() : createIndex(node->row, 0, node);
        const int last = int(node->children.size()) - 1;
        Q_EMIT dataChanged(index(0, BlameColumn, parent), index(last, BlameColumn, parent),
            {Qt::DisplayRole, Qt::ToolTipRole, BlameRevisionRole});
        for (const auto& child : node->children)
            pending.push_back(child.get());
    }
}

void StateTreeModel::setBlamePending()
{
    m_blameState = BlameState::Pending;
    m_blame.clear();
    blameColumnChanged();
}

void StateTreeModel::setBlame(const QHash<QString, FieldBlame>& blame, bool utc, bool hideActors)
{
    m_blameState = BlameState::Known;
    m_blame = blame;
    m_blameUtc = utc;
    m_hideActors = hideActors;
    blameColumnChanged();
}

void StateTreeModel::setBlameFailed(const QString& reason)
{
    m_blameState = BlameState::Failed;
    m_blameFailure = reason;
    m_blame.clear();
    blameColumnChanged();
}

} // namespace flashback

// ReplSession+Complete owns what Tab offers: the name being typed is completed from
// what fits where it stands — commands first on the line; entity names after `create`
// and `list`; records (`Lead#1`, names given at creation) after `update`, `show`, …;
// stages after `move … to`; rule names after `why`; elsewhere the fields, enum members
// and stages of the entity the entry is about, then every other name of the model.
// Names in any script complete alike (`官` → `官网注册`).
import CRMRuntime
import CRMStore

extension ReplSession {
    /// `complete(_:cursor:)` lists the candidates for the name before `cursor` (a
    /// character index into `text`).
    public func complete(_ text: String, cursor: Int) -> Completion {
        let buffer = LineBuffer(text, cursor: cursor)
        let (start, word) = buffer.wordBeforeCursor()
        let before = String(buffer.characters[..<start])
        let prior = before.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
        var ordered: [String] = []
        if prior.isEmpty {
            ordered = ReplCommands.spellings + aliasNames + startNames
        } else if let info = ReplCommands.find(prior[0]) {
            ordered = candidates(for: info.name, prior: prior)
        } else {
            ordered = expressionNames(nil)
        }
        var seen = Set<String>()
        return Completion(start: start, candidates: ordered.filter { $0.hasPrefix(word) && seen.insert($0).inserted })
    }

    func candidates(for command: String, prior: [String]) -> [String] {
        let position = prior.count   // the index of the word being typed
        switch (command, position) {
        case ("help", 1): return ReplCommands.all.map(\.name)
        case ("create", 1), ("list", 1): return userEntities.map(\.name)
        case ("list", 2): return ["where"]
        case ("update", 1), ("delete", 1), ("show", 1), ("audit", 1), ("move", 1): return recordNames(of: nil)
        case ("move", 2): return ["to"]
        case ("move", 3):
            let e = entityOfRecord(prior[1])
            return (e.map { [$0] } ?? userEntities).flatMap { $0.lifecycles.flatMap(\.stages) }
        case ("approve", 1), ("reject", 1): return recordNames(of: nil)
        case ("approve", 2), ("reject", 2): return ["as"]
        case ("approve", 3), ("reject", 3): return program.extras.roleAncestors.keys.sorted()
        case ("approve", _), ("reject", _):
            return prior.last == "approval" ? program.extras.approvals.map(\.name) : ["approval", "comment"]
        case ("why", 1): return program.rules.map(\.name)
        case ("why", 2):
            let rule = program.rules.first { $0.name == prior[1] }
            return recordNames(of: rule.map { program.entities[$0.entity] })
        case ("create", _), ("list", _): return expressionNames(program.entity(named: prior[1]))
        case ("update", _): return expressionNames(entityOfRecord(prior[1]))
        default: return expressionNames(nil)
        }
    }

    /// Names an expression or record body may use: the entity's fields and their enum
    /// members and stages first, then record names, entities and every model name.
    func expressionNames(_ entity: IREntity?) -> [String] {
        var out: [String] = []
        func members(_ e: IREntity) -> [String] {
            var names = e.fields.map(\.name)
            for f in e.fields { if case .enumeration(_, let ms) = f.kind { names += ms } }
            return names
        }
        if let entity { out += members(entity) }
        out += aliasNames
        out += userEntities.map(\.name)
        for e in userEntities where e !== entity { out += members(e) }
        out += ["true", "false", "null", "and", "or", "not", "days", "hours", "minutes", "weeks", "months", "now", "today"]
        return out
    }

    /// What may start a bare expression: records' names, enum members and built-ins
    /// (fields are not in scope outside a record).
    var startNames: [String] {
        var out: [String] = []
        for e in userEntities { for f in e.fields { if case .enumeration(_, let ms) = f.kind, case .enumeration = f.type.unwrapped { out += ms } } }
        return out + ["true", "false", "null", "not", "now", "today"]
    }

    var aliasNames: [String] { interpreter.aliases.keys.sorted() }

    /// Names of live records (of one entity, or all), names given at creation first.
    func recordNames(of entity: IREntity?) -> [String] {
        var out = interpreter.aliases.filter { entity == nil || Int($0.value.entity) == entity?.id }.keys.sorted()
        for e in entity.map({ [$0] }) ?? userEntities {
            out += store.records(of: EntityID(e.id)).prefix(200).map(interpreter.name(of:))
        }
        return out
    }

    func entityOfRecord(_ name: String) -> IREntity? {
        interpreter.resolve(name).map { program.entities[Int($0.entity)] }
    }
}

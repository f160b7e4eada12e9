// Interpreter+Assign owns the assignment actions and decision tables at run time.
//
// - Teams are lists of e-mails; a member is the `User` record whose `email` equals it
//   (members with no such User, or whose `active` field is false, are passed over).
//   Nothing is created.
// - `round_robin(T)`: a per-team cursor kept in the store as a record of an internal
//   entity (`_assign_cursor`, not part of the model), so it commits and rolls back with
//   the command and the same events always give the same owners. The n-th assignment
//   to T (n from 0) goes to the (n mod k)-th available member, in declared order.
// - `least_loaded(T)`: the member holding the fewest records in the assigned field
//   (counted with the store's reference index, not counting the record itself); ties
//   go to the earlier member in the team's order.
// - `assign f to pool P`: empties `f` and tags the record with P's name (when the entity
//   has `tags`), so "in the pool" is `f == null` (and `tags has "P"`).
// - `assign f by table T`: the rows whose tests all hold, chosen by the hit policy:
//   first (first row), unique (exactly one may match, else the command fails), any (all
//   matches must agree), collect (a list for list/set fields; one distinct value for
//   others), priority (enum outputs: the earliest member; numbers: the largest; else the
//   first row). A team output is resolved by round-robin within that team. No matching
//   row leaves the field unchanged (noted in the trace).
import CRMBase
import CRMStore

extension Interpreter {
    /// The store entity number of the internal round-robin cursors (after the model's
    /// entities, leaving room for other internal entities).
    var cursorEntity: EntityID { EntityID(entityTables.count + 8) }

    /// Declares internal store entities the program needs (round-robin cursors).
    func declareInternalEntities() throws {
        try declareApprovalEntity()   // Interpreter+Approvals.swift
        try declareSequenceEntity()   // Interpreter+Autonumber.swift
        try declareAliasEntity()      // Interpreter+Aliases.swift
        guard program.extras.usesRoundRobin else { return }
        try store.declareEntity(cursorEntity, EntitySchema(name: "_assign_cursor", slotNames: ["team", "next"],
                                                           uniqueSlots: [0], indexedSlots: []))
    }

    func runExtended(_ x: IRExtAction, path: String, rule: Int, record: RecordID, depth: Int, chain: [Int]) throws {
        let cause = AuditCause.rule(Int32(rule))
        switch x {
        case .assignValue(let slot, let value):
            try write(record, slot, try value.compiled.evaluate(context(record)), cause: cause, depth: depth, chain: chain)
        case .assignRoundRobin(let slot, let team):
            try assignMember(try roundRobin(team), team: team, record, slot, cause, depth, chain)
        case .assignLeastLoaded(let slot, let team):
            try assignMember(try leastLoaded(team, record: record, slot: slot), team: team, record, slot, cause, depth, chain)
        case .assignPool(let slot, let pool):
            try write(record, slot, .null, cause: cause, depth: depth, chain: chain)
            if let tags = entity(of: record).tagsSlot {
                var list: [Value] = if case .list(let xs) = read(record, tags) { xs } else { [] }
                if !list.contains(.text(pool)) {
                    list.append(.text(pool))
                    try write(record, tags, .list(list), cause: cause, depth: depth, chain: chain)
                }
            }
        case .assignTable(let slot, let table):
            try assignByTable(program.extras.tables[table], record, slot, cause, depth, chain)
        case .task(let title, let to, let due):
            try runTask(title, to, due, path: path, rule: rule, record: record, depth: depth, chain: chain)
        case .setThrough(let reference, let target, let slot, let value):
            guard case .record(_, let n) = try reference.compiled.evaluate(context(record)) else {
                noteWrite("\(reference.text) is null:", "nothing set")
                return
            }
            let id = RecordID(entity: EntityID(target), number: UInt32(clamping: n))
            guard store.exists(id) else { throw RuntimeFailure(.invalidCommand, "`\(reference.text)` refers to \(name(of: id)), which does not exist") }
            try write(id, slot, try value.compiled.evaluate(context(record)), cause: cause, depth: depth, chain: chain)
        case .startApproval(let a):
            try startApproval(a, record: record, cause: cause, depth: depth, chain: chain)
        }
    }

    /// Writes a chosen member (a User record for ref fields, the e-mail for text fields).
    func assignMember(_ member: (id: RecordID, email: String)?, team: String, _ record: RecordID, _ slot: Int,
                      _ cause: AuditCause, _ depth: Int, _ chain: [Int]) throws {
        guard let member else {
            noteWrite(entity(of: record).fields[slot].name, "unchanged: no User of team \(team) found")
            return
        }
        let value: Value = if case .ref = entity(of: record).fields[slot].kind {
            .record(entity: entityTables[Int(member.id.entity)].name, id: Int64(member.id.number))
        } else { .text(member.email) }
        try write(record, slot, value, cause: cause, depth: depth, chain: chain)
    }

    // MARK: Teams

    /// The team's members that are User records, in declared order.
    func members(of team: String) throws -> [(id: RecordID, email: String)] {
        guard let user = program.extras.user else { return [] }
        let users = EntityID(user.entity)
        var out: [(id: RecordID, email: String)] = []
        for email in program.extras.teams[team] ?? [] {
            let found: RecordID?
            do { found = try store.find(users, slot: user.email, equals: .text(email)).first } catch {
                found = store.records(of: users).first { store.value($0, slot: user.email) == .text(email) }
            }
            guard let id = found else { continue }
            if let a = user.active, store.value(id, slot: a) == .bool(false) { continue }
            out.append((id, email))
        }
        return out
    }

    /// The next member by the team's persisted cursor (advancing it).
    func roundRobin(_ team: String) throws -> (id: RecordID, email: String)? {
        let all = try members(of: team)
        guard !all.isEmpty else { return nil }
        var n: Int64 = 0
        if let cursor = try store.lookupUnique(cursorEntity, slot: 0, value: .text(team)) {
            if case .int(let v)? = store.value(cursor, slot: 1) { n = v }
            try store.update(cursor, slot: 1, to: .int(n &+ 1))
        } else {
            _ = try store.create(cursorEntity, slots: [.text(team), .int(1)])
        }
        return all[Int(n % Int64(all.count))]
    }

    /// The member with the fewest records assigned in `slot` (ties: team order).
    func leastLoaded(_ team: String, record: RecordID, slot: Int) throws -> (id: RecordID, email: String)? {
        let e = entity(of: record)
        var best: (member: (id: RecordID, email: String), load: Int)?
        for m in try members(of: team) {
            let key: StoredValue = if case .ref = e.fields[slot].kind { .ref(m.id) } else { .text(m.email) }
            let holders = (try? store.find(EntityID(e.id), slot: slot, equals: key)) ?? []
            let load = holders.filter { $0 != record }.count
            if best == nil || load < (best?.load ?? 0) { best = (m, load) }
        }
        return best?.member
    }

    // MARK: Tables

    func assignByTable(_ t: IRTable, _ record: RecordID, _ slot: Int, _ cause: AuditCause, _ depth: Int, _ chain: [Int]) throws {
        let field = entity(of: record).fields[slot]
        let names = chain.map { program.rules[$0].name }
        var matches: [(row: Int, output: IRTableOutput)] = []
        let ctx = context(record)
        rows: for (i, row) in t.rows.enumerated() {
            for test in row.tests {
                if let test, try test.compiled.evaluate(ctx) != .bool(true) { observer?.tableRowTested(table: t.name, row: i, matched: false); continue rows }
            }
            observer?.tableRowTested(table: t.name, row: i, matched: true)
            matches.append((i, row.output))
            if t.hit == .first { break }
        }
        guard let first = matches.first else {
            noteWrite(field.name, "unchanged: no row of table \(t.name) matched")
            return
        }
        // Choose among the outputs first, so a team's cursor advances once.
        let outputs = matches.map(\.output)
        let distinct = outputs.enumerated().filter { i, o in !outputs[..<i].contains { same($0, o) } }.map(\.element)
        let fail = { (why: String) in
            RuntimeFailure(.validationFailed, "table \(t.name) (hit \(t.hit.rawValue)): " + why + " for \(self.name(of: record))", chain: names)
        }
        var chosen = first.output
        switch t.hit {
        case .first: break
        case .unique:
            if matches.count > 1 { throw fail("rows " + matches.map { "\($0.row + 1)" }.joined(separator: ", ") + " all match") }
        case .any:
            if distinct.count > 1 { throw fail("matching rows " + matches.map { "\($0.row + 1)" }.joined(separator: ", ") + " disagree") }
        case .collect:
            if case .list = field.kind {
                var list: [Value] = []
                for o in distinct { if let v = try resolve(o, record, slot), !list.contains(v) { list.append(v) } }
                try write(record, slot, .list(list), cause: cause, depth: depth, chain: chain)
                return
            }
            if distinct.count > 1 { throw fail("\(distinct.count) different values, but `\(field.name)` holds one") }
        case .priority:
            for o in distinct.dropFirst() {
                guard case .value(let v) = o, case .value(let b) = chosen else { continue }
                switch (v, b) {
                case (.enumMember(let x), .enumMember(let y)): if x.ordinal < y.ordinal { chosen = o }
                case (.int, _), (.decimal, _), (.money, _): if let c = Value.compare(v, b), c > 0 { chosen = o }
                default: break
                }
            }
        }
        guard let value = try resolve(chosen, record, slot) else {
            noteWrite(field.name, "unchanged: no User of the table's team found")
            return
        }
        try write(record, slot, value, cause: cause, depth: depth, chain: chain)
    }

    /// Whether two row outputs are the same value or team.
    func same(_ a: IRTableOutput, _ b: IRTableOutput) -> Bool {
        switch (a, b) {
        case (.value(let x), .value(let y)): x == y
        case (.team(let x), .team(let y)): x == y
        default: false
        }
    }

    /// A row output as the value to write: a team becomes its round-robin member.
    func resolve(_ output: IRTableOutput, _ record: RecordID, _ slot: Int) throws -> Value? {
        switch output {
        case .value(let v): return v
        case .team(let team):
            guard let m = try roundRobin(team) else { return nil }
            if case .ref = entity(of: record).fields[slot].kind {
                return .record(entity: entityTables[Int(m.id.entity)].name, id: Int64(m.id.number))
            }
            return .text(m.email)
        }
    }
}

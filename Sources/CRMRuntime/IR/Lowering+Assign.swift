// Lowering+Assign lowers the assignment actions and the decision tables they use:
//
//   assign f to expr            → a plain `set`
//   assign f by round_robin(T)  → IRExtAction.assignRoundRobin (T a team)
//   assign f by least_loaded(T) → IRExtAction.assignLeastLoaded
//   assign f by table T         → IRExtAction.assignTable: the table lowered for the
//                                 rule's entity, each cell compiled as a test on the
//                                 entity's field named like the column (`_` is no test,
//                                 `< x` is `field < x`, `a..b` is `field >= a and field <= b`)
//   assign f to pool P          → IRExtAction.assignPool
//
// A table is lowered once per entity that uses it. Only the first output column is
// assigned; a team output routes by round-robin within that team at run time.
import CRMBase
import CRMSema
import CRMSyntax

extension Lowering {
    /// Lowers `assign f …`.
    mutating func lowerAssign(_ f: Name, _ how: Action.Assignment, _ entity: IREntity) throws(Unsupported) -> IRExtAction {
        let slot = try slot(f, entity)
        switch how {
        case .to(let value):
            return .assignValue(slot: slot, value: try expr(value, entity))
        case .by(let e):
            guard case .call(let callee, let args, nil) = e.kind, case .name(let fn) = callee.kind,
                  fn == "round_robin" || fn == "least_loaded", args.count == 1, case .name(let team) = args[0].kind else {
                return .assignValue(slot: slot, value: try expr(e, entity))
            }
            loadTeams()
            guard program.extras.teams[team] != nil else { throw Unsupported(reason: "no team `\(team)`") }
            if fn == "round_robin" {
                program.extras.usesRoundRobin = true
                return .assignRoundRobin(slot: slot, team: team)
            }
            return .assignLeastLoaded(slot: slot, team: team)
        case .toPool(let p):
            return .assignPool(slot: slot, pool: p.text)
        case .byTable(let t):
            loadTeams()
            let id = try lowerTable(t.text, for: entity)
            if case .team = program.extras.tables[id].rows.first?.output { program.extras.usesRoundRobin = true }
            return .assignTable(slot: slot, table: id)
        }
    }

    /// A message or task recipient: a bare team name (not shadowed by a field) becomes
    /// the constant text of the team's name (the outbox consumer expands it); anything
    /// else is compiled as usual.
    mutating func recipient(_ e: Expr, _ entity: IREntity) throws(Unsupported) -> IRExpr {
        if case .name(let n) = e.kind, entity.fieldIndex[n] == nil, model.symbols.teams.contains(n) {
            return IRExpr(compiled: CompiledExpr(type: .text, thunk: { _ in .text(n) }, constant: .text(n), storedTest: nil), text: n, reads: [], span: e.span)
        }
        return try expr(e, entity)
    }

    /// Reads every `team` declaration's members (string literals) once.
    mutating func loadTeams() {
        guard program.extras.teams.isEmpty else { return }
        for decl in model.files.flatMap(\.decls) {
            guard case .team(let t) = decl.kind else { continue }
            var emails: [String] = []
            for m in t.members {
                if case .string(let lit) = m.kind, let s = lit.plainValue { emails.append(s) }
            }
            program.extras.teams[t.header.name.text] = emails
        }
    }

    /// Lowers table `name` for `entity` (reusing an earlier lowering), returning its id.
    mutating func lowerTable(_ name: String, for entity: IREntity) throws(Unsupported) -> Int {
        if let i = program.extras.tables.firstIndex(where: { $0.name == name && $0.entity == entity.id }) { return i }
        guard let t = model.symbols.tables[name] else { throw Unsupported(reason: "no table `\(name)`") }
        guard let hit = IRHitPolicy(rawValue: t.hit.text) else { throw Unsupported(reason: "unknown hit policy `\(t.hit.text)`") }
        guard let output = t.outputs.first else { throw Unsupported(reason: "table `\(name)` has no output") }
        let outputIsTeam: Bool = if case .named(let n, _) = output.type.kind, n.text == "team" { true } else { false }
        var rows: [IRTable.Row] = []
        for row in t.rows {
            guard row.cells.count == t.inputs.count, let out = row.outputs.first else {
                throw Unsupported(reason: "a row of table `\(name)` has the wrong number of cells")
            }
            var tests: [IRExpr?] = []
            for (cell, input) in zip(row.cells, t.inputs) {
                tests.append(try cellTest(cell, column: input.name, entity))
            }
            rows.append(IRTable.Row(tests: tests, output: try tableOutput(out, team: outputIsTeam, entity)))
        }
        program.extras.tables.append(IRTable(name: name, hit: hit, entity: entity.id, rows: rows))
        return program.extras.tables.count - 1
    }

    /// A cell as a boolean test on the column's field; nil for `_`.
    mutating func cellTest(_ cell: TableDecl.Cell, column: Name, _ entity: IREntity) throws(Unsupported) -> IRExpr? {
        guard entity.fieldIndex[column.text] != nil else {
            throw Unsupported(reason: "`\(entity.name)` has no field `\(column.text)` for the table column")
        }
        let field = Expr(.name(column.text), column.span)
        let test: Expr
        switch cell {
        case .any: return nil
        case .equal(let x): test = Expr(.binary(.eq, field, x), x.span)
        case .compare(let op, let x): test = Expr(.binary(op, field, x), x.span)
        case .range(let a, let b):
            let span = Span(start: a.span.start, end: b.span.end)
            test = Expr(.binary(.and, Expr(.binary(.ge, field, a), a.span), Expr(.binary(.le, field, b), b.span)), span)
        }
        return try expr(test, entity)
    }

    /// A row's output: a team name, an enum member of the output's type, or a constant.
    mutating func tableOutput(_ x: Expr, team: Bool, _ entity: IREntity) throws(Unsupported) -> IRTableOutput {
        if team {
            guard case .name(let n) = x.kind, program.extras.teams[n] != nil else {
                throw Unsupported(reason: "table output `\(Lowering.text(of: x.span, in: model.files) ?? "…")` is not a team")
            }
            return .team(n)
        }
        if case .name(let n) = x.kind, let enums = symbols.enumsByMember[n], enums.count == 1,
           let e = symbols.enums[enums[0]], let i = e.members.firstIndex(of: n) {
            return .value(.enumMember(EnumMember(type: e.name, name: n, ordinal: i)))
        }
        let c = try expr(x, entity)
        do {
            return .value(try c.compiled.evaluate(EvalContext(clock: FixedClockForConstants(), calendar: program.calendar)))
        } catch {
            throw Unsupported(reason: "table output `\(c.text)` is not a constant")
        }
    }
}

/// A clock for folding constant table outputs (they never read the time).
struct FixedClockForConstants: Clock {
    func nowMicros() -> Int64 { 0 }
}

extension IRExtAction {
    /// One line for `crm ir`.
    func printed(_ p: IRProgram) -> String {
        switch self {
        case .assignValue(let s, let x): return "assign slot \(s) = `\(x.text)`"
        case .assignTable(let s, let t): return "assign slot \(s) by table \(p.extras.tables[t].name) hit \(p.extras.tables[t].hit.rawValue)"
        case .assignRoundRobin(let s, let team): return "assign slot \(s) by round_robin(\(team))"
        case .assignLeastLoaded(let s, let team): return "assign slot \(s) by least_loaded(\(team))"
        case .assignPool(let s, let pool): return "assign slot \(s) to pool \(pool)"
        case .task(let title, let to, let due):
            return "task `\(title.text)` to `\(to.text)`" + (due.map { " due `\($0.text)`" } ?? "")
        case .setThrough(let r, let e, let s, let x):
            return "set `\(r.text)` (\(p.entities[e].name)) slot \(s) = `\(x.text)`"
        case .startApproval(let a): return "start approval \(p.extras.approvals[a].name)"
        }
    }
}

// Record-shaped actions: `assign f …` (routing tables, expressions, public pools) and
// `create E { … }`, plus the field-list checks that test steps (`given`, `update`,
// `expect created`) share with `create`, and `with { … }` records.
import CRMBase
import CRMSyntax

extension DeclChecker {
    /// `assign f by table T | by expr | to pool P | to expr`.
    mutating func checkAssign(_ name: Name, _ how: Action.Assignment, _ entity: EntitySymbol, _ scope: Scope) {
        let f = writableField(name, of: entity, "assign")
        switch how {
        case .by(let e), .to(let e):
            guard let f else {
                _ = tc.check(e, in: scope)
                return
            }
            if case .name(let team) = e.kind, symbols.teams.contains(team), f.type.accepts(.ref("User")),
               entity.field(team) == nil {
                ctx.report(.typeMismatch, "`\(team)` is a team, but `\(f.name)` holds one user", at: e.span,
                           help: "pick a member: `assign \(f.name) by round_robin(\(team))` or `least_loaded(\(team))`")
                return
            }
            tc.expect(e, f.type, in: scope, what: "value of `\(f.name)`")
        case .byTable(let t):
            checkRoutingTable(t, into: f, entity)
        case .toPool(let p):
            checkPool(p, into: f, entity)
        }
    }

    /// `assign f by table T`: the table exists; its inputs are fields of the entity with
    /// matching types; its first output fits `f` (a team output routes to a `ref User`).
    mutating func checkRoutingTable(_ name: Name, into f: FieldSymbol?, _ entity: EntitySymbol) {
        guard !name.isMissing else { return }
        guard let table = symbols.tables[name.text] else {
            ctx.report(.unknownTable, "no decision table named `\(name.text)`", at: name.span,
                       help: Checker.suggestion(name.text, symbols.tables.keys.sorted()))
            return
        }
        for input in table.inputs where !input.name.isMissing {
            checkTableInput(input, table: name, entity)
        }
        guard let f, let output = table.outputs.first else { return }
        let out = Checker.resolve(ctx, output.type)
        if f.type.accepts(out) || (out.unwrapped == .team && f.type.accepts(.ref("User"))) { return }
        ctx.report(.typeMismatch, "table `\(name.text)` gives `\(out)`, but `\(f.name)` is `\(f.type)`", at: name.span,
                   secondary: [Label(output.name.span, "output declared here"), Label(f.span, "field declared here")])
    }

    /// A routing table reads each input from the entity's field of the same name.
    func checkTableInput(_ input: TableDecl.Param, table: Name, _ entity: EntitySymbol) {
        guard let f = entity.field(input.name.text) else {
            ctx.report(.unknownField, "table `\(table.text)` reads input `\(input.name.text)`, but `\(entity.name)` has no field `\(input.name.text)`",
                       at: table.span, secondary: [Label(input.name.span, "input declared here")],
                       help: Checker.suggestion(input.name.text, entity.fields.map(\.name)))
            return
        }
        let want = Checker.resolve(ctx, input.type)
        if want.accepts(f.type) { return }
        let code: DiagnosticCode = want.accepts(f.type.unwrapped) ? .optionalUsed : .typeMismatch
        ctx.report(code, "table `\(table.text)` expects input `\(input.name.text)` of type `\(want)`, but `\(entity.name).\(f.name)` is `\(f.type)`",
                   at: table.span, secondary: [Label(input.name.span, "input declared here"), Label(f.span, "field declared here")])
    }

    /// `assign f to pool P`: `P` is a pool of this entity; returning a record to the pool
    /// empties `f`, which must therefore be optional.
    func checkPool(_ name: Name, into f: FieldSymbol?, _ entity: EntitySymbol) {
        guard !name.isMissing else { return }
        guard let poolEntity = symbols.pools[name.text] else {
            ctx.report(.unknownPool, "no pool named `\(name.text)`", at: name.span,
                       help: Checker.suggestion(name.text, symbols.pools.keys.sorted()))
            return
        }
        if poolEntity != entity.name {
            ctx.report(.entityMismatch, "pool `\(name.text)` holds `\(poolEntity)` records, but this works on `\(entity.name)`",
                       at: name.span)
            return
        }
        if let f, !f.type.isOptional, !f.type.isError {
            ctx.report(.typeMismatch, "returning a record to pool `\(name.text)` empties `\(f.name)`, but `\(f.name)` is `\(f.type)`, not optional",
                       at: name.span, secondary: [Label(f.span, "declared here")], help: "declare it `\(f.type)?`")
        }
    }

    /// `create E { … }`: the entity exists, the fields are writable and typed, and every
    /// required field without a default is given.
    mutating func checkCreate(_ name: Name, _ inits: [FieldInit], _ scope: Scope) {
        guard let target = entity(name) else {
            for i in inits { _ = tc.check(i.value, in: scope) }
            return
        }
        let given = checkFieldValues(inits, of: target, scope, allowComputed: false)
        requireFields(of: target, given: given, at: name.span, "`create \(target.name)`")
    }

    /// `checkFieldValues` checks `field: value` pairs for `target` (each field once,
    /// existing, typed; computed ones only when `allowComputed`, as in an expectation)
    /// and returns the names given.
    mutating func checkFieldValues(_ inits: [FieldInit], of target: EntitySymbol, _ scope: Scope,
                                   allowComputed: Bool) -> Set<String> {
        var seen: [String: Span] = [:]
        for i in inits {
            guard let f = field(i.name, of: target) else {
                _ = tc.check(i.value, in: scope)
                continue
            }
            if let first = seen[f.name] {
                ctx.report(.duplicateMember, "`\(f.name)` is given twice", at: i.name.span,
                           secondary: [Label(first, "first given here")])
            }
            seen[f.name] = i.name.span
            if f.computed && !allowComputed {
                ctx.report(.computedAssignment, "`\(target.name).\(f.name)` is computed, so it cannot be given a value",
                           at: i.name.span, secondary: [Label(f.span, "declared `computed` here")])
            }
            tc.expect(i.value, f.type, in: scope, what: "value of `\(f.name)`")
        }
        return Set(seen.keys)
    }

    /// `requireFields` reports (E0408) the required fields of `target` that have no
    /// default, are not computed, auto-numbered or lifecycles, and are not in `given`.
    func requireFields(of target: EntitySymbol, given: Set<String>, at span: Span, _ what: String) {
        let missing = target.fields.filter {
            $0.required && !$0.hasDefault && !$0.computed && !$0.isLifecycle && $0.type.unwrapped != .autonumber
                && !given.contains($0.name)
        }
        guard !missing.isEmpty else { return }
        let names = missing.map { "`\($0.name)`" }.joined(separator: ", ")
        let plural = missing.count == 1 ? "field" : "fields"
        ctx.report(.missingRequiredField, "\(what) leaves required \(plural) \(names) without a value", at: span,
                   secondary: missing.prefix(3).map { Label($0.span, "declared `required` here") },
                   help: "add \(missing.map { "`\($0.name): …`" }.joined(separator: ", "))")
    }

    /// `checkWith` checks the values of a `with { … }` record and returns its names.
    mutating func checkWith(_ inits: [FieldInit], _ scope: Scope) -> Set<String> {
        var seen: [String: Span] = [:]
        for i in inits {
            _ = tc.check(i.value, in: scope)
            guard !i.name.isMissing else { continue }
            if let first = seen[i.name.text] {
                ctx.report(.duplicateMember, "`\(i.name.text)` is given twice", at: i.name.span,
                           secondary: [Label(first, "first given here")])
            } else {
                seen[i.name.text] = i.name.span
            }
        }
        return Set(seen.keys)
    }
}

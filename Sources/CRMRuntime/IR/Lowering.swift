// Lowering turns a checked model (syntax + symbol table) into an IRProgram: slot
// layouts from the checker's symbols, constraints and defaults compiled in each
// entity's scope, rules lowered by Lowering+Rules.swift. It runs only on a model the
// checker accepted; anything it cannot lower is reported, never trapped on: a broken
// expression becomes a diagnostic, an unsupported rule an `IRSkippedRule`.
//
// Lifecycle fields are compiled as enums named `Entity.field` whose members are the
// stages, so `status == 已联系` compares stage ordinals like any enum.
import CRMBase
import CRMSema
import CRMSyntax

/// Lowers checked models.
public struct Lowering {
    let model: CheckedModel
    let program: IRProgram
    /// The checker's symbols plus one enum per lifecycle (`Lead.status`).
    let symbols: SymbolTable
    var diagnostics: [Diagnostic] = []
    /// Approval indexes by name (Lowering+Approvals.swift).
    var approvalIndex: [String: Int] = [:]

    /// `lower(_:)` lowers a checked model; diagnostics list expressions that failed to
    /// compile (the rules or constraints holding them are left out).
    /// The program is nil only when the model's time zone is unknown (reported).
    public static func lower(_ model: CheckedModel) -> (program: IRProgram?, diagnostics: [Diagnostic]) {
        let zone = StandaloneEval.modelTimeZone(model.files) ?? ZonedCalendar.defaultIdentifier
        guard let calendar = ZonedCalendar(identifier: zone) else {
            let span = model.files.first.map { Span(start: $0.file.pos(0), end: $0.file.pos(0)) } ?? Span(start: SourcePos(raw: 0), end: SourcePos(raw: 0))
            return (nil, [Diagnostic(.invalidArgument, "unknown time zone `\(zone)` in settings", at: span)])
        }
        var l = Lowering(model: model, program: IRProgram(calendar: calendar), symbols: augmented(model.symbols))
        l.layout()
        l.lowerEntityConstraints()
        l.lowerRules()
        l.lowerDerived()
        return (l.program, l.diagnostics)
    }

    /// A copy of the symbol table with an enum per lifecycle.
    static func augmented(_ s: SymbolTable) -> SymbolTable {
        let t = SymbolTable()
        t.declarations = s.declarations
        t.entities = s.entities
        t.entityOrder = s.entityOrder
        t.enums = s.enums
        t.enumsByMember = s.enumsByMember
        t.templates = s.templates
        t.tables = s.tables
        for name in s.entityOrder {
            guard let e = s.entities[name] else { continue }
            for l in e.lifecycles {
                t.enums["\(name).\(l.field)"] = EnumSymbol(name: "\(name).\(l.field)", members: l.stages.map(\.name),
                                                            memberSpans: l.stages.map(\.span), span: l.span)
            }
        }
        return t
    }

    /// The runtime type of a field: a stage becomes its lifecycle enum.
    static func runtimeType(_ t: CRMType) -> CRMType {
        switch t {
        case .stage(let e, let f): return .enumeration("\(e).\(f)")
        case .optional(let inner): return .optional(runtimeType(inner))
        default: return t
        }
    }

    // MARK: Layout

    mutating func layout() {
        for (i, name) in model.symbols.entityOrder.enumerated() {
            program.entityIndex[name] = i
        }
        for (i, name) in model.symbols.entityOrder.enumerated() {
            let e = IREntity(id: i, name: name)
            guard let sym = model.symbols.entities[name] else { program.entities.append(e); continue }
            for f in sym.fields {
                e.fieldIndex[f.name] = f.slot
                e.fields.append(IRField(name: f.name, slot: f.slot, type: f.type, kind: slotKind(f.type),
                                        required: f.required, unique: f.unique, readonly: f.readonly,
                                        defaultValue: nil, checks: []))
                if f.name == "tags", f.type.unwrapped == .set(.text) || f.type.unwrapped == .list(.text) { e.tagsSlot = f.slot }
            }
            for l in sym.lifecycles {
                guard let slot = sym.fieldIndex[l.field] else { continue }
                var reqs: [Int: [Int]] = [:]
                for (stage, fields) in l.requirements {
                    guard let k = l.stageIndex(stage) else { continue }
                    reqs[k] = fields.compactMap { sym.fieldIndex[$0] }
                }
                e.lifecycles.append(IRLifecycle(slot: slot, stages: l.stages.map(\.name), terminal: l.stages.map(\.terminal),
                                                transitions: [], requirements: reqs))
            }
            program.entities.append(e)
        }
    }

    func slotKind(_ t: CRMType) -> SlotKind {
        switch t {
        case .optional(let inner): return slotKind(inner)
        case .enumeration(let n): return .enumeration(n, symbols.enums[n]?.members ?? [])
        case .stage(let e, let f): return .enumeration("\(e).\(f)", symbols.enums["\(e).\(f)"]?.members ?? [])
        case .ref(let e): return .ref(entity: program.entityIndex[e] ?? -1, name: e)
        case .set(let inner), .list(let inner): return .list(slotKind(inner))
        default: return .plain
        }
    }

    // MARK: Expressions

    /// `compile(_:in:)` compiles an expression in an entity's scope (its fields by slot).
    /// `compile(_:in:expected:templateVariables:)` compiles `e` in `entity`'s scope.
    /// `expected` (a field's type) resolves bare enum members and stages as the checker
    /// did; `templateVariables` are a notify's `with { name: expr }` bindings.
    mutating func compile(_ e: Expr, in entity: IREntity, expected: CRMType? = nil,
                          templateVariables: [String: Expr] = [:]) -> IRExpr? {
        var names: [String: CRMType] = [:]
        var slots: [String: Int] = [:]
        for f in entity.fields {
            names[f.name] = Lowering.runtimeType(f.type)
            slots[f.name] = f.slot
        }
        var compiler = ExpressionCompiler(symbols: symbols, names: names, calendar: program.calendar) { [files = model.files] span in
            Lowering.text(of: span, in: files)
        }
        compiler.slots = slots
        compiler.templateVariables = templateVariables
        do {
            let compiled = try compiler.compile(e, expecting: expected.map(Lowering.runtimeType))
            var reads: [Int] = []
            Lowering.collectNames(e) { n in
                if let s = slots[n], !reads.contains(s) { reads.append(s) }
            }
            return IRExpr(compiled: compiled, text: Lowering.text(of: e.span, in: model.files) ?? "…", reads: reads,
                          span: e.span)
        } catch {
            diagnostics.append(error.diagnostic)
            return nil
        }
    }

    /// The source text of a span in the model's files.
    static func text(of span: Span, in files: [FileSyntax]) -> String? {
        for f in files where f.file.contains(span.start) { return f.file.text(of: span) }
        return nil
    }

    /// The outermost `a.b(.c…)` paths an expression reads whose root `a` is a reference
    /// field of `entity` (`order.amount`, `customer.owner.name`), in source order.
    static func memberPaths(_ e: Expr, _ entity: IREntity) -> [Expr] {
        var out: [Expr] = []
        func rooted(_ x: Expr) -> Bool {
            switch x.kind {
            case .name(let n):
                guard let s = entity.fieldIndex[n], case .ref = entity.fields[s].type.unwrapped else { return false }
                return true
            case .member(let base, _): return rooted(base)
            default: return false
            }
        }
        func walk(_ x: Expr) {
            switch x.kind {
            case .member(let base, _) where rooted(base): out.append(x)
            case .name, .literal, .bool, .null, .error: break
            case .string(let lit): for case .interpolation(let inner) in lit.parts { walk(inner) }
            case .list(let xs): xs.forEach(walk)
            case .paren(let a), .unary(_, let a), .member(let a, _): walk(a)
            case .binary(_, let a, let b), .index(let a, let b): walk(a); walk(b)
            case .call(_, let args, _): args.forEach(walk)
            case .conditional(let a, let b, let c): walk(a); walk(b); walk(c)
            }
        }
        walk(e)
        return out
    }

    /// Calls `visit` with every bare name an expression reads (not member names).
    static func collectNames(_ e: Expr, _ visit: (String) -> Void) {
        switch e.kind {
        case .name(let n): visit(n)
        case .literal, .bool, .null, .error: break
        case .string(let lit):
            for case .interpolation(let inner) in lit.parts { collectNames(inner, visit) }
        case .list(let xs): for x in xs { collectNames(x, visit) }
        case .paren(let x), .unary(_, let x), .member(let x, _): collectNames(x, visit)
        case .binary(_, let a, let b), .index(let a, let b): collectNames(a, visit); collectNames(b, visit)
        case .call(_, let args, let filter):
            for a in args { collectNames(a, visit) }
            if let filter { collectNames(filter, visit) }
        case .conditional(let c, let a, let b): collectNames(c, visit); collectNames(a, visit); collectNames(b, visit)
        }
    }

    // MARK: Entity constraints

    mutating func lowerEntityConstraints() {
        for decl in model.files.flatMap(\.decls) {
            guard case .entity(let d) = decl.kind, let e = program.entity(named: d.header.name.text) else { continue }
            for member in d.members {
                switch member.kind {
                case .field(let f):
                    guard let slot = e.fieldIndex[f.name.text] else { continue }
                    if case .named(let n, let args) = f.type.kind, n.text == "autonumber",
                       case .string(let lit)? = args.first, let pattern = lit.plainValue {
                        e.autonumbers.append((slot, pattern))
                    }
                    for option in f.options {
                        switch option {
                        case .defaultValue(let x):
                            e.fields[slot].defaultValue = compile(x, in: e, expected: e.fields[slot].type)
                        case .check(let x, let message):
                            if let c = compile(x, in: e) {
                                e.fields[slot].checks.append((c, message?.plainValue ?? "`\(c.text)` must hold"))
                            }
                        default: break
                        }
                    }
                case .validate(let x, let message):
                    if let c = compile(x, in: e) { e.validations.append((c, message.plainValue ?? "`\(c.text)` must hold")) }
                case .lifecycle(let l):
                    lowerTransitions(l, e)
                }
            }
        }
    }

    /// Transitions of a lifecycle declaration: each `a -> b -> c` chain link, with its guard.
    mutating func lowerTransitions(_ l: LifecycleDecl, _ e: IREntity) {
        guard let slot = e.fieldIndex[l.header.name.text],
              let k = e.lifecycles.firstIndex(where: { $0.slot == slot }) else { return }
        let stages = e.lifecycles[k].stages
        for item in l.items {
            guard case .transition(let chain, let when) = item, chain.count >= 2 else { continue }
            let guardExpr = when.flatMap { compile($0, in: e) }
            for (a, b) in zip(chain, chain.dropFirst()) {
                guard let to = stages.firstIndex(of: b.text) else { continue }
                let from = a.text == "any" ? nil : stages.firstIndex(of: a.text)
                if a.text != "any" && from == nil { continue }
                e.lifecycles[k].transitions.append(.init(from: from, to: to, guardExpr: guardExpr))
            }
        }
    }
}

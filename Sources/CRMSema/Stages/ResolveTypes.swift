// Stage resolveTypes: turns every field's syntactic type into a CRMType, gives fields
// their slots, and records each lifecycle (its field holds the stage) so expressions can
// be typed. Relation fields (`many X via f`) are checked once all entities have fields.
import CRMBase
import CRMSyntax

extension Checker {
    static let builtinTypeNames = ["text", "int", "decimal", "bool", "date", "datetime", "time", "duration",
                                   "email", "phone", "url", "money", "rating", "autonumber", "team"]

    static func resolveTypes(_ ctx: CheckContext) {
        var relations: [(EntitySymbol, Name, Name, Span)] = []
        for decl in ctx.decls {
            guard case .entity(let e) = decl.kind, let entity = ctx.symbols.entities[e.header.name.text],
                  entity.span == e.header.name.span else { continue }
            for member in e.members {
                switch member.kind {
                case .field(let f):
                    guard !f.name.isMissing else { continue }
                    let type = resolve(ctx, f.type)
                    var field = FieldSymbol(name: f.name.text, type: type, slot: 0, span: f.name.span)
                    for option in f.options {
                        switch option {
                        case .required: field.required = true
                        case .unique: field.unique = true
                        case .readonly: field.readonly = true
                        case .computed: field.computed = true
                        case .defaultValue: field.hasDefault = true
                        case .title, .check: break
                        }
                    }
                    addField(ctx, entity, field)
                    if case .many(let target, let via) = f.type.kind { relations.append((entity, target, via, f.type.span)) }
                case .lifecycle(let l):
                    guard !l.header.name.isMissing else { continue }
                    let symbol = lifecycleSymbol(ctx, l)
                    var field = FieldSymbol(name: l.header.name.text, type: .stage(entity.name, l.header.name.text),
                                            slot: 0, span: l.header.name.span)
                    field.required = true
                    field.isLifecycle = true
                    if addField(ctx, entity, field) { entity.lifecycles.append(symbol) }
                case .validate: break
                }
            }
        }
        for (entity, target, via, _) in relations { checkRelation(ctx, entity, target, via) }
    }

    @discardableResult
    static func addField(_ ctx: CheckContext, _ entity: EntitySymbol, _ field: FieldSymbol) -> Bool {
        if let i = entity.fieldIndex[field.name] {
            ctx.report(.duplicateMember, "`\(entity.name)` already has a field `\(field.name)`", at: field.span,
                       secondary: [Label(entity.fields[i].span, "first declared here")])
            return false
        }
        var f = field
        f.slot = entity.fields.count
        entity.fieldIndex[f.name] = f.slot
        entity.fields.append(f)
        return true
    }

    /// `many Target via field`: `field` must be a `ref` to the declaring entity.
    static func checkRelation(_ ctx: CheckContext, _ entity: EntitySymbol, _ target: Name, _ via: Name) {
        guard let t = ctx.symbols.entities[target.text], !via.isMissing else { return }
        guard let f = t.field(via.text) else {
            ctx.report(.unknownField, "`\(target.text)` has no field `\(via.text)`", at: via.span,
                       help: suggestion(via.text, t.fields.map(\.name)))
            return
        }
        if f.type.unwrapped != .ref(entity.name) {
            ctx.report(.typeMismatch, "`\(target.text).\(via.text)` must be `ref \(entity.name)` to link back, but it is `\(f.type)`",
                       at: via.span, secondary: [Label(f.span, "declared here")])
        }
    }

    /// `lifecycleSymbol` records stages (reporting duplicates) and transitions as written;
    /// the checkLifecycles stage validates them.
    static func lifecycleSymbol(_ ctx: CheckContext, _ l: LifecycleDecl) -> LifecycleSymbol {
        var s = LifecycleSymbol(field: l.header.name.text, span: l.header.name.span)
        for item in l.items {
            switch item {
            case .stages(let stages):
                for st in stages where !st.name.isMissing {
                    if let i = s.stageIndex(st.name.text) {
                        ctx.report(.duplicateMember, "stage `\(st.name.text)` is already declared", at: st.name.span,
                                   secondary: [Label(s.stages[i].span, "first declared here")])
                        continue
                    }
                    s.stages.append(.init(name: st.name.text, terminal: st.terminal, span: st.name.span))
                }
            case .transition(let chain, _):
                for (a, b) in zip(chain, chain.dropFirst()) where !a.isMissing && !b.isMissing {
                    s.transitions.append(.init(from: a.text == "any" ? nil : a.text, to: b.text, span: a.span.to(b.span)))
                }
            case .enter(let stage, let fields):
                s.requirements[stage.text, default: []] += fields.map(\.text)
            }
        }
        return s
    }

    /// `resolve` maps a syntactic type to a CRMType, reporting unknown names.
    static func resolve(_ ctx: CheckContext, _ t: TypeRef) -> CRMType {
        let base: CRMType
        switch t.kind {
        case .error: return .error
        case .ref(let name):
            base = ctx.symbols.entities[name.text] != nil ? .ref(name.text) : unknownEntity(ctx, name)
        case .many(let name, _):
            base = ctx.symbols.entities[name.text] != nil ? .many(name.text) : unknownEntity(ctx, name)
        case .set(let inner): base = .set(resolve(ctx, inner))
        case .list(let inner): base = .list(resolve(ctx, inner))
        case .named(let name, let args): base = resolveNamed(ctx, name, args, t.span)
        }
        return t.optional && !base.isError ? .optional(base) : base
    }

    static func unknownEntity(_ ctx: CheckContext, _ name: Name) -> CRMType {
        if !name.isMissing {
            ctx.report(.unknownEntity, "no entity named `\(name.text)`", at: name.span,
                       help: suggestion(name.text, ctx.symbols.entityOrder))
        }
        return .error
    }
}

// Stage checkEntities: defaults match their field's type, formulas type-check and are
// never optional where the field is not, validations and checks are boolean, `unique`
// only on types with equality, lifecycle guards are boolean.
import CRMBase
import CRMSyntax

extension Checker {
    static func checkEntities(_ ctx: CheckContext) {
        var tc = TypeChecker(ctx)
        for decl in ctx.decls {
            guard case .entity(let e) = decl.kind, let entity = ctx.symbols.entities[e.header.name.text],
                  entity.span == e.header.name.span else { continue }
            let scope = Scope(entity: entity)
            for member in e.members {
                switch member.kind {
                case .field(let f): checkField(ctx, &tc, f, entity, scope)
                case .validate(let cond, _): tc.requireBool(cond, scope)
                case .lifecycle(let l):
                    for item in l.items { if case .transition(_, let when?) = item { tc.requireBool(when, scope) } }
                }
            }
        }
    }

    static func checkField(_ ctx: CheckContext, _ tc: inout TypeChecker, _ f: FieldDecl, _ entity: EntitySymbol, _ scope: Scope) {
        guard let symbol = entity.field(f.name.text), symbol.span == f.name.span else { return }
        let type = symbol.type
        for option in f.options {
            switch option {
            case .defaultValue(let e): tc.expect(e, type, in: scope, what: "default")
            case .computed(let e): tc.expect(e, type, in: scope, what: "formula result")
            case .check(let cond, _): tc.requireBool(cond, scope)
            case .unique:
                switch type.unwrapped {
                case .set, .list, .many, .error: if !type.isError { ctx.report(.uniqueNotComparable, "`unique` needs a type with equality, not `\(type)`", at: f.type.span) }
                default: break
                }
            default: break
            }
        }
        if symbol.computed && symbol.hasDefault {
            ctx.report(.typeMismatch, "a computed field cannot also have a default", at: f.name.span)
        }
    }
}

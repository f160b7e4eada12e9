// Name resolution inside expressions, and member access.
import CRMBase
import CRMSyntax

extension TypeChecker {
    /// Weekday names accepted where a schedule or setting names a day.
    static let weekdays = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日",
                           "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// `resolveName` looks a bare name up: locals, fields of the entity in scope, the
    /// member or stage the context expects, entities, teams, then a unique enum member
    /// or stage of the entity in scope.
    mutating func resolveName(_ n: String, _ span: Span, _ scope: Scope, _ expected: CRMType?) -> CRMType {
        if let t = scope.locals[n] { return t }
        if n == "self", let entity = scope.entity, entity.field("self") == nil { return .ref(entity.name) }
        if let entity = scope.entity, let f = entity.field(n) {
            return scope.narrowed.contains(n) ? f.type.unwrapped : f.type
        }
        if let t = expectedMember(n, expected?.unwrapped, span) { return t }
        if symbols.entities[n] != nil { return .many(n) }
        if symbols.teams.contains(n) { return .team }
        if let owners = symbols.enumsByMember[n] {
            if owners.count == 1 { return .enumeration(owners[0]) }
            ctx.report(.ambiguousName, "`\(n)` is a member of several enums: \(owners.map { "`\($0)`" }.joined(separator: ", "))",
                       at: span, help: "qualify it, as in `\(owners[0]).\(n)`")
            return .error
        }
        if let entity = scope.entity {
            let lifecycles = entity.lifecycle(withStage: n)
            if lifecycles.count == 1 { return .stage(entity.name, lifecycles[0].field) }
        }
        if scope.openNames { openNamesSeen.append((n, span)); return .error }
        var candidates = Array(scope.locals.keys.sorted())
        candidates += scope.entity?.fields.map(\.name) ?? []
        if case .enumeration(let en)? = expected?.unwrapped { candidates += symbols.enums[en]?.members ?? [] }
        if case .stage(let en, let f)? = expected?.unwrapped { candidates += symbols.entities[en]?.lifecycle(f)?.stages.map(\.name) ?? [] }
        let inEntity = scope.entity.map { " on `\($0.name)`" } ?? ""
        ctx.report(.unknownName, "unknown name `\(n)`\(inEntity)", at: span, help: Checker.suggestion(n, candidates))
        return .error
    }

    /// A member of the enum, a stage of the lifecycle or a team the context expects.
    mutating func expectedMember(_ n: String, _ expected: CRMType?, _ span: Span) -> CRMType? {
        switch expected {
        case .enumeration(let en)?:
            guard let e = symbols.enums[en] else { return nil }
            if e.members.contains(n) { return .enumeration(en) }
            if symbols.enumsByMember[n] == nil && symbols.declarations[n] == nil {
                ctx.report(.unknownEnumMember, "`\(en)` has no member `\(n)`", at: span,
                           help: Checker.suggestion(n, e.members))
                return .error
            }
        case .stage(let en, let f)?:
            guard let l = symbols.entities[en]?.lifecycle(f) else { return nil }
            if l.stageIndex(n) != nil { return .stage(en, f) }
            if symbols.enumsByMember[n] == nil && symbols.declarations[n] == nil {
                ctx.report(.unknownStage, "lifecycle `\(f)` of `\(en)` has no stage `\(n)`", at: span,
                           help: Checker.suggestion(n, l.stages.map(\.name)))
                return .error
            }
        case .team?:
            if symbols.teams.contains(n) { return .team }
        default: break
        }
        return nil
    }

    /// `member` types `base.name`: an enum member, a field through a reference (optional
    /// if the reference is), a projection over many records, or a date/time part.
    mutating func member(_ base: Expr, _ name: Name, _ scope: Scope) -> CRMType {
        if case .name(let en) = base.kind, scope.locals[en] == nil, scope.entity?.field(en) == nil,
           let e = symbols.enums[en] {
            if e.members.contains(name.text) { return .enumeration(en) }
            ctx.report(.unknownEnumMember, "`\(en)` has no member `\(name.text)`", at: name.span,
                       help: Checker.suggestion(name.text, e.members))
            return .error
        }
        let bt = check(base, in: scope)
        if bt.isError || name.isMissing { return .error }
        let narrowedHere = base.path.map { scope.narrowed.contains($0 + "." + name.text) } ?? false
        switch bt.unwrapped {
        case .ref(let en), .many(let en):
            guard let entity = symbols.entities[en] else { return .error }
            guard let f = entity.field(name.text) else {
                ctx.report(.unknownField, "`\(en)` has no field `\(name.text)`", at: name.span,
                           help: Checker.suggestion(name.text, entity.fields.map(\.name)))
                return .error
            }
            if case .many = bt.unwrapped { return .list(f.type) }
            if narrowedHere { return f.type.unwrapped }
            return bt.isOptional ? f.type.optional : f.type
        case .datetime, .date:
            let parts: [String: CRMType] = ["date": .date, "year": .int, "month": .int, "day": .int, "hour": .int, "minute": .int, "weekday": .int]
            if let t = parts[name.text], bt.unwrapped == .datetime || !["hour", "minute", "date"].contains(name.text) {
                return bt.isOptional ? t.optional : t
            }
            ctx.report(.unknownField, "`\(bt.unwrapped)` has no part `\(name.text)`", at: name.span,
                       help: Checker.suggestion(name.text, bt.unwrapped == .datetime ? ["date", "year", "month", "day", "hour", "minute", "weekday"] : ["year", "month", "day", "weekday"]))
            return .error
        default:
            ctx.report(.invalidOperands, "a value of type `\(bt)` has no fields", at: name.span)
            return .error
        }
    }
}

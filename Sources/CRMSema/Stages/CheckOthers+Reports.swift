// Reports over an entity or a segment: `where` is a boolean over one record, `group by`
// expressions are typed per record, measures aggregate the group (E0612 for a field used
// outside an aggregate), `funnel` names a lifecycle field, `trend` a period and a date,
// `top N by` a measure or an ordered value, and `rfm` recency, frequency and monetary.
import CRMBase
import CRMSyntax

extension DeclChecker {
    static let trendPeriods = ["day", "week", "month"]

    /// Records each segment's entity so that reports can read segments.
    mutating func collectSegments(_ decls: [Decl]) {
        for decl in decls {
            guard case .segment(let s) = decl.kind, !s.header.name.isMissing,
                  symbols.declarations[s.header.name.text]?.span == s.header.name.span else { continue }
            segments[s.header.name.text] = s.entity.text
        }
    }

    /// The entity a report reads: an entity, or the entity of a segment.
    func reportEntity(_ name: Name) -> EntitySymbol? {
        guard !name.isMissing else { return nil }
        if let e = symbols.entities[name.text] { return e }
        if let of = segments[name.text] { return symbols.entities[of] }   // an unknown one was reported at the segment
        ctx.report(.unknownEntity, "no entity or segment named `\(name.text)`", at: name.span,
                   help: Checker.suggestion(name.text, symbols.entityOrder + segments.keys.sorted()))
        return nil
    }

    mutating func checkReport(_ r: ReportDecl) {
        guard let e = reportEntity(r.entity) else { return }
        let scope = Scope(entity: e)
        var measures: [String: Span] = [:]
        for case .measure(let ms) in r.items {
            for m in ms where !m.name.isMissing {
                if let first = measures[m.name.text] {
                    ctx.report(.duplicateMember, "measure `\(m.name.text)` is already declared", at: m.name.span,
                               secondary: [Label(first, "first declared here")])
                } else {
                    measures[m.name.text] = m.name.span
                }
            }
        }
        for (item, span) in zip(r.items, r.itemSpans) { checkReportItem(item, span, e, scope, measures) }
    }

    mutating func checkReportItem(_ item: ReportDecl.Item, _ span: Span, _ e: EntitySymbol, _ scope: Scope,
                                  _ measures: [String: Span]) {
        var group = scope
        group.aggregateEntity = e
        switch item {
        case .filter(let cond): tc.requireBool(cond, scope)
        case .groupBy(let keys): for k in keys { _ = tc.check(k, in: scope) }
        case .measure(let ms): for m in ms { checkMeasure(m, e, group) }
        case .funnel(let f): checkFunnel(f, e)
        case .trend(let period, let on):
            if !period.isMissing && !Self.trendPeriods.contains(period.text) {
                ctx.report(.invalidReportItem, "`trend` groups by `day`, `week` or `month`, not `\(period.text)`", at: period.span,
                           help: Checker.suggestion(period.text, Self.trendPeriods))
            }
            requireType(on, scope, "a date or datetime to place each record in time") { $0 == .date || $0 == .datetime }
        case .top(let n, let by):
            if (Int(n.filter { $0 != "_" }) ?? 0) < 1 {
                ctx.report(.invalidReportItem, "`top \(n)` keeps no rows; the count must be at least 1", at: span)
            }
            if case .name(let m) = by.kind, measures[m] != nil { return }
            requireType(by, group, "a measure or an ordered value to rank by", \.isOrdered)
        case .rfm(let recency, let frequency, let monetary):
            requireType(recency, scope, "a duration, date or datetime for recency") { [.duration, .date, .datetime].contains($0) }
            requireType(frequency, scope, "a number for frequency", \.isNumeric)
            requireType(monetary, scope, "money or a number for monetary value") {
                if case .money = $0 { return true }
                return $0.isNumeric
            }
        }
    }

    /// A measure is an ordered value per group, and every field of the record it uses
    /// sits inside an aggregate.
    mutating func checkMeasure(_ m: ReportDecl.Measure, _ e: EntitySymbol, _ group: Scope) {
        let t = tc.check(m.value, in: group)
        if !t.isError && !t.unwrapped.isOrdered {
            ctx.report(.typeMismatch, "a measure must be a number, money, duration or date, but `\(m.name.text)` is `\(t)`",
                       at: m.value.span)
            return
        }
        guard !t.isError, let loose = Self.fieldOutsideAggregate(m.value, e), case .name(let n) = loose.kind else { return }
        ctx.report(.measureNotAggregate, "`\(n)` is a value of each record; a measure combines the group's records",
                   at: loose.span, help: "aggregate it, for example `sum(\(n))`, `avg(\(n))` or `max(\(n))`")
    }

    /// The first name of a field of `e` in `expr` that no aggregate call encloses.
    static func fieldOutsideAggregate(_ expr: Expr, _ e: EntitySymbol) -> Expr? {
        func first(_ xs: [Expr]) -> Expr? {
            for x in xs { if let hit = fieldOutsideAggregate(x, e) { return hit } }
            return nil
        }
        switch expr.kind {
        case .name(let n): return e.field(n) != nil ? expr : nil
        case .call(let callee, let args, let filter):
            if case .name(let fn) = callee.kind, TypeChecker.aggregates.contains(fn) { return nil }
            return first(args + (filter.map { [$0] } ?? []))
        case .string(let s):
            return first(s.parts.compactMap { if case .interpolation(let x) = $0 { x } else { nil } })
        case .list(let items): return first(items)
        case .paren(let x), .unary(_, let x), .member(let x, _): return fieldOutsideAggregate(x, e)
        case .binary(_, let l, let r), .index(let l, let r): return first([l, r])
        case .conditional(let c, let a, let b): return first([c, a, b])
        case .literal, .bool, .null, .error: return nil
        }
    }

    /// `funnel f`: `f` is a lifecycle field of the report's entity.
    func checkFunnel(_ name: Name, _ e: EntitySymbol) {
        guard let f = field(name, of: e), !f.isLifecycle else { return }
        let lifecycles = e.lifecycles.map { "`\($0.field)`" }.joined(separator: ", ")
        ctx.report(.invalidReportItem, "a funnel follows a lifecycle, but `\(e.name).\(f.name)` is `\(f.type)`", at: name.span,
                   secondary: [Label(f.span, "declared here")],
                   help: lifecycles.isEmpty ? "`\(e.name)` has no lifecycle" : "lifecycles of `\(e.name)`: \(lifecycles)")
    }
}

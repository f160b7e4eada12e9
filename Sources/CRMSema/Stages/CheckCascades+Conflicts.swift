// Conflicting writes (W0802): two rules on the same trigger that set one field to
// different values, so the one that runs later silently overwrites the other. Only
// unconditional writes count (not those inside `if`), and rules whose `where` conditions
// exclude each other by equality facts (`source == 淘宝` vs `source in [官网注册, 小红书]`)
// are left alone: a warning should point at a real conflict. `tag x` and `untag x` of the
// same tag conflict; different tags do not.
import CRMBase
import CRMSyntax

extension Checker {
    /// One group of writes: the same trigger, the same field (and tag, for tags).
    struct ConflictKey: Hashable {
        var trigger: String
        var target: CascadeWrite.Target
        var tag: String?
    }

    /// How many earlier writes of a group a write is compared with: the groups are
    /// normally tiny, and the cap keeps pathological models linear.
    static let conflictScanLimit = 32

    static func reportConflictingWrites(_ ctx: CheckContext, _ rules: [CascadeRule]) {
        var groups: [ConflictKey: [(rule: Int, write: Int)]] = [:]
        for (i, rule) in rules.enumerated() {
            for (w, write) in rule.writes.enumerated() where !write.conditional {
                guard let value = write.valueKey, case .field(_, let field) = write.target else { continue }
                let tag = field == "tags" ? String(value.dropFirst()) : nil
                let key = ConflictKey(trigger: rule.triggerKey, target: write.target, tag: tag)
                let earlier = groups[key, default: []]
                if let hit = earlier.prefix(conflictScanLimit).first(where: { e in
                    e.rule != i && rules[e.rule].writes[e.write].valueKey != value
                        && !exclusive(rules[e.rule].facts, rule.facts)
                }) {
                    reportConflict(ctx, rules[hit.rule], rules[hit.rule].writes[hit.write], rule, write)
                }
                groups[key, default: []].append((i, w))
            }
        }
    }

    static func reportConflict(_ ctx: CheckContext, _ a: CascadeRule, _ wa: CascadeWrite, _ b: CascadeRule, _ wb: CascadeWrite) {
        guard case .field(let entity, let field) = wb.target else { return }
        let trigger = sourceText(ctx, b.triggerSpan) ?? b.triggerKey
        let message: String
        if field == "tags", let tag = wb.valueKey?.dropFirst() {
            let (tagger, untagger) = wb.valueKey?.first == "+" ? (b, a) : (a, b)
            message = "`\(tagger.name)` tags \(tag) and `\(untagger.name)` untags it, both `\(trigger)`"
        } else {
            message = "`\(a.name)` and `\(b.name)` both run `\(trigger)` and set `\(entity).\(field)` to different values"
        }
        ctx.report(.conflictingWrites, message, at: wb.span,
                   secondary: [Label(wa.span, "`\(a.name)` writes it here")],
                   help: "only the write of the rule that runs last survives; keep one of them, or give the rules exclusive `where` conditions")
    }

    /// Facts `path == constant` / `path in [constants]` that a condition requires, as
    /// the set of values each path may have.
    static func equalityFacts(_ e: Expr?, _ entity: EntitySymbol) -> [String: Set<String>] {
        guard let e else { return [:] }
        switch e.kind {
        case .paren(let inner): return equalityFacts(inner, entity)
        case .binary(.and, let l, let r):
            // Both sides hold: a path constrained by both may only take common values.
            return equalityFacts(l, entity).merging(equalityFacts(r, entity)) { $0.intersection($1) }
        case .binary(.eq, let l, let r):
            if let p = l.path, entity.field(p) != nil, let c = constantValue(r, entity) { return [p: [c]] }
            if let p = r.path, entity.field(p) != nil, let c = constantValue(l, entity) { return [p: [c]] }
            return [:]
        case .binary(.in, let l, let r):
            guard let p = l.path, entity.field(p) != nil, case .list(let items) = r.kind else { return [:] }
            let values = items.compactMap { constantValue($0, entity) }
            return values.count == items.count ? [p: Set(values)] : [:]
        default: return [:]
        }
    }

    /// Whether two sets of facts cannot hold together.
    static func exclusive(_ a: [String: Set<String>], _ b: [String: Set<String>]) -> Bool {
        a.contains { path, values in b[path].map { $0.isDisjoint(with: values) } ?? false }
    }

    /// The source text of a span, on one line, for messages; nil if no file has it.
    static func sourceText(_ ctx: CheckContext, _ span: Span) -> String? {
        for f in ctx.files where f.file.contains(span.start) {
            let s = f.file.offset(span.start), e = f.file.offset(span.end)
            guard s <= e, e <= f.file.bytes.count else { return nil }
            let text = String(decoding: f.file.bytes[s..<e], as: UTF8.self)
            return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        return nil
    }
}

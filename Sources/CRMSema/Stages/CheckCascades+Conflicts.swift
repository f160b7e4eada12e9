// Conflicting writes (W0802): two rules on the same trigger that set one field to
// different values, so the one that runs later silently overwrites the other. Only
// unconditional writes count (not those inside `if`), and rules whose `where` conditions
// exclude each other by equality facts (`source == 淘宝` vs `source in [官网注册, 小红书]`)
// are left alone: a warning should point at a real conflict. `tag x` and `untag x` of the
// same tag conflict; different tags do not.
import CRMBase
import CRMSyntax

extension Checker {
    /// One group of writes: the same field (and tag, for tags). Triggers are compared
    /// inside a group, so their spellings are built only for rules that share a field.
    struct ConflictKey: Hashable {
        var target: CascadeWrite.Target
        var tag: String?
    }

    /// How many earlier writes of a group a write is compared with: the groups are
    /// normally tiny, and the cap keeps pathological models linear.
    static let conflictScanLimit = 32

    /// Trigger spellings and condition facts, computed on first use per rule.
    struct ConflictCache {
        var triggers: [String?]
        var facts: [[String: Set<String>]?]

        init(count: Int) {
            triggers = Array(repeating: nil, count: count)
            facts = Array(repeating: nil, count: count)
        }

        mutating func trigger(_ i: Int, _ rules: [CascadeRule]) -> String {
            if let t = triggers[i] { return t }
            let t = ExprKey.trigger(rules[i].trigger)
            triggers[i] = t
            return t
        }

        mutating func facts(_ i: Int, _ rules: [CascadeRule]) -> [String: Set<String>] {
            if let f = facts[i] { return f }
            let f = Checker.equalityFacts(rules[i].condition, rules[i].entity)
            facts[i] = f
            return f
        }
    }

    static func reportConflictingWrites(_ ctx: CheckContext, _ rules: [CascadeRule]) {
        var groups: [ConflictKey: [(rule: Int, write: Int)]] = [:]
        var cache = ConflictCache(count: rules.count)
        for (i, rule) in rules.enumerated() {
            for (w, write) in rule.writes.enumerated() where !write.conditional {
                guard case .field = write.target else { continue }
                var tag: String? = nil
                switch write.value {
                case .none: continue
                case .key(let k): if write.isTag { tag = String(k.dropFirst()) }
                case .expr, .assignment: break
                }
                let key = ConflictKey(target: write.target, tag: tag)
                if let earlier = groups[key], let hit = firstConflict(earlier, i, write, rules, &cache) {
                    reportConflict(ctx, rules[hit.rule], rules[hit.rule].writes[hit.write], rule, write)
                }
                groups[key, default: []].append((i, w))
            }
        }
    }

    /// The first earlier write of the group that `write` (of rule `i`) conflicts with.
    static func firstConflict(_ earlier: [(rule: Int, write: Int)], _ i: Int, _ write: CascadeWrite,
                              _ rules: [CascadeRule], _ cache: inout ConflictCache) -> (rule: Int, write: Int)? {
        for e in earlier.prefix(conflictScanLimit) where e.rule != i {
            // Cheap tests first: the kind of trigger, then its spelling, then the values.
            guard triggerShape(rules[e.rule].trigger) == triggerShape(rules[i].trigger),
                  cache.trigger(e.rule, rules) == cache.trigger(i, rules),
                  let a = rules[e.rule].writes[e.write].value.key, let b = write.value.key, a != b,
                  !exclusive(cache.facts(e.rule, rules), cache.facts(i, rules)) else { continue }
            return e
        }
        return nil
    }

    /// A number per kind of trigger (created, updated, …, at, every).
    static func triggerShape(_ t: Trigger) -> Int {
        switch t.kind {
        case .on(_, let event):
            switch event {
            case .created: 1
            case .updated: 2
            case .deleted: 3
            case .changed: 4
            case .enters: 5
            case .inactive: 6
            case .approved: 7
            case .rejected: 8
            }
        case .at: 9
        case .every: 10
        case .error: 0
        }
    }

    static func reportConflict(_ ctx: CheckContext, _ a: CascadeRule, _ wa: CascadeWrite, _ b: CascadeRule, _ wb: CascadeWrite) {
        guard case .field(let field) = wb.target else { return }
        let trigger = sourceText(ctx, b.trigger.span) ?? ExprKey.trigger(b.trigger)
        let message: String
        if wb.isTag, case .key(let signed) = wb.value {
            let (tagger, untagger) = signed.first == "+" ? (b, a) : (a, b)
            message = "`\(tagger.name)` tags \(signed.dropFirst()) and `\(untagger.name)` untags it, both `\(trigger)`"
        } else {
            message = "`\(a.name)` and `\(b.name)` both run `\(trigger)` and set `\(field.description)` to different values"
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

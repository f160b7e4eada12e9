// TestRun+Explain owns how a failed expectation explains itself: for a comparison the
// expected and the actual value (`l.status == 高意向` → expected 高意向, actual 已联系), for
// `has`/`in` the collection as it is, for anything else the values of the record fields
// the expression reads; and the field-by-field diff of a record against the fields an
// `expect created` wanted (` ` same, `-` expected, `+` actual).
import CRMBase
import CRMRuntime
import CRMSema
import CRMStore
import CRMSyntax

extension TestRun {
    /// A caret label and notes for a condition that did not hold.
    func explain(_ e: Expr) -> (label: String?, notes: [String]) {
        let e = unparen(e)
        switch e.kind {
        case .binary(let op, let l, let r):
            switch op {
            case .eq, .ne, .lt, .le, .gt, .ge:
                // The side that reads the store is the actual value.
                let (actual, expected) = reads(l) || !reads(r) ? (l, r) : (r, l)
                // A bare stage or enum member on the expected side resolves by the
                // actual value's enum, as the checker resolved it.
                var context: CRMType?
                if case .enumMember(let m)? = try? evaluate(actual) { context = .enumeration(m.type) }
                let a = quiet(actual), x = quiet(expected, expecting: context)
                let what = model.text(actual.span) ?? "it"
                if op == .eq {
                    return ("\(what) is \(a)", ["expected: \(x)\nactual:   \(a)"])
                }
                if op == .ne { return ("\(what) is \(a)", ["expected: not \(x)\nactual:   \(a)"]) }
                return ("\(what) is \(a)", ["expected: \(what) \(op.rawValue) \(x)\nactual:   \(what) = \(a)"])
            case .has, .in:
                let coll = op == .has ? l : r
                return ("\(model.text(coll.span) ?? "it") is \(quiet(coll))", [])
            default: break
            }
        case .unary(.not, let inner):
            if case .binary(let op, let l, let r) = unparen(inner).kind, op == .has || op == .in {
                let coll = op == .has ? l : r
                return ("\(model.text(coll.span) ?? "it") is \(quiet(coll))", [])
            }
        default: break
        }
        var paths: [Expr] = []
        collectPaths(e, into: &paths, depth: 0)
        var seen = Set<String>()
        let values = paths.compactMap { p -> String? in
            guard let text = model.text(p.span), seen.insert(text).inserted else { return nil }
            return "\(text) = \(quiet(p))"
        }
        return (nil, values.isEmpty ? [] : ["values: " + values.prefix(8).joined(separator: ", ")])
    }

    func unparen(_ e: Expr) -> Expr {
        var e = e
        while case .paren(let inner) = e.kind { e = inner }
        return e
    }

    /// A subexpression's value for a message, or the error it raised.
    func quiet(_ e: Expr, expecting: CRMType? = nil) -> String {
        do throws(StepProblem) { return harness.show(try evaluate(e, expecting: expecting)) } catch {
            if case .invalid(let d) = error { return "error: \(d.message)" }
            return "error"
        }
    }

    /// Whether an expression reads one of the test's records.
    func reads(_ e: Expr) -> Bool {
        var paths: [Expr] = []
        collectPaths(e, into: &paths, depth: 0)
        return !paths.isEmpty
    }

    /// The outermost `l`, `l.f`, `l.f.g`, `l.f[0]` subexpressions rooted at a record of
    /// the test (depth-limited: messages need no more than the first few).
    func collectPaths(_ e: Expr, into out: inout [Expr], depth: Int) {
        guard depth < 48, out.count < 16 else { return }
        if isPath(e) { out.append(e); return }
        switch e.kind {
        case .paren(let x), .unary(_, let x): collectPaths(x, into: &out, depth: depth + 1)
        case .binary(_, let a, let b), .index(let a, let b):
            collectPaths(a, into: &out, depth: depth + 1); collectPaths(b, into: &out, depth: depth + 1)
        case .member(let a, _): collectPaths(a, into: &out, depth: depth + 1)
        case .list(let xs): for x in xs { collectPaths(x, into: &out, depth: depth + 1) }
        case .call(_, let args, let filter):
            for x in args { collectPaths(x, into: &out, depth: depth + 1) }
            if let filter { collectPaths(filter, into: &out, depth: depth + 1) }
        case .conditional(let a, let b, let c):
            for x in [a, b, c] { collectPaths(x, into: &out, depth: depth + 1) }
        default: break
        }
    }

    func isPath(_ e: Expr) -> Bool {
        var e = e
        for _ in 0..<64 {
            switch e.kind {
            case .name(let n): return bindings[n] != nil
            case .member(let base, _): e = base
            case .index(let base, let i):
                if case .literal = i.kind { e = base } else { return false }
            default: return false
            }
        }
        return false
    }

    /// The fields of a record against wanted values, one per line: `  f: v` when equal,
    /// `- f: expected` and `+ f: actual` when not.
    func recordDiff(_ id: RecordID, _ wanted: [(field: String, value: Value)]) -> String {
        var lines: [String] = []
        for w in wanted {
            let actual = harness.field(w.field, of: id) ?? .null
            if actual == w.value {
                lines.append("  \(w.field): \(harness.show(actual))")
            } else {
                lines.append("- \(w.field): \(harness.show(w.value))")
                lines.append("+ \(w.field): \(harness.show(actual))")
            }
        }
        return lines.joined(separator: "\n")
    }
}

// Decision-table cells as value sets. Each cell gets two sets: `must`, the inputs it
// certainly matches, and `may`, the inputs it might match. They differ only for cells the
// checker cannot evaluate (any expression other than a literal, a member, a team or
// `null`: must = nothing, may = everything) and around `null`, whose behaviour under
// `!=`, `<` and ranges is the runtime's business (must excludes it, may includes it).
// Errors use `must` (overlaps are reported only when certain); warnings about coverage
// use `may` on the side that must be covered. That keeps every report sound.
import CRMBase
import CRMSyntax

extension TableColumn {
    /// The analysis column for an input; `cells` are the column's cells in all rows
    /// (they fix the decimal scale of numeric columns).
    init(name: String, type: CRMType, symbols: SymbolTable, cells: [TableDecl.Cell]) {
        self.name = name
        nullable = type.isOptional
        known = !type.isError
        let null = type.isOptional ? ["null"] : []
        switch type.unwrapped {
        case .enumeration(let en): domain = .finite(names: (symbols.enums[en]?.members ?? []) + null)
        case .bool: domain = .finite(names: ["true", "false"] + null)
        case .stage(let en, let f):
            domain = .finite(names: (symbols.entities[en]?.lifecycle(f)?.stages.map(\.name) ?? []) + null)
        case .int, .rating: domain = .numeric(integral: true, scale: 0, unit: nil)
        case .decimal: domain = .numeric(integral: false, scale: Self.scale(of: cells), unit: nil)
        case .money(let c): domain = .numeric(integral: false, scale: Self.scale(of: cells), unit: c)
        default: domain = .points
        }
        makeExtremes()
    }

    /// The largest number of decimal digits of a literal in `cells`, at most 18 (beyond
    /// that scaled values would overflow and the cells count as not analysable).
    static func scale(of cells: [TableDecl.Cell]) -> Int {
        var scale = 0
        for cell in cells {
            switch cell {
            case .equal(let e), .compare(_, let e): scale = max(scale, fractionDigits(e))
            case .range(let a, let b): scale = max(scale, fractionDigits(a), fractionDigits(b))
            case .any: break
            }
        }
        return min(scale, 18)
    }

    static func fractionDigits(_ e: Expr) -> Int {
        switch e.kind {
        case .paren(let inner), .unary(.negate, let inner): return fractionDigits(inner)
        case .literal(.decimal, let t), .literal(.money, let t):
            var count = 0, inFraction = false
            for b in t.utf8 {
                if b == UInt8(ascii: ".") { inFraction = true } else if b == UInt8(ascii: " ") { break }
                else if inFraction && b != UInt8(ascii: "_") { count += 1 }
            }
            return count
        default: return 0
        }
    }

    /// `cellSets` gives (must, may) for one cell of this column.
    func cellSets(_ cell: TableDecl.Cell) -> (must: ValueSet, may: ValueSet) {
        let unknown = (empty, all)
        switch cell {
        case .any: return (all, all)
        case .equal(let e):
            guard let v = value(e) else { return unknown }
            return (v, v)
        case .compare(.ne, let e):
            guard let v = value(e), !isNull(e) else { return unknown }
            let others = v.complement(self)
            return (withoutNull(others), others)
        case .compare(let op, let e):
            guard let n = number(e) else { return unknown }
            let iv: Interval
            switch op {
            case .lt: iv = Interval(lo: nil, loIn: false, hi: n, hiIn: false)
            case .le: iv = Interval(lo: nil, loIn: false, hi: n, hiIn: true)
            case .gt: iv = Interval(lo: n, loIn: false, hi: nil, hiIn: false)
            case .ge: iv = Interval(lo: n, loIn: true, hi: nil, hiIn: false)
            default: return unknown
            }
            return numericSets(iv)
        case .range(let a, let b):
            guard let x = number(a), let y = number(b) else { return unknown }
            return numericSets(Interval(lo: x, loIn: true, hi: y, hiIn: true))
        }
    }

    func numericSets(_ iv: Interval) -> (must: ValueSet, may: ValueSet) {
        let ivs = iv.normalized(integral: integral).map { [$0] } ?? []
        return (.numeric(ivs, null: false), .numeric(ivs, null: nullable))
    }

    func withoutNull(_ s: ValueSet) -> ValueSet {
        guard nullable else { return s }
        switch s {
        case .numeric(let ivs, _): return .numeric(ivs, null: false)
        case .allBut(let p): return .allBut(p.union(["null"]))
        case .points(let p): return .points(p.subtracting(["null"]))
        case .finite(let b):
            guard case .finite(let names) = domain else { return s }
            var n = Bits(count: names.count)
            n.insert(names.count - 1)
            return .finite(b.subtracting(n))
        }
    }

    func isNull(_ e: Expr) -> Bool {
        if case .paren(let inner) = e.kind { return isNull(inner) }
        return e.kind == .null
    }

    /// The one-value set a constant cell denotes, or nil if it is not a constant of the column.
    func value(_ e: Expr) -> ValueSet? {
        guard known else { return nil }
        if isNull(e) && !nullable { return nil }
        switch domain {
        case .finite(let names):
            let key = isNull(e) ? "null" : TableColumn.constantKey(e)
            guard let key, let i = names.firstIndex(of: key) else { return nil }
            var b = Bits(count: names.count)
            b.insert(i)
            return .finite(b)
        case .numeric:
            if isNull(e) { return .numeric([], null: true) }
            return number(e).map { .numeric([Interval.point($0)], null: false) }
        case .points:
            return TableColumn.constantKey(e).map { .points([$0]) }
        }
    }

    /// A literal of a numeric column as an integer at the column's scale.
    func number(_ e: Expr) -> Int? {
        guard known, case .numeric(_, let scale, let unit) = domain else { return nil }
        return Self.scaledNumber(e, scale: scale, unit: unit)
    }

    static func scaledNumber(_ e: Expr, scale: Int, unit: String?) -> Int? {
        switch e.kind {
        case .paren(let inner): return scaledNumber(inner, scale: scale, unit: unit)
        case .unary(.negate, let inner): return scaledNumber(inner, scale: scale, unit: unit).map { -$0 }
        case .literal(let kind, let text):
            switch kind {
            case .int, .decimal: guard unit == nil else { return nil }
            case .money: guard unit != nil else { return nil }
            default: return nil
            }
            return scaledLiteral(text, scale: scale, unit: unit)
        default: return nil
        }
    }

    /// Parses "1_000", "0.85" or "100000 CNY" byte by byte (this runs for every numeric
    /// cell of every table, so it allocates nothing): the value times 10^scale, or nil if
    /// it has more decimals than `scale`, overflows, or has another currency than `unit`.
    static func scaledLiteral(_ text: String, scale: Int, unit: String?) -> Int? {
        var value = 0, decimals = -1
        var bytes = text.utf8[...]
        while let b = bytes.first, b != UInt8(ascii: " ") {
            bytes = bytes.dropFirst()
            if b == UInt8(ascii: "_") { continue }
            if b == UInt8(ascii: ".") { decimals = 0; continue }
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            if decimals >= 0 { decimals += 1 }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int(b - UInt8(ascii: "0")))
            guard !o1, !o2 else { return nil }
            value = sum
        }
        while bytes.first == UInt8(ascii: " ") { bytes = bytes.dropFirst() }
        guard bytes.elementsEqual((unit ?? "").utf8), max(decimals, 0) <= scale else { return nil }
        for _ in 0..<(scale - max(decimals, 0)) {
            let (v, o) = value.multipliedReportingOverflow(by: 10)
            guard !o else { return nil }
            value = v
        }
        return value
    }

    /// A spelling that identifies a constant: literals, plain strings, booleans, `null`,
    /// names (members and teams, since cells and outputs have no entity in scope) and
    /// `Enum.member`. nil for anything that must be evaluated.
    static func constantKey(_ e: Expr) -> String? {
        switch e.kind {
        case .paren(let inner): return constantKey(inner)
        case .literal(_, let t): return t
        case .unary(.negate, let inner): return constantKey(inner).map { "-" + $0 }
        case .string(let s): return s.plainValue.map { "\"\($0)\"" }
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .name(let n): return n
        case .member(let base, let m): if case .name = base.kind { return m.text } else { return nil }
        default: return nil
        }
    }

    /// `describe` names one value of a non-empty set, for messages ("华东", "5", "10000 CNY").
    func describe(_ s: ValueSet) -> String {
        switch s {
        case .finite(let b):
            guard case .finite(let names) = domain, let i = b.first else { return "_" }
            return names[i]
        case .numeric(let ivs, let null):
            guard let iv = ivs.first else { return null ? "null" : "_" }
            return format(representative(iv))
        case .points(let p): return p.sorted().first ?? "_"
        case .allBut(let p): return p.isEmpty ? "_" : "!= " + p.sorted().joined(separator: ", != ")
        }
    }

    /// A value inside a non-empty interval, as (mantissa, extra decimal digit).
    func representative(_ iv: Interval) -> (Int, Bool) {
        if let lo = iv.lo, iv.loIn { return (lo, false) }
        if let hi = iv.hi, iv.hiIn { return (hi, false) }
        if let lo = iv.lo, let hi = iv.hi {
            // Both bounds exclusive (continuous column): the midpoint, one digit finer.
            let sum = lo.addingReportingOverflow(hi)
            let mid = sum.partialValue.multipliedReportingOverflow(by: 5)
            if !sum.overflow && !mid.overflow { return (mid.partialValue, true) }
            return (lo, false)
        }
        if let lo = iv.lo { return (lo == Int.max ? lo : lo + 1, false) }
        if let hi = iv.hi { return (hi == Int.min ? hi : hi - 1, false) }
        return (0, false)
    }

    func format(_ v: (Int, Bool)) -> String {
        guard case .numeric(_, let scale0, let unit) = domain else { return String(v.0) }
        let scale = scale0 + (v.1 ? 1 : 0)
        var digits = String(v.0.magnitude)
        if scale > 0 {
            if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
            // 0.50 reads as 0.5 and 100.00 as 100: the scale is an artefact of the analysis.
            while digits.hasSuffix("0") { digits.removeLast() }
            if digits.hasSuffix(".") { digits.removeLast() }
        }
        return (v.0 < 0 ? "-" : "") + digits + (unit.map { " " + $0 } ?? "")
    }
}

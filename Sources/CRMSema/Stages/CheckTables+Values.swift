// Sets of column values for the decision-table coverage analysis (CheckTables+Coverage).
// A column is modelled by its domain: finite (enum members, true/false), numeric (ints,
// ratings, decimals and money as integers scaled to the column's largest literal scale,
// so literals compare exactly without floating point) or "points" (any other type,
// compared by literal spelling). A `ValueSet` is a subset of a domain and supports
// intersection, complement and emptiness: enough to subtract boxes of cells.

/// One input column of a table, as the analysis sees it.
struct TableColumn {
    enum Domain {
        /// `names` lists the values; the last one is `null` when the column is optional.
        case finite(names: [String])
        /// Values are integers scaled by 10^scale; `integral` columns have no values
        /// between consecutive integers; `unit` is the currency of money.
        case numeric(integral: Bool, scale: Int, unit: String?)
        /// Matched by constant spelling only (text, dates, teams, references, …).
        case points
    }
    var name: String
    var domain: Domain
    /// Whether `null` is a value of the column (an optional input type).
    var nullable: Bool
    /// False when the column's type did not resolve: then no cell but `_` is analysed.
    var known: Bool = true
    /// The whole domain and the empty set, built once: every `_` cell shares them.
    var all: ValueSet = .points([])
    var empty: ValueSet = .points([])

    mutating func makeExtremes() {
        switch domain {
        case .finite(let names):
            all = .finite(Bits.all(names.count))
            empty = .finite(Bits(count: names.count))
        case .numeric:
            all = .numeric([Interval(lo: nil, loIn: false, hi: nil, hiIn: false)], null: nullable)
            empty = .numeric([], null: false)
        case .points:
            all = .allBut([])
            empty = .points([])
        }
    }
    var integral: Bool { if case .numeric(true, _, _) = domain { true } else { false } }
}

/// A subset of a finite domain, one bit per value. The first 64 values live inline, so
/// the sets of ordinary enums and booleans never allocate.
struct Bits: Equatable {
    var word: UInt64 = 0
    /// Values 64 and up, 64 per element (empty for small domains).
    var more: [UInt64]

    init(count: Int) { more = count > 64 ? Array(repeating: 0, count: (count - 1) / 64) : [] }

    static func all(_ count: Int) -> Bits {
        var b = Bits(count: count)
        b.word = count >= 64 ? ~0 : (1 << UInt64(count)) - 1
        for i in 64..<max(64, count) { b.insert(i) }
        return b
    }
    mutating func insert(_ i: Int) {
        if i < 64 { word |= 1 << UInt64(i) } else { more[i / 64 - 1] |= 1 << UInt64(i % 64) }
    }
    var isEmpty: Bool { word == 0 && more.allSatisfy { $0 == 0 } }
    var first: Int? {
        if word != 0 { return word.trailingZeroBitCount }
        for (w, bits) in more.enumerated() where bits != 0 { return (w + 1) * 64 + bits.trailingZeroBitCount }
        return nil
    }
    func intersects(_ o: Bits) -> Bool {
        word & o.word != 0 || zip(more, o.more).contains { $0 & $1 != 0 }
    }
    func intersection(_ o: Bits) -> Bits {
        var r = self
        r.word &= o.word
        for i in r.more.indices { r.more[i] &= o.more[i] }
        return r
    }
    func complement(count: Int) -> Bits { Bits.all(count).subtracting(self) }
    func subtracting(_ o: Bits) -> Bits {
        var r = self
        r.word &= ~o.word
        for i in r.more.indices { r.more[i] &= ~o.more[i] }
        return r
    }
}

/// An interval of scaled numbers; nil bounds are infinite.
struct Interval: Equatable {
    var lo: Int?
    var loIn: Bool
    var hi: Int?
    var hiIn: Bool

    var isEmpty: Bool {
        guard let lo, let hi else { return false }
        return lo > hi || (lo == hi && !(loIn && hiIn))
    }

    func intersection(_ o: Interval) -> Interval {
        var r = self
        if let b = o.lo, r.lo.map({ b > $0 || (b == $0 && !o.loIn) }) ?? true { r.lo = b; r.loIn = o.loIn }
        if let b = o.hi, r.hi.map({ b < $0 || (b == $0 && !o.hiIn) }) ?? true { r.hi = b; r.hiIn = o.hiIn }
        return r
    }

    /// For integral columns `< 5` is `<= 4`: exclusive bounds become inclusive ones, so
    /// emptiness and adjacency are exact. nil if the interval is empty.
    func normalized(integral: Bool) -> Interval? {
        var r = self
        if integral, let lo, !loIn {
            guard lo < Int.max else { return nil }
            r.lo = lo + 1; r.loIn = true
        }
        if integral, let hi, !hiIn {
            guard hi > Int.min else { return nil }
            r.hi = hi - 1; r.hiIn = true
        }
        return r.isEmpty ? nil : r
    }

    static func point(_ v: Int) -> Interval { Interval(lo: v, loIn: true, hi: v, hiIn: true) }
}

/// A set of values of one column.
enum ValueSet {
    case finite(Bits)
    /// A sorted, disjoint union of intervals, plus whether `null` belongs to the set.
    case numeric([Interval], null: Bool)
    /// Exactly these constants (by spelling).
    case points(Set<String>)
    /// Every value except these constants.
    case allBut(Set<String>)

    var isEmpty: Bool {
        switch self {
        case .finite(let b): b.isEmpty
        case .numeric(let ivs, let null): ivs.isEmpty && !null
        case .points(let p): p.isEmpty
        case .allBut: false
        }
    }

    /// Whether the two sets share a value; allocates nothing (box subtraction calls it
    /// first, and most pairs of rows do not meet).
    func intersects(_ o: ValueSet, _ col: TableColumn) -> Bool {
        switch (self, o) {
        case (.finite(let a), .finite(let b)): return a.intersects(b)
        case (.numeric(let a, let na), .numeric(let b, let nb)):
            if na && nb { return true }
            return a.contains { x in b.contains { y in x.intersection(y).normalized(integral: col.integral) != nil } }
        case (.points(let a), .points(let b)): return !a.isDisjoint(with: b)
        case (.points(let a), .allBut(let b)), (.allBut(let b), .points(let a)): return a.contains { !b.contains($0) }
        case (.allBut, .allBut): return true
        default: return false
        }
    }

    func intersection(_ o: ValueSet, _ col: TableColumn) -> ValueSet {
        switch (self, o) {
        case (.finite(let a), .finite(let b)): return .finite(a.intersection(b))
        case (.numeric(let a, let na), .numeric(let b, let nb)):
            var out: [Interval] = []
            for x in a { for y in b { if let i = x.intersection(y).normalized(integral: col.integral) { out.append(i) } } }
            return .numeric(Self.sorted(out), null: na && nb)
        case (.points(let a), .points(let b)): return .points(a.intersection(b))
        case (.points(let a), .allBut(let b)): return .points(a.subtracting(b))
        case (.allBut(let a), .points(let b)): return .points(b.subtracting(a))
        case (.allBut(let a), .allBut(let b)): return .allBut(a.union(b))
        default: return col.empty
        }
    }

    func complement(_ col: TableColumn) -> ValueSet {
        switch self {
        case .finite(let b):
            guard case .finite(let names) = col.domain else { return col.empty }
            return .finite(b.complement(count: names.count))
        case .numeric(let ivs, let null):
            return .numeric(Self.complementIntervals(ivs, integral: col.integral), null: col.nullable && !null)
        case .points(let p): return .allBut(p)
        case .allBut(let p): return .points(p)
        }
    }

    func subtracting(_ o: ValueSet, _ col: TableColumn) -> ValueSet { intersection(o.complement(col), col) }

    /// Whether the set is the whole domain (shown as `_` in messages).
    func isFull(_ col: TableColumn) -> Bool { complement(col).isEmpty }

    static func sorted(_ ivs: [Interval]) -> [Interval] {
        ivs.sorted { a, b in
            guard let x = a.lo else { return b.lo != nil }
            guard let y = b.lo else { return false }
            return x < y || (x == y && a.loIn && !b.loIn)
        }
    }

    /// The gaps of a sorted disjoint union, from minus to plus infinity.
    static func complementIntervals(_ ivs: [Interval], integral: Bool) -> [Interval] {
        var out: [Interval] = []
        var start: (value: Int?, inclusive: Bool)? = (nil, false)
        for iv in ivs {
            guard let s = start else { break }
            if let lo = iv.lo { out.append(Interval(lo: s.value, loIn: s.inclusive, hi: lo, hiIn: !iv.loIn)) }
            if let hi = iv.hi { start = (hi, !iv.hiIn) } else { start = nil }
        }
        if let s = start { out.append(Interval(lo: s.value, loIn: s.inclusive, hi: nil, hiIn: false)) }
        return out.compactMap { $0.normalized(integral: integral) }
    }
}

/// Cells as boxes: one value set per input column.
typealias CellBox = [ValueSet]

extension Array where Element == ValueSet {
    /// `subtracting(_:columns:)` returns disjoint boxes covering `self` minus `other`:
    /// for each column i, the part of `self` that agrees with `other` on the columns
    /// before i and differs on column i. `self` unchanged if the two do not meet.
    func subtracting(_ other: CellBox, _ columns: [TableColumn]) -> (pieces: [CellBox], met: Bool) {
        for i in indices where !self[i].intersects(other[i], columns[i]) { return ([self], false) }
        let common = indices.map { self[$0].intersection(other[$0], columns[$0]) }
        var pieces: [CellBox] = []
        var prefix = self
        for i in indices {
            let rest = self[i].subtracting(other[i], columns[i])
            if !rest.isEmpty {
                var p = prefix
                p[i] = rest
                pieces.append(p)
            }
            prefix[i] = common[i]
        }
        return (pieces, true)
    }

    /// `meets(_:columns:)` is the intersection of two boxes, or nil if it is empty.
    func meets(_ other: CellBox, _ columns: [TableColumn]) -> CellBox? {
        for i in indices where !self[i].intersects(other[i], columns[i]) { return nil }
        var out: CellBox = []
        for i in indices {
            let c = self[i].intersection(other[i], columns[i])
            if c.isEmpty { return nil }
            out.append(c)
        }
        return out
    }
}

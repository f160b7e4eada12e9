// Suggest owns "did you mean ...?": edit distance over Unicode scalars and the choice of
// the closest known name, so misspelt Latin and Chinese names get the same help.

/// Spelling suggestions for unknown names.
public enum Suggest {
    /// `closest(to:among:maxDistance:)` returns the candidate with the smallest edit
    /// `distance` to `name`, or nil when none is within `maxDistance`.
    ///
    /// The default threshold is `max(1, n / 3)` where `n` is the number of Unicode scalars
    /// in `name`, so a one- or two-character Chinese name still tolerates one edit
    /// (客户名 finds 客户名称). Ties go to the candidate listed first, so the answer is
    /// deterministic. A candidate equal to `name` has distance 0 and is returned as is.
    public static func closest(to name: String, among candidates: [String], maxDistance: Int? = nil) -> String? {
        let target = Array(name.unicodeScalars)
        let limit = maxDistance ?? max(1, target.count / 3)
        guard limit >= 0 else { return nil }
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let other = Array(candidate.unicodeScalars)
            // The distance is at least the length difference; skip hopeless candidates early.
            if abs(other.count - target.count) > limit { continue }
            let d = distance(target, other)
            guard d <= limit else { continue }
            if best == nil || d < (best?.distance ?? Int.max) { best = (candidate, d) }
        }
        return best?.name
    }

    /// `distance(_:_:)` is the optimal-string-alignment Damerau-Levenshtein distance between
    /// `a` and `b` over Unicode scalars: insertions, deletions, substitutions and swaps of
    /// two adjacent scalars each cost 1.
    public static func distance(_ a: String, _ b: String) -> Int {
        distance(Array(a.unicodeScalars), Array(b.unicodeScalars))
    }

    /// Scalar-array form of `distance(_:_:)`, keeping three rows of the DP table.
    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)   // row i-2
        var previous = Array(0...b.count)                         // row i-1
        var current = [Int](repeating: 0, count: b.count + 1)   // row i
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var d = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d = min(d, before[j - 2] + 1)
                }
                current[j] = d
            }
            swap(&before, &previous)
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

// Contextual keywords. The lexer tags a `.name` token with its `Word` once, by a
// length-bucketed byte comparison (no String hashing in the hot path); the parser then
// compares small integers. Any of these may still be used as a name.

public enum Word: UInt8, CaseIterable, Sendable {
    case none
    case add, advance, all, allow, any, approval, approve, approved, `as`, assign, at, audit
    case by, check, clock, comment, computed, create, created, day, delete, deleted, deny, `do`, due
    case changed, enter, enters, entity, `enum`, escalate, every, expect, extends
    case `for`, from, funnel, given, group, has, hit, `in`, inactive, input, lifecycle, list
    case many, measure, month, move, notify, of, on, outbox, output, pool, priority, read
    case readonly, ref, reject, rejected, report, required, requires, rfm, role, rule, score
    case segment, set, settings, stages, start, step, table, tag, task, team, template
    case terminal, test, timeout, to, top, trend, unique, untag, update, updated, validate
    case via, webhook, week, when, `where`, with, without, write, yearly

    /// The spelling of the word.
    public var text: String { Word.texts[Int(rawValue)] }

    static let texts: [String] = Word.allCases.map { w -> String in
        if w == .none { return "" }
        return String(describing: w)
    }

    /// Words bucketed by byte length, for `lookup`.
    private static let buckets: [[(bytes: [UInt8], word: Word)]] = {
        var b = Array(repeating: [(bytes: [UInt8], word: Word)](), count: 12)
        for w in Word.allCases where w != .none {
            let bytes = Array(w.text.utf8)
            b[bytes.count].append((bytes, w))
        }
        return b
    }()

    /// `lookup(_:_:)` returns the word spelled by `bytes[range]`, or `.none`.
    @inline(__always)
    static func lookup(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Word {
        let n = end - start
        guard n >= 2 && n < 12 else { return .none }
        let first = bytes[start]
        guard first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z") else { return .none }
        outer: for (cand, word) in buckets[n] where cand[0] == first {
            var i = 1
            while i < n {
                if cand[i] != bytes[start + i] { continue outer }
                i += 1
            }
            return word
        }
        return .none
    }
}

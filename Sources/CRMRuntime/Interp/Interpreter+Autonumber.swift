// Interpreter+Autonumber fills `autonumber("HT-{yyyy}-{seq:5}")` fields when a record is
// created without a value for them.
//
// The pattern's date placeholders ({yyyy} {yy} {MM} {dd}; {mm} is accepted as month too)
// are the creation date in the model's time zone. The sequence counts per *rendered
// prefix*: everything but {seq:N} filled in, plus the entity and field. So a pattern
// with {yyyy} restarts at 1 every year, one with {dd} every day, and one without date
// parts never restarts. {seq:N} is zero-padded to N digits (more digits if it outgrows
// them, never truncated). Counters live in the internal store entity `_sequence`
// (key text unique, next int), so they commit and roll back with the record that used
// them: a rejected command does not burn a number.
import CRMBase
import CRMStore

extension Interpreter {
    /// The store entity number of autonumber counters (after cursors and approvals).
    var sequenceEntity: EntityID { EntityID(entityTables.count + 10) }

    func declareSequenceEntity() throws {
        guard entityTables.contains(where: { !$0.autonumbers.isEmpty }) else { return }
        try store.declareEntity(sequenceEntity, EntitySchema(name: "_sequence", slotNames: ["key", "next"],
                                                             uniqueSlots: [0], indexedSlots: []))
    }

    /// Fills the empty autonumber slots of a record being created.
    func fillAutonumbers(_ e: IREntity, _ slots: inout [StoredValue]) throws {
        let (days, _) = calendar.local(ofInstant: clock.nowMicros())
        let date = CivilDate(days: days)
        for (slot, pattern) in e.autonumbers where slots[slot].isNull {
            let (prefix, width) = Self.render(pattern, date: date, sequence: nil)
            let key = "\(e.name).\(e.fields[slot].name)|\(prefix)"
            let n = try nextSequence(key)
            slots[slot] = .text(Self.render(pattern, date: date, sequence: (n, width)).text)
        }
    }

    /// The next number for `key` (1 for a new key), advancing the stored counter.
    func nextSequence(_ key: String) throws -> Int64 {
        if let counter = try store.lookupUnique(sequenceEntity, slot: 0, value: .text(key)) {
            guard case .int(let n)? = store.value(counter, slot: 1) else { return 1 }
            try store.update(counter, slot: 1, to: .int(n + 1))
            return n
        }
        _ = try store.create(sequenceEntity, slots: [.text(key), .int(2)])
        return 1
    }

    /// The pattern with its date placeholders filled in and `{seq:N}` replaced by the
    /// sequence (or by `{seq}` when `sequence` is nil, to form the counter's key); also
    /// the width N.
    static func render(_ pattern: String, date: CivilDate, sequence: (Int64, Int)?) -> (text: String, width: Int) {
        func pad(_ n: Int64, _ width: Int) -> String {
            let digits = String(n)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        var out = "", width = 1
        var rest = Substring(pattern)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            let token = rest[rest.index(after: open)..<close]
            switch token {
            case "yyyy": out += pad(date.year, 4)
            case "yy": out += pad(date.year % 100, 2)
            case "MM", "mm": out += pad(date.month, 2)
            case "dd": out += pad(date.day, 2)
            default:
                if token.hasPrefix("seq:"), let n = Int(token.dropFirst(4)) {
                    width = n
                    if let (value, w) = sequence { out += pad(value, w) } else { out += "{seq}" }
                } else {
                    out += rest[open...close]
                }
            }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return (out, width)
    }
}

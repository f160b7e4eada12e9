// NameTable owns looking up the names a command spells — its entity, its fields, the
// enum members it gives as text — which every `crm run` event and every benchmark lead
// does several times. A Dictionary hashes the whole name with SipHash on each lookup
// (~400 instructions, the largest single cost of converting an event's input); the
// few names of one table are found faster by comparing them in turn, which for short
// names is a comparison of two machine words. Tables with many names (an enum of 200
// members) keep the dictionary. Equality is String's (canonical equivalence), the
// same as the dictionary's, so both find the same entry. A class: tables sit inside
// per-entity layouts read on every command, and one reference copies for one retain.
//
// String's `==` is quick only when the two are equal; telling two different names
// apart goes through its general comparison. So the scan first compares the names'
// bytes, packed in two words (NameBytes): a name spelled exactly as declared — what
// events almost always send — is found without that. Names never differ only in
// canonical equivalence within one table (they are deduplicated by it), so a byte
// match is the entry String's `==` finds; a name that matches no bytes (spelled in
// another normalization, or unknown) is looked for with String's `==` after.

final class NameTable {
    /// Up to this many names are scanned; more use the dictionary.
    static let scanLimit = 16

    private let names: [String]
    private let bytes: [NameBytes?]
    private let values: [Int]
    private let index: [String: Int]

    /// `pairs` in order; for a repeated name the first wins.
    init(_ pairs: [(String, Int)]) {
        var names: [String] = [], values: [Int] = [], index: [String: Int] = [:]
        for (name, value) in pairs where index[name] == nil {
            index[name] = value
            names.append(name)
            values.append(value)
        }
        self.names = names
        self.bytes = names.map(NameBytes.init)
        self.values = values
        self.index = index
    }

    subscript(name: String) -> Int? {
        if names.count > Self.scanLimit { return index[name] }
        if let key = NameBytes(name) {
            for i in bytes.indices where bytes[i] == key { return values[i] }
        }
        for i in names.indices where names[i] == name { return values[i] }
        return nil
    }
}

/// A name of at most 16 UTF-8 bytes, packed in two words with its length.
struct NameBytes: Equatable {
    var low: UInt64 = 0
    var high: UInt64 = 0
    var count = 0

    /// Nil for names longer than 16 bytes.
    init?(_ name: String) {
        for byte in name.utf8 {
            if count == 16 { return nil }
            if count < 8 { low |= UInt64(byte) << UInt64(8 * count) } else { high |= UInt64(byte) << UInt64(8 * (count - 8)) }
            count += 1
        }
    }
}

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
// apart goes through its general comparison. So the scan first compares the two words
// a String is made of (`StringBits`) — String's own first test: equal words are equal
// strings. A short name (up to 15 UTF-8 bytes) is stored in those words, so a name
// spelled exactly as declared — what events almost always send — is found by them
// alone. Names never differ only in canonical equivalence within one table (they are
// deduplicated by it), so that match is the entry String's `==` finds; a name whose
// words match none (longer, spelled in another normalization, or unknown) is looked
// for with String's `==` after.
import CRMBase

final class NameTable {
    /// Up to this many names are scanned; more use the dictionary.
    static let scanLimit = 16

    private let names: [String]
    private let words: [StringBits]
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
        self.words = names.map(StringBits.init)
        self.values = values
        self.index = index
    }

    subscript(name: String) -> Int? {
        if names.count > Self.scanLimit { return index[name] }
        if StringBits.available {
            let key = StringBits(name)
            for i in words.indices where words[i] == key { return values[i] }
        }
        for i in names.indices where names[i] == name { return values[i] }
        return nil
    }
}

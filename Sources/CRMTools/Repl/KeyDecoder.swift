// KeyDecoder owns turning the bytes a terminal sends into keys: UTF-8 text (a Chinese
// name typed through an input method arrives as several bytes, possibly split across
// reads), control keys (Ctrl-A … Ctrl-W), and the escape sequences of arrows,
// Home/End/Delete in their common xterm, VT100 and rxvt spellings. Pure: bytes in,
// keys out, incomplete sequences kept for the next read; no terminal needed to test.

/// One key press, as the line editor understands it.
public enum Key: Equatable, Sendable {
    case text(String)
    case enter
    case tab
    case backspace
    case delete
    case left, right, up, down
    case home, end
    case wordLeft, wordRight
    /// Ctrl-<letter>, for the letters the editor does not map to a named key above.
    case control(Character)
    /// An escape sequence the editor ignores.
    case unknown
}

/// Decodes a byte stream into keys.
public struct KeyDecoder: Sendable {
    var pending: [UInt8] = []

    public init() {}

    /// Whether bytes are held back waiting for the rest of a sequence; a lone ESC stays
    /// pending until `flush()` (the editor calls it when no more bytes follow quickly).
    public var hasPending: Bool { !pending.isEmpty }

    /// `feed(_:)` adds bytes and returns every key they complete.
    public mutating func feed(_ bytes: [UInt8]) -> [Key] {
        pending += bytes
        var keys: [Key] = []
        var text: [UInt8] = []
        func flushText() {
            if !text.isEmpty { keys.append(.text(String(decoding: text, as: UTF8.self))); text = [] }
        }
        var i = 0
        while i < pending.count {
            let b = pending[i]
            if b >= 0x20 && b != 0x7F {
                // UTF-8: wait for the whole scalar before emitting it.
                let length = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
                if i + length > pending.count { break }
                text += pending[i..<(i + length)]
                i += length
                continue
            }
            flushText()
            if b == 0x1B {
                guard let (key, length) = Self.escape(pending, from: i) else { break }
                keys.append(key)
                i += length
                continue
            }
            keys.append(Self.control(b))
            i += 1
        }
        flushText()
        pending.removeFirst(i)
        return keys
    }

    /// `flush()` resolves what is pending as it stands: a lone ESC is dropped, and an
    /// incomplete UTF-8 sequence becomes U+FFFD.
    public mutating func flush() -> [Key] {
        defer { pending = [] }
        guard let first = pending.first else { return [] }
        if first == 0x1B {
            return pending.count > 1 ? [.unknown] : []
        }
        return [.text(String(decoding: pending, as: UTF8.self))]
    }

    static func control(_ b: UInt8) -> Key {
        switch b {
        case 0x0D, 0x0A: return .enter
        case 0x09: return .tab
        case 0x7F, 0x08: return .backspace
        case 0x01: return .home
        case 0x05: return .end
        case 0x02: return .left
        case 0x06: return .right
        case 0x10: return .up
        case 0x0E: return .down
        default: return .control(Character(Unicode.Scalar(b + 0x60)))
        }
    }

    /// The key an escape sequence starting at `i` encodes and its length; nil while the
    /// sequence is incomplete.
    static func escape(_ s: [UInt8], from i: Int) -> (Key, Int)? {
        guard i + 1 < s.count else { return nil }
        let second = s[i + 1]
        switch second {
        case UInt8(ascii: "["):
            // CSI: parameters (digits and `;`) then one final byte 0x40…0x7E.
            var j = i + 2
            while j < s.count, (0x30...0x3F).contains(s[j]) { j += 1 }
            guard j < s.count else { return nil }
            let params = String(decoding: s[(i + 2)..<j], as: UTF8.self)
            return (csi(params, final: s[j]), j - i + 1)
        case UInt8(ascii: "O"):
            guard i + 2 < s.count else { return nil }
            let key: Key
            switch s[i + 2] {
            case UInt8(ascii: "A"): key = .up
            case UInt8(ascii: "B"): key = .down
            case UInt8(ascii: "C"): key = .right
            case UInt8(ascii: "D"): key = .left
            case UInt8(ascii: "H"): key = .home
            case UInt8(ascii: "F"): key = .end
            default: key = .unknown
            }
            return (key, 3)
        case UInt8(ascii: "b"): return (.wordLeft, 2)
        case UInt8(ascii: "f"): return (.wordRight, 2)
        case 0x7F: return (.control("w"), 2)   // Alt-Backspace deletes a word too
        default: return (.unknown, 2)
        }
    }

    static func csi(_ params: String, final: UInt8) -> Key {
        let modified = params.hasSuffix(";5") || params.hasSuffix(";3")   // Ctrl or Alt
        switch final {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return modified ? .wordRight : .right
        case UInt8(ascii: "D"): return modified ? .wordLeft : .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        case UInt8(ascii: "~"):
            switch params {
            case "1", "7": return .home
            case "4", "8": return .end
            case "3": return .delete
            default: return .unknown
            }
        default: return .unknown
        }
    }
}

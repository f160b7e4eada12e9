// Numbers (int, decimal, money, duration), dates, datetimes, times and strings.
import CRMBase

extension Lexer {
    @inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    func digitsAt(_ b: UnsafeBufferPointer<UInt8>, _ k: Int, _ n: Int) -> Bool {
        guard k + n <= end else { return false }
        for j in 0..<n where !isDigit(b[k + j]) { return false }
        return true
    }

    func value(_ b: UnsafeBufferPointer<UInt8>, _ k: Int, _ n: Int) -> Int {
        var v = 0
        for j in 0..<n { v = v * 10 + Int(b[k + j] - 0x30) }
        return v
    }

    /// `number` scans a numeric literal, or a date/datetime/time starting with digits.
    mutating func number(_ b: UnsafeBufferPointer<UInt8>) {
        let s = i
        if dateOrTime(b) { return }
        while i < end && (isDigit(b[i]) || b[i] == UInt8(ascii: "_")) { i += 1 }
        var kind = TokenKind.int
        if i + 1 < end && b[i] == UInt8(ascii: ".") && isDigit(b[i + 1]) {
            kind = .decimal
            i += 1
            while i < end && (isDigit(b[i]) || b[i] == UInt8(ascii: "_")) { i += 1 }
        }
        if kind == .int && !fitsInt64(b, s, i) {
            report(.invalidNumber, "integer literal is larger than 64 bits", s, i,
                   help: "the largest integer is 9223372036854775807")
        }
        if i < end && isIdentASCII(b[i]) {
            // `12abc`: report once and swallow the tail so the parser sees one token.
            let t = i
            while i < end && isIdentASCII(b[i]) { i += 1 }
            report(.invalidNumber, "invalid suffix `\(String(decoding: b[t..<i], as: UTF8.self))` on a number", s, i)
            emit(kind, s, i)
            return
        }
        emit(suffixed(b, kind), s, i)
    }

    func fitsInt64(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        var v: Int64 = 0
        for k in s..<e where b[k] != UInt8(ascii: "_") {
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(b[k] - 0x30))
            if o1 || o2 { return false }
            v = a
        }
        return true
    }

    /// `suffixed` extends a number by a unit (`7 days`) or a currency (`100 CNY`) on the
    /// same line, turning it into a duration or money token. Spaces between are allowed.
    mutating func suffixed(_ b: UnsafeBufferPointer<UInt8>, _ kind: TokenKind) -> TokenKind {
        var k = i
        while k < end && (b[k] == 0x20 || b[k] == 0x09) { k += 1 }
        guard k > i, k < end else { return kind }
        let ws = k
        while k < end && isIdentASCII(b[k]) { k += 1 }
        if k < end && b[k] >= 0x80 { return kind }   // a Unicode name continues: not a unit
        let n = k - ws
        if n == 3 && (ws..<k).allSatisfy({ b[$0] >= 0x41 && b[$0] <= 0x5A }) {
            i = k
            return .money
        }
        if kind == .int && DurationUnit.parse(b, ws, k) != nil {
            i = k
            return .duration
        }
        return kind
    }

    /// `dateOrTime` recognises `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]` and `HH:MM`,
    /// validating the calendar, and returns false when the digits are a plain number.
    mutating func dateOrTime(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let s = i
        if digitsAt(b, s, 4) && s + 10 <= end && b[s + 4] == UInt8(ascii: "-") && digitsAt(b, s + 5, 2)
            && b[s + 7] == UInt8(ascii: "-") && digitsAt(b, s + 8, 2) && !(s + 10 < end && isDigit(b[s + 10])) {
            var e = s + 10
            var kind = TokenKind.date
            var ok = CalendarCheck.validDate(value(b, s, 4), value(b, s + 5, 2), value(b, s + 8, 2))
            if e < end && b[e] == UInt8(ascii: "T") && clockAt(b, e + 1) {
                kind = .datetime
                let h = value(b, e + 1, 2), m = value(b, e + 4, 2)
                e += 6
                var sec = 0
                if e + 2 < end && b[e] == UInt8(ascii: ":") && digitsAt(b, e + 1, 2) { sec = value(b, e + 1, 2); e += 3 }
                ok = ok && h < 24 && m < 60 && sec < 60
            }
            i = e
            if !ok { report(.invalidDate, "`\(String(decoding: b[s..<e], as: UTF8.self))` is not a valid \(kind == .date ? "date" : "datetime")", s, e) }
            emit(kind, s, e)
            return true
        }
        if clockAt(b, s) && !(s + 5 < end && isDigit(b[s + 5])) {
            i = s + 5
            if value(b, s, 2) >= 24 || value(b, s + 3, 2) >= 60 {
                report(.invalidDate, "`\(String(decoding: b[s..<i], as: UTF8.self))` is not a valid time of day", s, i)
            }
            emit(.time, s, i)
            return true
        }
        return false
    }

    func clockAt(_ b: UnsafeBufferPointer<UInt8>, _ k: Int) -> Bool {
        digitsAt(b, k, 2) && k + 5 <= end && b[k + 2] == UInt8(ascii: ":") && digitsAt(b, k + 3, 2)
    }

    // MARK: - Strings

    /// `string` scans a string literal opened at `opener`. It ends at the closing quote
    /// or, unterminated, at the end of the line, and always produces a `.string` token.
    /// `{expr}` parts are checked for a closing brace; their contents are lexed later.
    mutating func string(_ b: UnsafeBufferPointer<UInt8>, opener: Int, openerLength: Int) {
        i = opener + openerLength
        var interpStart = -1
        while i < end {
            let c = b[i]
            if c == 0x0A || (c == 0x0D && i + 1 < end && b[i + 1] == 0x0A) { break }
            if c == UInt8(ascii: "\"") { break }
            if c == 0xE2 && i + 2 < end && b[i + 1] == 0x80 && (b[i + 2] == 0x9D || b[i + 2] == 0x9C) {
                break // a smart closing quote ends the string too (reported at the opener)
            }
            if c == UInt8(ascii: "\\") { escape(b); continue }
            if c == UInt8(ascii: "{") {
                if interpStart >= 0 { report(.unclosedInterpolation, "`{` inside an interpolation", i, i + 1, help: "write `\\{` for a literal brace") }
                interpStart = i
            } else if c == UInt8(ascii: "}") {
                interpStart = -1
            }
            i += 1
        }
        let closed = i < end && (b[i] == UInt8(ascii: "\"") || b[i] == 0xE2)
        if interpStart >= 0 && closed {
            // Only for a closed string: in an unterminated one the missing quote is the news.
            report(.unclosedInterpolation, "interpolation `{` is never closed", interpStart, interpStart + 1,
                   help: "close it with `}`, or write `\\{` for a literal brace")
        }
        if i < end && b[i] == UInt8(ascii: "\"") {
            i += 1
        } else if closed && i + 2 < end {
            i += 3
        } else {
            report(.unterminatedString, "string is not closed on this line", opener, opener + openerLength,
                   label: "string starts here", help: "add a closing `\"`")
        }
        emit(.string, opener, i)
    }

    /// `escape` checks one backslash escape and advances past it.
    mutating func escape(_ b: UnsafeBufferPointer<UInt8>) {
        let s = i
        i += 1
        guard i < end, b[i] != 0x0A else {
            report(.invalidEscape, "backslash at the end of a line", s, i); return
        }
        switch b[i] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "n"), UInt8(ascii: "t"),
             UInt8(ascii: "{"), UInt8(ascii: "}"):
            i += 1
        case UInt8(ascii: "u"):
            i += 1
            guard i < end, b[i] == UInt8(ascii: "{") else {
                report(.invalidEscape, "`\\u` must be followed by `{HEX}`", s, i); return
            }
            let h = i + 1
            var k = h
            while k < end && k - h < 8 && isHex(b[k]) { k += 1 }
            let digits = String(decoding: b[h..<k], as: UTF8.self)
            if k < end && b[k] == UInt8(ascii: "}"), let v = UInt32(digits, radix: 16), !digits.isEmpty, Unicode.Scalar(v) != nil {
                i = k + 1
            } else {
                i = k
                report(.invalidEscape, "invalid Unicode escape", s, i, help: "write `\\u{4E2D}` with 1-6 hex digits naming a scalar")
            }
        default:
            let len = b[i] < 0x80 ? 1 : (decodeScalar(b, i)?.1 ?? 1)
            i += len
            report(.invalidEscape, "unknown escape `\(String(decoding: b[s..<i], as: UTF8.self))`", s, i,
                   help: "valid escapes are \\\" \\\\ \\n \\t \\{ \\} \\u{HEX}")
        }
    }

    func isHex(_ c: UInt8) -> Bool {
        isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)
    }
}

/// Checks that a calendar date exists (proleptic Gregorian).
enum CalendarCheck {
    static func validDate(_ y: Int, _ m: Int, _ d: Int) -> Bool {
        guard (1...12).contains(m), d >= 1 else { return false }
        let days = [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return d <= days[m - 1]
    }
    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
}

/// The time units a duration literal may carry.
public enum DurationUnit: String, CaseIterable, Sendable {
    case second, minute, hour, day, week, month, year

    /// `parse` reads `day` or `days` (and so on) from `b[s..<e]`.
    static func parse(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> DurationUnit? {
        parse(String(decoding: b[s..<e], as: UTF8.self))
    }
    public static func parse(_ word: String) -> DurationUnit? {
        let w = word.hasSuffix("s") ? String(word.dropLast()) : word
        return DurationUnit(rawValue: w)
    }
}

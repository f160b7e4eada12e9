// Lexer turns one file's UTF-8 bytes into tokens and comments. It never fails: a bad
// byte becomes an `.invalid` token (or, for look-alike punctuation, the ASCII token it
// stands for) plus a diagnostic, and scanning continues, so the parser always gets a
// stream ending in `.eof`. Literal values are not decoded here; see LiteralDecoding.swift.
import CRMBase

/// The result of lexing one file (or one byte range of it, for string interpolation).
public struct LexedFile: Sendable {
    public var tokens: [Token]
    public var comments: [Comment]
    public var diagnostics: [Diagnostic]
}

/// A one-pass scanner over `file.bytes[range]`.
public struct Lexer {
    // Input
    let file: SourceFile
    let base: UInt32
    let end: Int
    // Scanning state
    var i: Int
    var newlineBefore = true
    var lineHasCode = false
    // Output
    var tokens: [Token] = []
    var comments: [Comment] = []
    var diagnostics: [Diagnostic] = []

    /// `lex(_:)` scans a whole file, first validating it as UTF-8.
    public static func lex(_ file: SourceFile) -> LexedFile {
        lex(file, range: 0..<file.bytes.count, validateUTF8: true)
    }

    /// `lex(_:range:validateUTF8:)` scans part of a file; used for `{expr}` in strings.
    public static func lex(_ file: SourceFile, range: Range<Int>, validateUTF8: Bool) -> LexedFile {
        var lx = Lexer(file: file, base: file.base, end: range.upperBound, i: range.lowerBound)
        lx.tokens.reserveCapacity(range.count / 4)
        if validateUTF8 { lx.reportInvalidUTF8() }
        file.bytes.withUnsafeBufferPointer { buf in
            // Unsafe buffer access in the loop: bounds checks cost ~15% of lex time on
            // the 200k-line benchmark; every index is still checked against `end`.
            lx.run(buf)
        }
        return LexedFile(tokens: lx.tokens, comments: lx.comments, diagnostics: lx.diagnostics)
    }

    /// `pos(_:)` converts a byte offset to a global position.
    @inline(__always) func pos(_ o: Int) -> UInt32 { base + UInt32(o) }

    func span(_ s: Int, _ e: Int) -> Span { Span(start: SourcePos(raw: pos(s)), end: SourcePos(raw: pos(e))) }

    mutating func report(_ code: DiagnosticCode, _ msg: String, _ s: Int, _ e: Int,
                         label: String? = nil, help: String? = nil, fix: String? = nil) {
        let sp = span(s, e)
        var d = Diagnostic(code, msg, at: sp, label: label, help: help)
        if let fix { d.fixIts = [FixIt(span: sp, replacement: fix)] }
        diagnostics.append(d)
    }

    mutating func emit(_ kind: TokenKind, _ s: Int, _ e: Int, word: Word = .none) {
        tokens.append(Token(kind: kind, word: word, flags: newlineBefore ? 1 : 0, start: pos(s), end: pos(e)))
        newlineBefore = false
        lineHasCode = true
    }

    // MARK: - Main loop

    mutating func run(_ b: UnsafeBufferPointer<UInt8>) {
        while i < end {
            let c = b[i]
            switch c {
            case 0x20, 0x09, 0x0D, 0x0C: i += 1
            case 0x0A: i += 1; newlineBefore = true; lineHasCode = false
            case UInt8(ascii: "#"): comment(b)
            case UInt8(ascii: "\""): string(b, opener: i, openerLength: 1)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): number(b)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
                identifier(b)
            case 0x80...0xFF: nonASCII(b)
            default: punctuation(b, c)
            }
        }
        emit(.eof, end, end)
    }

    // MARK: - Identifiers

    /// `identifier` scans an ASCII-started name, switching to the Unicode path on the
    /// first non-ASCII byte (Go's scanIdentifier split).
    mutating func identifier(_ b: UnsafeBufferPointer<UInt8>) {
        let s = i
        i += 1
        scanIdentifierTail(b)
        let kind = reservedKind(b, s, i)
        if kind != .name { emit(kind, s, i); return }
        emit(.name, s, i, word: Word.lookup(b, s, i))
    }

    mutating func scanIdentifierTail(_ b: UnsafeBufferPointer<UInt8>) {
        while i < end {
            let c = b[i]
            if isIdentASCII(c) { i += 1; continue }
            if c < 0x80 { return }
            guard let (scalar, len) = decodeScalar(b, i), Lexer.isIdentifierContinue(scalar) else { return }
            i += len
        }
    }

    /// CJK Unified Ideographs are XID_Start and XID_Continue; checking the block first
    /// skips the Unicode property lookup, which was 3.7% of lex+parse on the benchmark.
    @inline(__always) static func isCJKIdeograph(_ s: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(s.value) || (0x3400...0x4DBF).contains(s.value)
    }
    static func isIdentifierStart(_ s: Unicode.Scalar) -> Bool { isCJKIdeograph(s) || s.properties.isXIDStart }
    static func isIdentifierContinue(_ s: Unicode.Scalar) -> Bool { isCJKIdeograph(s) || s.properties.isXIDContinue }

    @inline(__always) func isIdentASCII(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x5F
    }

    /// `reservedKind` recognises the nine reserved words by length and bytes.
    func reservedKind(_ b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> TokenKind {
        func eq(_ w: StaticString) -> Bool {
            guard w.utf8CodeUnitCount == e - s else { return false }
            let p = w.utf8Start
            for k in 0..<(e - s) where p[k] != b[s + k] { return false }
            return true
        }
        switch e - s {
        case 2: return eq("or") ? .kwOr : eq("if") ? .kwIf : .name
        case 3: return eq("and") ? .kwAnd : eq("not") ? .kwNot : .name
        case 4: return eq("true") ? .kwTrue : eq("null") ? .kwNull : eq("then") ? .kwThen : eq("else") ? .kwElse : .name
        case 5: return eq("false") ? .kwFalse : .name
        default: return .name
        }
    }

    /// `decodeScalar` decodes one UTF-8 scalar at `k`, or nil if the bytes are invalid.
    func decodeScalar(_ b: UnsafeBufferPointer<UInt8>, _ k: Int) -> (Unicode.Scalar, Int)? {
        let c0 = UInt32(b[k])
        var len = 0, v: UInt32 = 0
        if c0 < 0x80 { return Unicode.Scalar(c0).map { ($0, 1) } }
        else if c0 & 0xE0 == 0xC0 { len = 2; v = c0 & 0x1F }
        else if c0 & 0xF0 == 0xE0 { len = 3; v = c0 & 0x0F }
        else if c0 & 0xF8 == 0xF0 { len = 4; v = c0 & 0x07 }
        else { return nil }
        guard k + len <= end else { return nil }
        for j in 1..<len {
            let cj = UInt32(b[k + j])
            guard cj & 0xC0 == 0x80 else { return nil }
            v = (v << 6) | (cj & 0x3F)
        }
        let minimum: UInt32 = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000
        guard v >= minimum, let s = Unicode.Scalar(v) else { return nil }
        return (s, len)
    }

    /// `nonASCII` handles a non-ASCII byte outside strings and comments: a Unicode
    /// identifier, a look-alike of ASCII punctuation (typed by a Chinese IME), a
    /// non-breaking space, or an invalid character.
    mutating func nonASCII(_ b: UnsafeBufferPointer<UInt8>) {
        let s = i
        guard let (scalar, len) = decodeScalar(b, i) else {
            // Already reported by the UTF-8 pre-pass; skip the byte silently.
            i += 1
            return
        }
        if Lexer.isIdentifierStart(scalar) {
            i += len
            scanIdentifierTail(b)
            emit(.name, s, i)
            return
        }
        i += len
        if let (ascii, kind) = LookAlikes.ascii(for: scalar) {
            let name = String(scalar)
            if scalar.value == 0x00A0 || scalar.value == 0x3000 {
                report(.fullWidthPunctuation, "non-ASCII space `U+\(String(scalar.value, radix: 16, uppercase: true))` — use a plain space", s, i, fix: " ")
                return
            }
            report(.fullWidthPunctuation, "full-width `\(name)` — use `\(ascii)`", s, i,
                   label: "typed by an input method?", fix: ascii)
            if kind == .string { string(b, opener: s, openerLength: len) } else { emit(kind, s, i) }
            return
        }
        report(.invalidCharacter, "unexpected character `\(scalar.escaped(asASCII: false))` (U+\(String(scalar.value, radix: 16, uppercase: true)))", s, i)
        emit(.invalid, s, i)
    }
}

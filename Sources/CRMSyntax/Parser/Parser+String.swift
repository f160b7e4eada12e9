// String literals: decoding escapes and parsing `{expr}` interpolations. The lexer has
// already reported malformed escapes and unclosed braces, so decoding here is lenient
// and silent; interpolated expressions are lexed and parsed from their byte range in
// place, so their spans point into the original file.
import CRMBase

extension Parser {
    /// `parseStringLit` consumes a `.string` token and decodes it into parts. With
    /// `interpolate: false` (auto-number patterns) braces are literal text.
    mutating func parseStringLit(interpolate: Bool = true) -> StringLit {
        let t = advance()
        let s = file.offset(t.span.start), e = file.offset(t.span.end)
        let bytes = file.bytes
        let open = bytes[s] == UInt8(ascii: "\"") ? 1 : 3
        var close = 0
        if e - s > open {
            if bytes[e - 1] == UInt8(ascii: "\"") { close = 1 }
            else if e - s >= open + 3 && bytes[e - 3] == 0xE2 && bytes[e - 2] == 0x80 { close = 3 }
        }
        let parts = decodeParts(from: s + open, to: max(s + open, e - close), interpolate: interpolate)
        return StringLit(parts: parts, span: t.span, file: file)
    }

    mutating func decodeParts(from start: Int, to end: Int, interpolate: Bool) -> [StringLit.Part] {
        let b = file.bytes
        // Fast path: most literals have no escape and no interpolation; one String, no buffer.
        if !b[start..<end].contains(where: { $0 == UInt8(ascii: "\\") || (interpolate && $0 == UInt8(ascii: "{")) }) {
            return start == end ? [] : [.text(String(decoding: b[start..<end], as: UTF8.self))]
        }
        var parts: [StringLit.Part] = []
        var buf: [UInt8] = []
        var k = start
        func flush() {
            if !buf.isEmpty { parts.append(.text(String(decoding: buf, as: UTF8.self))); buf.removeAll() }
        }
        while k < end {
            let c = b[k]
            if c == UInt8(ascii: "\\") && k + 1 < end {
                k = decodeEscape(at: k, end: end, into: &buf)
            } else if interpolate, c == UInt8(ascii: "{"), let close = (k + 1..<end).first(where: { b[$0] == UInt8(ascii: "}") }) {
                flush()
                parts.append(.interpolation(parseInterpolation(k + 1..<close)))
                k = close + 1
            } else {
                buf.append(c)
                k += 1
            }
        }
        flush()
        return parts
    }

    /// `decodeEscape` appends the character an escape stands for; returns the next index.
    func decodeEscape(at k: Int, end: Int, into buf: inout [UInt8]) -> Int {
        let b = file.bytes
        switch b[k + 1] {
        case UInt8(ascii: "n"): buf.append(0x0A)
        case UInt8(ascii: "t"): buf.append(0x09)
        case UInt8(ascii: "u"):
            if k + 2 < end, b[k + 2] == UInt8(ascii: "{"),
               let close = (k + 3..<end).first(where: { b[$0] == UInt8(ascii: "}") }),
               let v = UInt32(String(decoding: b[(k + 3)..<close], as: UTF8.self), radix: 16),
               let scalar = Unicode.Scalar(v) {
                buf.append(contentsOf: Array(String(scalar).utf8))
                return close + 1
            }
            buf.append(contentsOf: b[k...k + 1])
        default: buf.append(b[k + 1])
        }
        return k + 2
    }

    /// `parseInterpolation` parses the expression between `{` and `}` of a string.
    mutating func parseInterpolation(_ range: Range<Int>) -> Expr {
        let lexed = Lexer.lex(file, range: range, validateUTF8: false)
        var sub = Parser(file: file, tokens: lexed.tokens)
        sub.depth = depth + 1
        let span = Span(start: file.pos(range.lowerBound), end: file.pos(range.upperBound))
        var e: Expr
        if sub.atEOF {
            sub.report(.expectedExpression, "empty interpolation `{}`", at: span,
                       help: "put an expression inside, or write `\\{` for a literal brace")
            e = Expr(.error, span)
        } else {
            e = sub.parseExpr()
            if !sub.atEOF {
                sub.report(.expectedToken, "unexpected \(sub.foundDescription) in the interpolation", at: sub.tok.span)
            }
        }
        diagnostics += lexed.diagnostics + sub.diagnostics
        return e
    }
}

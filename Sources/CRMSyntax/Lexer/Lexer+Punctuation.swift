// Punctuation and operators, including the operators people bring from other languages
// (`&&`, `||`, `!`, `+=`, `++`, `===`), which are reported and then lexed as the token
// they most likely meant so parsing continues without follow-on errors.
import CRMBase

extension Lexer {
    mutating func punctuation(_ b: UnsafeBufferPointer<UInt8>, _ c: UInt8) {
        let s = i
        let next: UInt8 = i + 1 < end ? b[i + 1] : 0
        let third: UInt8 = i + 2 < end ? b[i + 2] : 0
        i += 1
        switch c {
        case UInt8(ascii: "{"): emit(.lbrace, s, i)
        case UInt8(ascii: "}"): emit(.rbrace, s, i)
        case UInt8(ascii: "("): emit(.lparen, s, i)
        case UInt8(ascii: ")"): emit(.rparen, s, i)
        case UInt8(ascii: "["): emit(.lbracket, s, i)
        case UInt8(ascii: "]"): emit(.rbracket, s, i)
        case UInt8(ascii: ","): emit(.comma, s, i)
        case UInt8(ascii: ":"): emit(.colon, s, i)
        case UInt8(ascii: ";"): emit(.semicolon, s, i)
        case UInt8(ascii: "."):
            if next == UInt8(ascii: ".") { i += 1; emit(.dotDot, s, i) } else { emit(.dot, s, i) }
        case UInt8(ascii: "?"):
            if next == UInt8(ascii: "?") { i += 1; emit(.coalesce, s, i) } else { emit(.question, s, i) }
        case UInt8(ascii: "*"): emit(.star, s, i)
        case UInt8(ascii: "/"):
            if next == UInt8(ascii: "/") {
                // `//` comments from C-family languages: report, then treat as a comment.
                report(.invalidCharacter, "`//` does not start a comment", s, s + 2, help: "comments start with `#`", fix: "#")
                i = s
                while i < end && b[i] != 0x0A { i += 1 }
                comments.append(Comment(kind: .line, span: span(s, i), trailing: lineHasCode))
            } else { emit(.slash, s, i) }
        case UInt8(ascii: "%"): emit(.percent, s, i)
        case UInt8(ascii: "+"): plusOrMinus(next, s, .plus)
        case UInt8(ascii: "-"):
            if next == UInt8(ascii: ">") { i += 1; emit(.arrow, s, i) } else { plusOrMinus(next, s, .minus) }
        case UInt8(ascii: "="):
            if next == UInt8(ascii: "=") {
                i += 1
                if third == UInt8(ascii: "=") { i += 1; foreign("===", "==", s) }
                emit(.eq, s, i)
            } else if next == UInt8(ascii: ">") { i += 1; emit(.fatArrow, s, i) }
            else { emit(.assign, s, i) }
        case UInt8(ascii: "!"):
            if next == UInt8(ascii: "=") { i += 1; emit(.ne, s, i) }
            else { foreign("!", "not", s); emit(.kwNot, s, i) }
        case UInt8(ascii: "<"):
            if next == UInt8(ascii: "=") { i += 1; emit(.le, s, i) }
            else if next == UInt8(ascii: ">") { i += 1; foreign("<>", "!=", s); emit(.ne, s, i) }
            else { emit(.lt, s, i) }
        case UInt8(ascii: ">"):
            if next == UInt8(ascii: "=") { i += 1; emit(.ge, s, i) } else { emit(.gt, s, i) }
        case UInt8(ascii: "&"):
            if next == UInt8(ascii: "&") { i += 1 }
            foreign(String(decoding: b[s..<i], as: UTF8.self), "and", s)
            emit(.kwAnd, s, i)
        case UInt8(ascii: "|"):
            if next == UInt8(ascii: "|") { i += 1 }
            foreign(String(decoding: b[s..<i], as: UTF8.self), "or", s)
            emit(.kwOr, s, i)
        default:
            let shown = c >= 0x20 && c < 0x7F ? String(UnicodeScalar(c)) : "\\u{\(String(c, radix: 16, uppercase: true))}"
            report(.invalidCharacter, "unexpected character `\(shown)`", s, i)
            emit(.invalid, s, i)
        }
    }

    /// `plusOrMinus` lexes `+`/`-`, reporting `+=`, `-=`, `++` and `--`.
    mutating func plusOrMinus(_ next: UInt8, _ s: Int, _ kind: TokenKind) {
        let op = kind == .plus ? "+" : "-"
        if next == UInt8(ascii: "=") {
            i += 1
            report(.foreignOperator, "`\(op)=` is not an operator", s, i,
                   help: "write `set x = x \(op) 1`, or `add 1 to x` for scores")
            emit(.assign, s, i)
        } else if next == (kind == .plus ? UInt8(ascii: "+") : UInt8(ascii: "-")) {
            i += 1
            report(.foreignOperator, "`\(op)\(op)` is not an operator", s, i,
                   help: "write `set x = x \(op) 1`")
            emit(kind, s, i)
        } else {
            emit(kind, s, i)
        }
    }

    mutating func foreign(_ written: String, _ meant: String, _ s: Int) {
        report(.foreignOperator, "`\(written)` is not an operator here — use `\(meant)`", s, i, fix: meant)
    }
}

// Token kinds and the compact token record the lexer produces (12 bytes each).
import CRMBase

/// What a token is. Reserved words are kinds; contextual keywords are `.name` tokens
/// whose `word` is set (see `Word`), so `status` or `source` stay usable as field names.
public enum TokenKind: UInt8, Sendable {
    case eof, invalid
    // Literals and names
    case name, int, decimal, money, duration, date, datetime, time, string
    // Punctuation
    case lbrace, rbrace, lparen, rparen, lbracket, rbracket
    case comma, colon, semicolon, dot, dotDot, arrow, fatArrow, question, coalesce
    case assign, eq, ne, lt, le, gt, ge, plus, minus, star, slash, percent
    // Reserved words
    case kwTrue, kwFalse, kwNull, kwAnd, kwOr, kwNot, kwIf, kwThen, kwElse

    /// The spelling of punctuation and reserved words, for messages and the grammar test.
    public var spelling: String? {
        switch self {
        case .lbrace: "{"; case .rbrace: "}"; case .lparen: "("; case .rparen: ")"
        case .lbracket: "["; case .rbracket: "]"; case .comma: ","; case .colon: ":"
        case .semicolon: ";"; case .dot: "."; case .dotDot: ".."; case .arrow: "->"
        case .fatArrow: "=>"; case .question: "?"; case .coalesce: "??"; case .assign: "="
        case .eq: "=="; case .ne: "!="; case .lt: "<"; case .le: "<="; case .gt: ">"
        case .ge: ">="; case .plus: "+"; case .minus: "-"; case .star: "*"; case .slash: "/"
        case .percent: "%"; case .kwTrue: "true"; case .kwFalse: "false"; case .kwNull: "null"
        case .kwAnd: "and"; case .kwOr: "or"; case .kwNot: "not"; case .kwIf: "if"
        case .kwThen: "then"; case .kwElse: "else"
        default: nil
        }
    }

    /// A human description for "expected X, found Y" messages.
    public var describe: String {
        if let s = spelling { return "`\(s)`" }
        switch self {
        case .eof: return "end of file"
        case .invalid: return "invalid character"
        case .name: return "a name"
        case .int: return "an integer"
        case .decimal: return "a decimal"
        case .money: return "a money amount"
        case .duration: return "a duration"
        case .date: return "a date"
        case .datetime: return "a datetime"
        case .time: return "a time"
        case .string: return "a string"
        default: return "`?`"
        }
    }

    /// Every punctuation and reserved-word kind, for the grammar sync test.
    public static let spelled: [TokenKind] = [
        .lbrace, .rbrace, .lparen, .rparen, .lbracket, .rbracket, .comma, .colon, .semicolon,
        .dot, .dotDot, .arrow, .fatArrow, .question, .coalesce, .assign, .eq, .ne, .lt, .le,
        .gt, .ge, .plus, .minus, .star, .slash, .percent, .kwTrue, .kwFalse, .kwNull, .kwAnd,
        .kwOr, .kwNot, .kwIf, .kwThen, .kwElse,
    ]
}

/// One token. `start`/`end` are global `SourcePos` raw values (half-open).
public struct Token: Sendable, Equatable {
    public var kind: TokenKind
    /// The contextual keyword this name spells, or `.none`.
    public var word: Word
    /// Bit 0: a newline separates this token from the previous one.
    public var flags: UInt8
    public var start: UInt32
    public var end: UInt32

    public var span: Span { Span(start: SourcePos(raw: start), end: SourcePos(raw: end)) }
    public var newlineBefore: Bool { flags & 1 != 0 }
    public func isWord(_ w: Word) -> Bool { kind == .name && word == w }
}

/// A comment kept for the formatter and for doc comments.
public struct Comment: Sendable, Equatable {
    public enum Kind: UInt8, Sendable { case line, doc, block }
    public var kind: Kind
    public var span: Span
    /// True when code precedes the comment on its line (a trailing comment).
    public var trailing: Bool
}

// Expression nodes. Every node carries the Span it was parsed from; a broken
// expression is `.error` so the tree keeps its shape (the checker gives it type `error`).
import CRMBase

/// An identifier as written, with its span. `text == ""` marks a name the parser
/// synthesised after reporting it missing.
public struct Name: Sendable, Equatable {
    public var text: String
    public var span: Span
    public init(_ text: String, _ span: Span) { self.text = text; self.span = span }
    public static func missing(at span: Span) -> Name { Name("", span) }
    public var isMissing: Bool { text.isEmpty }
}

/// A string literal: its decoded parts, and (through the file) its source spelling.
public struct StringLit: Sendable, Equatable {
    public enum Part: Sendable, Equatable {
        case text(String)
        case interpolation(Expr)
    }
    public var parts: [Part]
    public var span: Span
    /// The file the literal was read from; nil for a literal the parser synthesised after
    /// reporting it missing. Kept instead of a copy of the text: copying every literal's
    /// spelling cost ~3% of lex+parse on the benchmark, and only the formatter needs it.
    let file: SourceFile?

    public init(parts: [Part], span: Span, file: SourceFile?) {
        self.parts = parts
        self.span = span
        self.file = file
    }

    /// The exact source text, quotes and escapes included.
    public var raw: String {
        guard let file else { return "\"\"" }
        let s = file.offset(span.start), e = file.offset(span.end)
        return String(decoding: file.bytes[s..<e], as: UTF8.self)
    }

    /// The decoded value when the literal has no interpolation.
    public var plainValue: String? {
        var s = ""
        for p in parts {
            guard case .text(let t) = p else { return nil }
            s += t
        }
        return s
    }

    /// Literals are equal when they decode alike at the same place (the file is identity).
    public static func == (a: StringLit, b: StringLit) -> Bool { a.parts == b.parts && a.span == b.span }
}

public enum UnaryOp: String, Sendable { case negate = "-", not = "not" }

public enum BinaryOp: String, Sendable, CaseIterable {
    case or, and
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">=", `in`, has
    case coalesce = "??"
    case add = "+", sub = "-", mul = "*", div = "/", mod = "%"
}

/// The kinds of literal whose value is kept as normalised source text; decoding to
/// numbers, money and instants belongs to later stages.
public enum LiteralKind: String, Sendable {
    case int, decimal, money, duration, date, datetime, time
}

public struct Expr: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        case name(String)
        case literal(LiteralKind, String)
        case string(StringLit)
        case bool(Bool)
        case null
        case list([Expr])
        case paren(Expr)
        case unary(UnaryOp, Expr)
        case binary(BinaryOp, Expr, Expr)
        case member(Expr, Name)
        case call(Expr, [Expr], filter: Expr?)
        case index(Expr, Expr)
        case conditional(Expr, Expr, Expr)
        case error
    }
    public var kind: Kind
    public var span: Span
    public init(_ kind: Kind, _ span: Span) { self.kind = kind; self.span = span }
}

extension Expr {
    /// `leftSpine` walks a left-nested chain of binary, member, call and index nodes
    /// without recursion (the parser builds them in a loop, so they can be long): the
    /// links from the outermost inwards, and the innermost left operand.
    public var leftSpine: (links: [Expr], base: Expr) {
        var links: [Expr] = []
        var base = self
        while true {
            switch base.kind {
            case .binary(_, let left, _), .member(let left, _), .call(let left, _, _), .index(let left, _):
                links.append(base)
                base = left
            default:
                return (links, base)
            }
        }
    }
}

/// `name: value`, used by record literals, `create`, settings and test steps.
public struct FieldInit: Sendable, Equatable {
    public var name: Name
    public var value: Expr
}

// Expressions: a Pratt parser over the table in ExprRules.swift.
import CRMBase

extension Parser {
    /// `parseExpr(_:)` parses an expression whose operators bind at least as tightly as
    /// `min`. An expression continues onto the next line after any operator, or before
    /// `and`/`or`; a line starting with another operator, `(` or `[` starts a new item.
    mutating func parseExpr(_ min: Precedence = .lowest) -> Expr {
        guard enterNesting() else { return Expr(.error, Span(start: tok.span.start, end: tok.span.start)) }
        defer { depth -= 1 }
        var left = parsePrefix()
        var lastWasComparison = false
        var chain = 0
        while let op = infixOperator, op.precedence >= min {
            // A left-nested chain is as deep as it is long: 100,000 `+` terms parse in a
            // loop but overflowed the stack when the tree was freed. Cap it like nesting.
            chain += 1
            if chain > Parser.maxChain { reportTooLong(); break }
            // Only `and`/`or` may start a continuation line: a line starting with `+20`,
            // `< 10000 CNY` or `-5` is the next score line or table row, not more of this.
            if tok.newlineBefore && op != .and && op != .or { break }
            let opTok = advance()
            let isComparison = op.precedence == .comparison
            if isComparison && lastWasComparison {
                report(.chainedComparison, "comparison operators cannot be chained", at: opTok.span,
                       help: "combine two comparisons with `and`")
            }
            let right = parseExpr(op.precedence.next)
            left = Expr(.binary(op, left, right), left.span.to(right.span))
            lastWasComparison = isComparison
        }
        return left
    }

    /// `parsePrefix` parses prefix operators, `if … then … else …` and primaries.
    mutating func parsePrefix() -> Expr {
        let start = tok.span
        switch tok.kind {
        case .kwNot:
            advance()
            let e = parseExpr(.comparison)
            return Expr(.unary(.not, e), start.to(e.span))
        case .minus:
            advance()
            let e = parseExpr(.unary)
            return Expr(.unary(.negate, e), start.to(e.span))
        case .kwIf:
            advance()
            let c = parseExpr()
            expect(.kwThen, "after the `if` condition")
            let a = parseExpr()
            expect(.kwElse, "in `if … then … else …`")
            let b = parseExpr()
            return Expr(.conditional(c, a, b), start.to(b.span))
        default:
            return parsePostfix(parsePrimary())
        }
    }

    /// The longest operator or member chain in one expression. Real rules stay far below;
    /// 1,000 levels free without trouble on a 512 KiB thread stack.
    static let maxChain = 1_000

    /// `reportTooLong` reports an over-long chain once, like the nesting limit.
    mutating func reportTooLong() {
        guard !reportedTooDeep else { return }
        reportedTooDeep = true
        panicking = false
        lastErrorLine = -1
        report(.nestingTooDeep, "expression has more than \(Parser.maxChain) chained operators", at: tok.span,
               help: "split the expression into smaller parts")
    }

    /// `parsePostfix` applies `.name`, calls and indexing, left to right.
    mutating func parsePostfix(_ base: Expr) -> Expr {
        var e = base
        var chain = 0
        while true {
            chain += 1
            if chain > Parser.maxChain { reportTooLong(); return e }
            if at(.dot) && peek().kind == .name {
                advance()
                let name = parseName("")
                e = Expr(.member(e, name), e.span.to(name.span))
            } else if at(.lparen) && !tok.newlineBefore {
                e = parseCall(e)
            } else if at(.lbracket) && !tok.newlineBefore {
                advance()
                let index = parseExpr()
                expect(.rbracket, "to close the index")
                e = Expr(.index(e, index), spanFrom(e.span))
            } else {
                return e
            }
        }
    }

    /// `parseCall` parses `(args [where filter])` after a callee.
    mutating func parseCall(_ callee: Expr) -> Expr {
        advance() // '('
        var args: [Expr] = []
        var filter: Expr? = nil
        if consumeWord(.where) != nil {
            filter = parseExpr()    // `count(where …)`: over the records in scope
        } else if !at(.rparen) {
            repeat {
                if at(.rparen) { break }
                args.append(parseExpr())
            } while consume(.comma) != nil
            if consumeWord(.where) != nil { filter = parseExpr() }
        }
        expect(.rparen, "to close the call")
        return Expr(.call(callee, args, filter: filter), spanFrom(callee.span))
    }

    /// `primary = name | literal | string | true | false | null | "(" expr ")" | "[" list "]"`.
    mutating func parsePrimary() -> Expr {
        let t = tok
        switch t.kind {
        case .name where t.word != .do && t.word != .where:
            advance()
            return Expr(.name(text(t)), t.span)
        case .int: advance(); return Expr(.literal(.int, text(t)), t.span)
        case .decimal: advance(); return Expr(.literal(.decimal, text(t)), t.span)
        case .money: advance(); return Expr(.literal(.money, normalisedText(t)), t.span)
        case .duration: advance(); return Expr(.literal(.duration, normalisedText(t)), t.span)
        case .date: advance(); return Expr(.literal(.date, text(t)), t.span)
        case .datetime: advance(); return Expr(.literal(.datetime, text(t)), t.span)
        case .time: advance(); return Expr(.literal(.time, text(t)), t.span)
        case .string: let s = parseStringLit(); return Expr(.string(s), s.span)
        case .kwTrue: advance(); return Expr(.bool(true), t.span)
        case .kwFalse: advance(); return Expr(.bool(false), t.span)
        case .kwNull: advance(); return Expr(.null, t.span)
        case .lparen:
            advance()
            let inner = parseExpr()
            expect(.rparen, "to close the parenthesis")
            return Expr(.paren(inner), spanFrom(t.span))
        case .lbracket:
            advance()
            var items: [Expr] = []
            while !at(.rbracket) && !atEOF && !isDeclStart {
                items.append(parseExpr())
                if consume(.comma) == nil { break }
            }
            expect(.rbracket, "to close the list")
            return Expr(.list(items), spanFrom(t.span))
        default:
            report(.expectedExpression, "expected an expression, found \(foundDescription)", at: t.span)
            return Expr(.error, Span(start: t.span.start, end: t.span.start))
        }
    }

    /// Money and duration literals may have several spaces between number and unit;
    /// the tree keeps one, so `100  CNY` and `100 CNY` are the same literal.
    func normalisedText(_ t: Token) -> String {
        text(t).split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}

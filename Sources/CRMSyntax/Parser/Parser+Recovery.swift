// Block loops, synchronisation and the nesting guard shared by every grammar area.
import CRMBase

extension Parser {
    /// Words that start a top-level declaration. A switch rather than a `Set`: this
    /// runs for every item of every block.
    static func isDeclarationWord(_ w: Word) -> Bool {
        switch w {
        case .settings, .enum, .entity, .rule, .table, .score, .approval, .template, .team,
             .pool, .role, .segment, .report, .test: true
        default: false
        }
    }

    /// `isDeclStart` says whether the current token starts a top-level declaration: a
    /// declaration word at the start of a line followed by a name, a string or `{`.
    /// `status: text` or `score: int` inside an entity is therefore not a declaration.
    var isDeclStart: Bool {
        let t = tok
        guard t.kind == .name, t.newlineBefore || p == 0, Parser.isDeclarationWord(t.word) else { return false }
        let n = peek().kind
        return n == .name || n == .string || (n == .lbrace && t.word == .settings)
    }

    /// `parseBlock` parses `{ item* }` after the caller consumed (or failed to find) the
    /// opening brace. `item` returns nil without consuming when the current token cannot
    /// start an item; the loop then reports `expected` once and skips to the next line.
    mutating func parseBlock<T>(opener: Token?, expected: String, code: DiagnosticCode = .expectedMember,
                                _ item: (inout Parser) -> T?) -> (items: [T], spans: [Span]) {
        var items: [T] = []
        var spans: [Span] = []
        guard enterNesting() else { skipBalanced(); return ([], []) }
        defer { depth -= 1 }
        while true {
            if at(.rbrace) { advance(); break }
            if atEOF || isDeclStart {
                reportUnclosed(opener)
                break
            }
            if consume(.semicolon) != nil { continue }
            let before = p
            let start = tok.span
            if let x = item(&self) {
                items.append(x)
                spans.append(spanFrom(start))
                if p == before { skipItem() }   // progress guard: an item must consume
            } else {
                report(code, "expected \(expected), found \(foundDescription)", at: tok.span)
                skipItem()
            }
            if tok.newlineBefore || at(.rbrace) || at(.semicolon) { recovered() }
        }
        recovered()
        return (items, spans)
    }

    /// `reportUnclosed` reports a `{` that was never closed, labelling where it opened.
    /// The error is reported even in panic mode: it is the real cause of what follows.
    mutating func reportUnclosed(_ opener: Token?) {
        guard let opener else { return }
        panicking = false
        lastErrorLine = -1
        var at = prevSpan
        at = Span(start: at.end, end: at.end)
        report(.unclosedDelimiter, "expected `}` to close the block, found \(foundDescription)", at: at,
               label: "block should end here", secondary: [Label(opener.span, "block opened here")])
    }

    /// `skipItem` skips at least one token and then up to the start of the next line, a
    /// `;`, a `}` that closes the current block, or a declaration, stepping over nested
    /// brackets as one unit. It is iterative, so hostile nesting cannot overflow the stack.
    mutating func skipItem() {
        var nesting = 0
        var first = true
        while !atEOF {
            if !first && nesting == 0 {
                if tok.newlineBefore || at(.semicolon) || at(.rbrace) || isDeclStart { return }
            }
            first = false
            switch tok.kind {
            case .lbrace, .lparen, .lbracket: nesting += 1
            case .rbrace, .rparen, .rbracket:
                if nesting == 0 { if at(.rbrace) { return } } else { nesting -= 1 }
            default: break
            }
            advance()
        }
    }

    /// `skipBalanced` skips tokens until every bracket opened since the current position
    /// is closed, or a declaration starts; used after the nesting limit is hit.
    mutating func skipBalanced() {
        var nesting = 1
        while !atEOF && nesting > 0 {
            if isDeclStart { return }
            switch tok.kind {
            case .lbrace, .lparen, .lbracket: nesting += 1
            case .rbrace, .rparen, .rbracket: nesting -= 1
            default: break
            }
            advance()
        }
    }

    /// `enterNesting` counts one level of nesting; past `maxDepth` it reports once and
    /// returns false so the caller can bail out without recursing further.
    mutating func enterNesting() -> Bool {
        if depth >= Parser.maxDepth {
            if !reportedTooDeep {
                reportedTooDeep = true
                panicking = false
                lastErrorLine = -1
                report(.nestingTooDeep, "nesting is deeper than \(Parser.maxDepth) levels", at: tok.span,
                       help: "split the expression or block into smaller parts")
            }
            return false
        }
        depth += 1
        return true
    }

    /// `skipToDeclaration` skips tokens at the top level until a declaration starts.
    mutating func skipToDeclaration() {
        advance()
        while !atEOF && !isDeclStart { advance() }
    }
}

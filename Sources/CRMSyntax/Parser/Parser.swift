// Parser builds the syntax tree of one file from the lexer's tokens, reporting every
// syntax error of the file in one run without cascades.
//
// Conventions (Gleam, swift-syntax):
// - `at(.colon)` / `atWord(.rule)` only look; they never consume.
// - `advance()` consumes the current token unconditionally.
// - `consume(.comma)` / `consumeWord(.to)` consume optionally and return the token or nil.
// - `expect(.colon, "after field name")` consumes the token or reports it missing
//   (without consuming anything) and returns nil; the caller carries on as if present.
// - `parseX()` returns a node and always makes progress or reports; broken input yields
//   `.error` nodes and missing names (`Name.missing`), never nil.
//
// Recovery: panic mode (clox) silences errors after the first until the parser reaches
// the start of the next item of a block; at most one syntax error is reported per line
// (Go); block loops stop at a token that starts a top-level declaration on a new line
// (swift-syntax's token precedence), reporting the unclosed `{` with where it opened; a
// depth limit of 256 turns hostile nesting into one diagnostic instead of a stack overflow.
import CRMBase

public struct Parser {
    // Input
    let file: SourceFile
    let tokens: [Token]
    var p = 0
    // Error recovery
    var diagnostics: [Diagnostic] = []
    var panicking = false
    var lastErrorLine = -1
    var depth = 0
    var reportedTooDeep = false
    /// Why: 10,000 nested parentheses overflowed the 512 KiB secondary-thread stack in a
    /// debug build at about 1,500 levels; 256 (swift-syntax's release limit) is far from it.
    static let maxDepth = 256

    init(file: SourceFile, tokens: [Token]) {
        self.file = file
        self.tokens = tokens
    }

    /// `parse(_:)` lexes and parses one file. It never fails: errors are diagnostics.
    public static func parse(_ file: SourceFile) -> FileSyntax {
        let lexed = Lexer.lex(file)
        var parser = Parser(file: file, tokens: lexed.tokens)
        let decls = parser.parseModel(comments: lexed.comments)
        return FileSyntax(file: file, decls: decls, comments: lexed.comments,
                          diagnostics: lexed.diagnostics + parser.droppingLinesReported(by: lexed.diagnostics))
    }

    /// `droppingLinesReported(by:)` removes parser errors on lines where the lexer already
    /// reported: `等级: int = 1，` is one mistake (the full-width comma), not two. Unclosed
    /// blocks and the nesting limit are kept, as they explain everything after them.
    func droppingLinesReported(by lexerDiagnostics: [Diagnostic]) -> [Diagnostic] {
        guard !lexerDiagnostics.isEmpty else { return diagnostics }
        let lines = Set(lexerDiagnostics.map { file.lineIndex(ofOffset: file.offset($0.primary.span.start)) })
        return diagnostics.filter { d in
            d.code == .unclosedDelimiter || d.code == .nestingTooDeep
                || !lines.contains(file.lineIndex(ofOffset: file.offset(d.primary.span.start)))
        }
    }

    // MARK: - Looking and consuming

    var tok: Token { tokens[p] }
    func peek(_ n: Int = 1) -> Token { tokens[min(p + n, tokens.count - 1)] }
    func at(_ k: TokenKind) -> Bool { tokens[p].kind == k }
    func atWord(_ w: Word) -> Bool { tokens[p].kind == .name && tokens[p].word == w }
    var atEOF: Bool { tokens[p].kind == .eof }

    @discardableResult
    mutating func advance() -> Token {
        let t = tokens[p]
        if t.kind != .eof { p += 1 }
        return t
    }

    mutating func consume(_ k: TokenKind) -> Token? { at(k) ? advance() : nil }
    mutating func consumeWord(_ w: Word) -> Token? { atWord(w) ? advance() : nil }

    @discardableResult
    mutating func expect(_ k: TokenKind, _ context: String) -> Token? {
        if at(k) { return advance() }
        errorExpected(k.describe, context)
        return nil
    }

    @discardableResult
    mutating func expectWord(_ w: Word, _ context: String) -> Token? {
        if atWord(w) { return advance() }
        errorExpected("`\(w.text)`", context)
        return nil
    }

    /// The span of the previous token (for end positions).
    var prevSpan: Span { p > 0 ? tokens[p - 1].span : tok.span }
    func spanFrom(_ start: Span) -> Span { start.to(prevSpan) }

    func text(_ t: Token) -> String {
        let s = file.offset(SourcePos(raw: t.start)), e = file.offset(SourcePos(raw: t.end))
        return String(decoding: file.bytes[s..<e], as: UTF8.self)
    }

    /// Describes the current token for "found …" messages.
    var foundDescription: String {
        switch tok.kind {
        case .eof: return "end of file"
        case .name: return "`\(text(tok))`"
        case .string: return "a string"
        default:
            if let s = tok.kind.spelling { return "`\(s)`" }
            return "`\(text(tok))`"
        }
    }

    // MARK: - Names

    /// `parseName(_:)` reads a name (any word, keyword or not) or reports and returns a
    /// missing name at the current position.
    mutating func parseName(_ context: String) -> Name {
        if at(.name) {
            let t = advance()
            return Name(text(t), t.span)
        }
        report(.expectedName, "expected a name \(context), found \(foundDescription)", at: tok.span)
        return Name.missing(at: Span(start: tok.span.start, end: tok.span.start))
    }

    /// `maybeTitle` reads an optional display title string.
    mutating func maybeTitle() -> StringLit? {
        at(.string) ? parseStringLit() : nil
    }

    mutating func parseHeader(_ context: String) -> Header {
        let name = parseName(context)
        return Header(name: name, title: maybeTitle())
    }

    // MARK: - Reporting

    mutating func report(_ code: DiagnosticCode, _ message: String, at span: Span,
                         label: String? = nil, secondary: [Label] = [], help: String? = nil) {
        if panicking { return }
        let line = file.lineIndex(ofOffset: file.offset(span.start))
        if line == lastErrorLine { return }
        lastErrorLine = line
        panicking = true
        diagnostics.append(Diagnostic(code, message, at: span, label: label, secondary: secondary, help: help))
    }

    mutating func errorExpected(_ what: String, _ context: String) {
        // Point just after the previous token when the current one is on a later line:
        // "expected `}`" belongs at the end of the line that lacks it.
        var span = tok.span
        if tok.newlineBefore || tok.kind == .eof, p > 0 {
            let e = tokens[p - 1].span.end
            span = Span(start: e, end: e)
        }
        report(.expectedToken, "expected \(what) \(context), found \(foundDescription)", at: span,
               label: "expected \(what)")
    }

    /// `recovered` ends panic mode at the start of a new item.
    mutating func recovered() { panicking = false }
}

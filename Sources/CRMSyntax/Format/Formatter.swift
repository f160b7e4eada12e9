// Formatter prints a parsed file in the one canonical layout behind `crm fmt`: 2-space
// indentation, `{` on the header line, one item per line, one blank line between
// declarations, single spaces around operators, every comment kept. Formatting is
// idempotent and never changes meaning: `parse(format(x))` has the same tree as
// `parse(x)` (checked with `ASTDump`). The per-node printing lives in the
// `Formatter+*.swift` extensions of `FormatPrinter`.
import CRMBase

/// The canonical printer for crm source files.
public enum Formatter {
    /// Lists (enum members, team members) are printed on one line only if it is at most
    /// this many display columns wide.
    public static let maxWidth = 100

    /// Whether a brace construct the author broke over several lines stays broken: an
    /// enum or team list, a record literal, a one-action `do { … }` block or a one-step
    /// `expect rejected { … }` block is printed on one line only if its first element
    /// was on the line of its keyword in the source (Prettier's rule for objects). The
    /// result is still idempotent. With `false` the layout ignores the source: lists go
    /// inline whenever they fit, records are always inline, one-action blocks always
    /// print as `do action` and rejected blocks always take one step per line.
    static let keepSourceBreaks = true

    /// `format(_:)` returns the canonical text of `syntax`. A file with syntax errors is
    /// returned unchanged: its tree is incomplete, so printing it would lose text.
    public static func format(_ syntax: FileSyntax) -> String {
        if syntax.hasErrors { return String(decoding: syntax.file.bytes, as: UTF8.self) }
        var printer = FormatPrinter(file: syntax.file, comments: syntax.comments)
        printer.declarations(syntax.decls)
        return printer.render()
    }
}

extension FormatPrinter {
    /// `declarations(_:)` prints the top level: declarations separated by one blank line
    /// (comments between them keep at most one blank line of their own), then the
    /// comments after the last declaration.
    mutating func declarations(_ decls: [Decl]) {
        for (i, d) in decls.enumerated() {
            if i > 0 { forceBlank = !hasBlankInGaps(from: previousDeclEnd, to: offset(d.span.start)) }
            declaration(d)
            finished(d.span)
            previousDeclEnd = offset(d.span.end)
        }
        forceBlank = false
        flushAll(indent: 0)
    }

    /// `declaration(_:)` prints one declaration. Its `##` doc comments are printed from
    /// the comment list (as every other comment), never from `Decl.doc`.
    mutating func declaration(_ d: Decl) {
        switch d.kind {
        case .settings(let fields): settings(fields, d)
        case .enumDecl(let e): enumDecl(e, d)
        case .entity(let e): entity(e, d)
        case .rule(let r): rule(r, d)
        case .table(let t): table(t, d)
        case .score(let s): score(s, d)
        case .approval(let a): approval(a, d)
        case .template(let t): template(t, d)
        case .team(let t): team(t, d)
        case .pool(let p): item("pool " + header(p.header) + " for " + p.entity.text, at: d.span.start, indent: 0)
        case .role(let r): role(r, d)
        case .segment(let s): segment(s, d)
        case .report(let r): report(r, d)
        case .test(let t): test(t, d)
        case .error: break
        }
    }

    // MARK: - Shared block shapes

    /// `braced(_:at:span:indent:empty:body:)` prints `head {`, the body, and `}` (or
    /// `head {}` when there is nothing inside, comments included). `span` is the whole
    /// construct, ending with its `}`.
    mutating func braced(_ head: String, at pos: SourcePos, span: Span, indent: Int, empty: Bool,
                         _ body: (inout FormatPrinter) -> Void) {
        if empty && !hasComment(in: Span(start: pos, end: span.end)) {
            item(head + " {}", at: pos, indent: indent)
            return
        }
        item(head + " {", at: pos, indent: indent)
        opened()
        body(&self)
        close(at: closingPos(span), indent: indent)
    }

    /// `list(_:texts:spans:span:indent:forceInline:)` prints a comma-separated list in
    /// braces (enum or team members): on one line `head { a, b }` when the source had the
    /// first member on the header's line, no comment is inside and it fits in
    /// `Formatter.maxWidth`; otherwise one member per line with trailing commas.
    mutating func list(_ head: String, texts: [String], spans: [Span], span: Span,
                       indent: Int, forceInline: Bool = false) {
        guard let first = spans.first?.start else {
            braced(head, at: span.start, span: span, indent: indent, empty: true) { _ in }
            return
        }
        let inline = "\(head) { \(texts.joined(separator: ", ")) }"
        let fits = indent * 2 + width(inline) <= Formatter.maxWidth
        if forceInline || (fits && keptOnOneLine(span.start, first) && !hasComment(in: span)) {
            item(inline, at: span.start, indent: indent)
            return
        }
        braced(head, at: span.start, span: span, indent: indent, empty: false) { p in
            for (text, itemSpan) in zip(texts, spans) {
                p.item(text + ",", at: itemSpan.start, indent: indent + 1)
                p.finished(itemSpan)
            }
        }
    }

    /// `keptOnOneLine(_:_:)` says whether a construct starting at `start` whose first
    /// element starts at `first` may be joined onto one line (see `keepSourceBreaks`).
    func keptOnOneLine(_ start: SourcePos, _ first: SourcePos) -> Bool {
        !Formatter.keepSourceBreaks || sameLine(start, first)
    }

    /// `startsDeclaration(_:)` says whether a line starting with `name` followed by a
    /// string would be read as a new top-level declaration (`rule "x"` in an enum).
    func startsDeclaration(_ name: Name) -> Bool {
        guard let word = Word.allCases.first(where: { $0 != .none && $0.text == name.text }) else { return false }
        return Parser.isDeclarationWord(word)
    }
}

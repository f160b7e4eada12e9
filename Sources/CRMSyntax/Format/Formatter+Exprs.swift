// Canonical text of expressions, types, record literals and other inline pieces. These
// are pure functions of the tree: an expression is always printed on one line, with the
// tokens of the source in the same order (parentheses are `.paren` nodes, so no
// precedence reasoning is needed and the text reparses to the same tree).
import CRMBase

extension FormatPrinter {
    /// `expr(_:)` prints an expression: single spaces around binary operators, `not x`,
    /// `-x`, no spaces inside brackets, `, ` between elements, strings as written.
    func expr(_ e: Expr) -> String {
        var out = ""
        write(e, to: &out)
        return out
    }

    /// `exprList(_:)` prints expressions separated by `, `.
    func exprList(_ items: [Expr]) -> String {
        var out = ""
        writeList(items, to: &out)
        return out
    }

    /// `write(_:to:)` appends an expression. Recursion is bounded by the parser's
    /// nesting limit except along left operands (`a + b + c`, `a.b.c`, `f()()`), which
    /// the parser builds in a loop; `writeChain` walks those iteratively.
    func write(_ e: Expr, to out: inout String) {
        switch e.kind {
        case .name(let n): out += n
        case .literal(_, let text): out += text
        case .string(let s): out += s.raw
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .list(let items):
            out += "["
            writeList(items, to: &out)
            out += "]"
        case .paren(let inner):
            out += "("
            write(inner, to: &out)
            out += ")"
        case .unary(let op, let operand):
            out += op == .not ? "not " : "-"
            write(operand, to: &out)
        case .conditional(let c, let a, let b):
            out += "if "
            write(c, to: &out)
            out += " then "
            write(a, to: &out)
            out += " else "
            write(b, to: &out)
        case .binary, .member, .call, .index: writeChain(e, to: &out)
        case .error: break
        }
    }

    /// `writeChain(_:to:)` prints a left-nested chain of binary operators and postfix
    /// operations without recursing into the left operands.
    func writeChain(_ e: Expr, to out: inout String) {
        let (spine, base) = e.leftSpine
        write(base, to: &out)
        for link in spine.reversed() { writeLink(link, to: &out) }
    }

    /// `writeLink(_:to:)` appends what a chain node adds after its left operand.
    func writeLink(_ e: Expr, to out: inout String) {
        switch e.kind {
        case .binary(let op, _, let right):
            out += " " + op.rawValue + " "
            write(right, to: &out)
        case .member(_, let name):
            out += "." + name.text
        case .call(_, let args, let filter):
            out += "("
            writeList(args, to: &out)
            if let filter {
                out += args.isEmpty ? "where " : " where "
                write(filter, to: &out)
            }
            out += ")"
        case .index(_, let index):
            out += "["
            write(index, to: &out)
            out += "]"
        default: break
        }
    }

    /// `writeList(_:to:)` appends expressions separated by `, `.
    func writeList(_ items: [Expr], to out: inout String) {
        for (i, item) in items.enumerated() {
            if i > 0 { out += ", " }
            write(item, to: &out)
        }
    }

    // MARK: - Inline pieces

    /// `title(_:)` prints ` "title"` (with its leading space) or nothing.
    func title(_ t: StringLit?) -> String {
        guard let t else { return "" }
        return " " + t.raw
    }

    /// `header(_:)` prints `name "title"`.
    func header(_ h: Header) -> String { h.name.text + title(h.title) }

    /// `names(_:)` prints names separated by `, `.
    func names(_ ns: [Name]) -> String { ns.map(\.text).joined(separator: ", ") }

    /// `record(_:)` prints a record literal inline: `{ a: 1, b: 2 }`, or `{}`.
    func record(_ fields: [FieldInit]) -> String {
        guard !fields.isEmpty else { return "{}" }
        return "{ " + fields.map { fieldInit($0) }.joined(separator: ", ") + " }"
    }

    /// `headWithRecord(_:_:start:indent:asItem:)` prints `head { a: 1, b: 2 }` on one
    /// line, or `head {`, one `field: value,` per line and `}` when the record holds a
    /// comment or (see `keepSourceBreaks`) its first field was not on the line of the
    /// item that holds it. `start` is where that item starts; `fields == nil` prints
    /// `head` alone.
    mutating func headWithRecord(_ head: String, _ fields: [FieldInit]?, start: SourcePos, indent: Int, asItem: Bool) {
        guard let fields, let first = fields.first, let last = fields.last else {
            startLine(head + (fields == nil ? "" : " {}"), at: start, indent: indent, asItem: asItem)
            return
        }
        let inside = Span(start: first.name.span.start, end: last.value.span.end)
        if keptOnOneLine(start, first.name.span.start) && !hasComment(in: inside) {
            startLine(head + " " + record(fields), at: start, indent: indent, asItem: asItem)
            return
        }
        startLine(head + " {", at: start, indent: indent, asItem: asItem)
        opened()
        for f in fields {
            item(fieldInit(f) + ",", at: f.name.span.start, indent: indent + 1)
            finished(f.name.span.to(f.value.span))
        }
        close(at: closingBrace(after: inside.end), indent: indent)
    }

    /// `startLine(_:at:indent:asItem:)` starts an item line or a continuation line.
    mutating func startLine(_ text: String, at pos: SourcePos, indent: Int, asItem: Bool) {
        if asItem { item(text, at: pos, indent: indent) } else { line(text, at: pos, indent: indent) }
    }

    /// `fieldInit(_:)` prints `name: value`.
    func fieldInit(_ f: FieldInit) -> String { f.name.text + ": " + expr(f.value) }

    /// `type(_:)` prints a type: `text`, `money(CNY)`, `ref User?`, `set<text>`,
    /// `many Order via customer`.
    func type(_ t: TypeRef) -> String {
        let base: String
        switch t.kind {
        case .named(let name, let args):
            base = args.isEmpty ? name.text : name.text + "(" + args.map { typeArg($0) }.joined(separator: ", ") + ")"
        case .ref(let name): base = "ref " + name.text
        case .many(let name, let via): base = "many " + name.text + " via " + via.text
        case .set(let element): base = "set<" + type(element) + ">"
        case .list(let element): base = "list<" + type(element) + ">"
        case .error: base = ""
        }
        return t.optional ? base + "?" : base
    }

    /// One type argument as written.
    func typeArg(_ a: TypeRef.Arg) -> String {
        switch a {
        case .int(let s): return s
        case .string(let s): return s.raw
        case .name(let n): return n.text
        }
    }

    // MARK: - Display width

    /// `width(_:)` is the terminal display width of a line (CJK counts 2).
    func width(_ s: String) -> Int { DisplayWidth.of(s) }
}

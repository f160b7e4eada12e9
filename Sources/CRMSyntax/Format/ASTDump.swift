// ASTDump prints a syntax tree as canonical S-expression text, leaving out everything
// that formatting may change: spans, the raw spelling of strings (their decoded parts
// are printed instead) and whether an action block was braced. Two files whose dumps are
// equal mean the same thing, so `dump(parse(format(x))) == dump(parse(x))` is the
// formatter's "never changes meaning" check. Every other field of every node appears.
import CRMBase

/// Span-free S-expression dumps of syntax trees.
public enum ASTDump {
    /// `dump(_:)` returns one S-expression per declaration, separated by newlines; long
    /// lists break one element per line so test failures diff well.
    public static func dump(_ decls: [Decl]) -> String {
        decls.map { render(decl($0), indent: 0) }.joined(separator: "\n") + (decls.isEmpty ? "" : "\n")
    }

    /// `dump(_:)` returns the dump of one expression on one line.
    public static func dump(_ e: Expr) -> String { flat(expr(e)) }
}

/// One S-expression: an atom or a parenthesised list.
indirect enum SNode: Equatable {
    case atom(String)
    case list([SNode])
}

extension ASTDump {
    // MARK: - Building

    /// `node(_:_:)` builds `(head item…)`.
    static func node(_ head: String, _ items: SNode...) -> SNode { .list([.atom(head)] + items) }
    /// `node(_:list:)` builds `(head item…)` from an array.
    static func node(_ head: String, list items: [SNode]) -> SNode { .list([.atom(head)] + items) }

    /// A name; a missing name (reported by the parser) is `<missing>`, and a name
    /// spelled `nil` is `|nil|` so it differs from an absent optional.
    static func name(_ n: Name) -> SNode {
        .atom(n.isMissing ? "<missing>" : n.text == "nil" ? "|nil|" : n.text)
    }
    /// An optional name; `nil` when absent.
    static func name(_ n: Name?) -> SNode { n.map { name($0) } ?? .atom("nil") }
    /// A list of names.
    static func names(_ ns: [Name]) -> SNode { .list(ns.map { name($0) }) }

    /// A quoted, escaped text atom.
    static func quoted(_ s: String) -> SNode {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if ch.value < 0x20 { out += "\\u{\(String(ch.value, radix: 16))}" } else { out.unicodeScalars.append(ch) }
            }
        }
        return .atom(out + "\"")
    }

    /// A boolean atom.
    static func flag(_ b: Bool) -> SNode { .atom(b ? "true" : "false") }
    /// An optional node; `nil` when absent.
    static func optional(_ x: SNode?) -> SNode { x ?? .atom("nil") }
    /// An optional expression; `nil` when absent.
    static func optionalExpr(_ e: Expr?) -> SNode { optional(e.map { expr($0) }) }
    /// An optional string literal; `nil` when absent.
    static func optionalString(_ s: StringLit?) -> SNode { optional(s.map { string($0) }) }
    /// A list of expressions.
    static func exprs(_ es: [Expr]) -> SNode { .list(es.map { expr($0) }) }

    /// A string literal by its decoded parts: `(str "text" (interp expr) …)`.
    static func string(_ s: StringLit) -> SNode {
        node("str", list: s.parts.map { part in
            switch part {
            case .text(let t): return quoted(t)
            case .interpolation(let e): return node("interp", expr(e))
            }
        })
    }

    /// The `name "title"` head of a declaration.
    static func header(_ h: Header) -> SNode { node("header", name(h.name), optionalString(h.title)) }

    /// A record literal's `name: value` pairs.
    static func fields(_ fs: [FieldInit]) -> SNode {
        .list(fs.map { node("init", name($0.name), expr($0.value)) })
    }

    /// An optional record literal; `nil` when absent.
    static func optionalFields(_ fs: [FieldInit]?) -> SNode { optional(fs.map { fields($0) }) }

    // MARK: - Expressions

    /// `expr(_:)` dumps an expression; parentheses stay as `(paren …)` nodes.
    static func expr(_ e: Expr) -> SNode {
        switch e.kind {
        case .name(let n): return node("name", .atom(n))
        case .literal(let kind, let text): return node(kind.rawValue, quoted(text))
        case .string(let s): return string(s)
        case .bool(let b): return node("bool", flag(b))
        case .null: return .atom("null")
        case .list(let items): return node("list", list: items.map { expr($0) })
        case .paren(let inner): return node("paren", expr(inner))
        case .unary(let op, let x): return node("unary", .atom(op.rawValue), expr(x))
        case .binary, .member, .call, .index: return chain(e)
        case .conditional(let c, let a, let b): return node("if", expr(c), expr(a), expr(b))
        case .error: return .atom("<error>")
        }
    }

    /// Left spines longer than this dump as one flat `(chain …)` list.
    static let maxNestedChain = 64

    /// `chain(_:)` dumps a left-nested chain of binary, member, call and index nodes,
    /// which the parser builds in a loop and so may be arbitrarily long. Up to
    /// `maxNestedChain` links it is nested as usual, `(binary + (binary + a b) c)`;
    /// beyond, `(chain a (binary + b) (binary + c) …)` holds the same information
    /// without deep recursion.
    static func chain(_ e: Expr) -> SNode {
        let (spine, base) = e.leftSpine
        if spine.count > maxNestedChain {
            return node("chain", list: [expr(base)] + spine.reversed().map { link($0, left: nil) })
        }
        var result = expr(base)
        for l in spine.reversed() { result = link(l, left: result) }
        return result
    }

    /// `link(_:left:)` dumps one chain node, with its left operand or (in a flat chain)
    /// without it.
    static func link(_ e: Expr, left: SNode?) -> SNode {
        let l = left.map { [$0] } ?? []
        switch e.kind {
        case .binary(let op, _, let r): return node("binary", list: [.atom(op.rawValue)] + l + [expr(r)])
        case .member(_, let n): return node("member", list: l + [name(n)])
        case .call(_, let args, let filter): return node("call", list: l + [exprs(args), optionalExpr(filter)])
        case .index(_, let i): return node("index", list: l + [expr(i)])
        default: return expr(e)
        }
    }

    /// `type(_:)` dumps a type reference.
    static func type(_ t: TypeRef) -> SNode {
        let kind: SNode
        switch t.kind {
        case .named(let n, let args): kind = node("named", name(n), .list(args.map { typeArg($0) }))
        case .ref(let n): kind = node("ref", name(n))
        case .many(let n, let via): kind = node("many", name(n), name(via))
        case .set(let el): kind = node("set", type(el))
        case .list(let el): kind = node("list", type(el))
        case .error: kind = .atom("<error>")
        }
        return node("type", kind, node("optional", flag(t.optional)))
    }

    /// One type argument: an integer, a string or a name.
    static func typeArg(_ a: TypeRef.Arg) -> SNode {
        switch a {
        case .int(let s): return node("int", quoted(s))
        case .string(let s): return string(s)
        case .name(let n): return name(n)
        }
    }

    // MARK: - Rendering

    /// `flat(_:)` renders a node on one line.
    static func flat(_ n: SNode) -> String {
        switch n {
        case .atom(let a): return a
        case .list(let items): return "(" + items.map { flat($0) }.joined(separator: " ") + ")"
        }
    }

    /// `render(_:indent:)` renders a node on one line if it is short, else its head on
    /// the first line and each element on its own line, indented.
    static func render(_ n: SNode, indent: Int) -> String {
        let one = flat(n)
        guard case .list(let items) = n, one.count + indent > 80, let head = items.first else { return one }
        let pad = String(repeating: "  ", count: indent + 1)
        let rest = items.dropFirst().map { pad + render($0, indent: indent + 1) }
        return "(" + render(head, indent: indent + 1) + "\n" + rest.joined(separator: "\n") + ")"
    }
}

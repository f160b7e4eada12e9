// Compiler owns turning a type-checked expression into a closure tree, once, so that
// evaluation does no name lookups in the symbol table, no literal parsing and no
// dispatch on syntax: each node becomes one closure over its children's closures.
// (A closure tree rather than bytecode: expressions are small and rules run them many
// times; closures are simple and fast enough, and keep errors located per node.)
//
// The compiler trusts the checker for typing but never traps on a tree it was not
// given checked: an unknown name or an impossible operand pairing is an `EvalError`.
// Bare enum members (`淘宝`) are resolved here with the same context rule the checker
// uses (the other operand of a comparison, the list, the branch), so evaluation compares
// enum values, not strings.
import CRMBase
import CRMSema
import CRMSyntax

/// One compiled node: its evaluation closure.
typealias Thunk = (EvalContext) throws(EvalError) -> Value

/// A compiled expression, ready to run against many environments.
public struct CompiledExpr {
    /// The static type the compiler inferred, when it could (the checker's is authoritative).
    public let type: CRMType?
    let thunk: Thunk
    /// The value, when the expression is a constant (`"east"`, `40`, `East`).
    let constant: Value?
    /// The expression as tests of stored slots (Compiler+FastPaths.swift), when it is
    /// one: what the interpreter's straight-line cascade runs instead of the closures.
    let storedTest: StoredTest?
    /// Whether the expression is `now()` (a default the interpreter fills in from its
    /// clock without an evaluation context).
    var isNow = false

    /// `evaluate(_:)` runs the expression.
    public func evaluate(_ context: EvalContext) throws(EvalError) -> Value { try thunk(context) }
}

/// Compiles expressions against a model's symbols and the types of the names in scope.
public struct ExpressionCompiler {
    public var symbols: SymbolTable
    /// Variables and fields the environment will provide, with their types.
    public var names: [String: CRMType]
    /// The zone datetime literals are read in (the model's).
    public var calendar: ZonedCalendar
    /// The source text of a span, to quote the failing subexpression in messages.
    public var sourceText: (Span) -> String?
    /// Names read by slot (`Environment.value(atSlot:)`) instead of by name: the
    /// interpreter passes a record's field slots here.
    public var slots: [String: Int] = [:]
    /// Template variables bound by a notify's `with { name: expr }` record: a bare name
    /// nothing else resolves (the checker's `openNames`) compiles as its bound
    /// expression, which is read in the rule's scope (without these bindings).
    public var templateVariables: [String: Expr] = [:]

    public init(symbols: SymbolTable = SymbolTable(), names: [String: CRMType] = [:], calendar: ZonedCalendar,
                sourceText: @escaping (Span) -> String? = { _ in nil }) {
        self.symbols = symbols
        self.names = names
        self.calendar = calendar
        self.sourceText = sourceText
    }

    /// `compile(_:)` compiles a checked expression.
    public func compile(_ e: Expr) throws(EvalError) -> CompiledExpr {
        try compile(e, expecting: nil)
    }

    /// `compile(_:expecting:)` compiles a checked expression whose context expects
    /// `expected` (a field's type, say), so bare enum members and stages in it, also
    /// inside list literals, resolve as the checker resolved them.
    public func compile(_ e: Expr, expecting expected: CRMType?) throws(EvalError) -> CompiledExpr {
        let n = try node(e, expected: expected)
        return CompiledExpr(type: n.type, thunk: n.run, constant: n.constant, storedTest: n.test, isNow: n.isNow)
    }

    /// A compiled node and its static type (nil if unknown).
    struct Node {
        var type: CRMType?
        var run: Thunk
        /// The value, when the node is a constant (a literal, an enum member, a list of
        /// constants): the fast paths (Compiler+FastPaths.swift) compare against it.
        var constant: Value?
        /// The slot, when the node reads a field by slot: the fast paths read its stored
        /// form instead of loading a Value.
        var slot: Int?
        /// The node as a conjunction of stored-slot tests, when it is one.
        var test: StoredTest?
        /// The node is the call `now()`.
        var isNow = false

        init(type: CRMType?, constant: Value? = nil, slot: Int? = nil, test: StoredTest? = nil, run: @escaping Thunk) {
            self.type = type
            self.run = run
            self.constant = constant
            self.slot = slot
            self.test = test
        }

        static func constant(_ v: Value, _ t: CRMType?) -> Node { Node(type: t, constant: v) { _ in v } }
    }

    /// `what(_:)` quotes a subexpression for a message: "`a * b`".
    func what(_ e: Expr) -> String {
        guard let text = sourceText(e.span), !text.isEmpty, text.count <= 80 else { return "this expression" }
        return "`" + text + "`"
    }

    func typeError(_ e: Expr, _ why: String) -> EvalError {
        EvalError(.runtimeTypeError, "\(why) in \(what(e))", at: e.span)
    }

    func node(_ e: Expr, expected: CRMType?) throws(EvalError) -> Node {
        switch e.kind {
        case .error:
            throw EvalError(.runtimeTypeError, "cannot evaluate a broken expression", at: e.span)
        case .literal(let kind, let text): return try literal(kind, text, e)
        case .string(let lit): return try string(lit)
        case .bool(let b): return .constant(.bool(b), .bool)
        case .null: return .constant(.null, .null)
        case .paren(let inner): return try node(inner, expected: expected)
        case .name(let n): return try name(n, e, expected: expected)
        case .list(let items): return try list(items, e, expected: expected)
        case .unary(let op, let operand): return try unary(op, operand, e)
        case .binary(let op, let l, let r): return try binary(op, l, r, e)
        case .member(let base, let name): return try member(base, name, e)
        case .call(let callee, let args, let filter): return try call(callee, args, filter, e)
        case .index(let base, let index):
            let b = try node(base, expected: nil), i = try node(index, expected: .int)
            let me = self
            return Node(type: b.type?.unwrapped.element?.optional) { ctx throws(EvalError) in
                let bv = try b.run(ctx), iv = try i.run(ctx)
                guard case .list(let xs) = bv, case .int(let k) = iv else {
                    throw me.typeError(e, "only a list can be indexed, by an int")
                }
                return k >= 0 && k < Int64(xs.count) ? xs[Int(k)] : .null
            }
        case .conditional(let c, let a, let b):
            // Lazy: only the taken branch runs, so the other branch's error never surfaces.
            let cn = try node(c, expected: .bool)
            let an = try node(a, expected: expected)
            let bn = try node(b, expected: expected ?? an.type)
            let me = self
            return Node(type: an.type == .null ? bn.type?.optional : an.type) { ctx throws(EvalError) in
                switch try cn.run(ctx) {
                case .bool(true): return try an.run(ctx)
                case .bool(false): return try bn.run(ctx)
                default: throw me.typeError(c, "the condition is not a bool")
                }
            }
        }
    }

    // MARK: Literals

    func literal(_ kind: LiteralKind, _ text: String, _ e: Expr) throws(EvalError) -> Node {
        let bad = EvalError(.decimalOverflow, "the literal `\(text)` is out of range", at: e.span)
        switch kind {
        case .int:
            guard let n = Int64(text.replacingOccurrences(of: "_", with: "")) else {
                throw EvalError(.integerOverflow, "the literal `\(text)` does not fit in 64 bits", at: e.span)
            }
            return .constant(.int(n), .int)
        case .decimal:
            guard let d = ExactDecimal.parse(text) else { throw bad }
            return .constant(.decimal(d), .decimal)
        case .money:
            let parts = text.split(separator: " ")
            guard parts.count == 2, let d = ExactDecimal.parse(String(parts[0])) else { throw bad }
            return .constant(.money(d, currency: String(parts[1])), .money(String(parts[1])))
        case .duration:
            guard let d = CalendarDuration.literal(text) else {
                throw EvalError(.integerOverflow, "the duration `\(text)` is out of range", at: e.span)
            }
            return .constant(.duration(d), .duration)
        case .date:
            guard let d = CivilDate.parse(Substring(text)) else {
                throw EvalError(.invalidDateArithmetic, "`\(text)` is not a date", at: e.span)
            }
            return .constant(.date(d.days), .date)
        case .datetime:
            guard let t = calendar.parseDateTime(text) else {
                throw EvalError(.invalidDateArithmetic, "`\(text)` is not a datetime", at: e.span)
            }
            return .constant(.datetime(t), .datetime)
        case .time:
            guard let s = CivilDate.parseTime(Substring(text)) else {
                throw EvalError(.invalidDateArithmetic, "`\(text)` is not a time of day", at: e.span)
            }
            return .constant(.time(s), .time)
        }
    }

    /// Interpolated strings insert each value's canonical spelling (Value.canonical).
    func string(_ lit: StringLit) throws(EvalError) -> Node {
        if let plain = lit.plainValue { return .constant(.text(plain), .text) }
        var parts: [Thunk] = []
        for part in lit.parts {
            switch part {
            case .text(let t): parts.append { _ in .text(t) }
            case .interpolation(let inner): parts.append(try node(inner, expected: nil).run)
            }
        }
        let frozen = parts
        return Node(type: .text) { ctx throws(EvalError) in
            var out = ""
            for p in frozen {
                let v = try p(ctx)
                if case .text(let s) = v { out += s } else { out += v.canonical(in: ctx.calendar) }
            }
            return .text(out)
        }
    }

    // MARK: Names and lists

    func name(_ n: String, _ e: Expr, expected: CRMType?) throws(EvalError) -> Node {
        if let t = names[n] {
            let me = self
            if let slot = slots[n] {
                return Node(type: t, slot: slot) { ctx throws(EvalError) in
                    guard let v = ctx.environment.value(atSlot: slot) else {
                        throw EvalError(.runtimeTypeError, "no value for `\(n)` in \(me.what(e))", at: e.span)
                    }
                    return v
                }
            }
            return Node(type: t) { ctx throws(EvalError) in
                guard let v = ctx.environment.value(of: n) else {
                    throw EvalError(.runtimeTypeError, "no value for `\(n)` in \(me.what(e))", at: e.span)
                }
                return v
            }
        }
        if case .enumeration(let en)? = expected?.unwrapped, let m = enumMember(en, n) {
            return .constant(.enumMember(m), .enumeration(en))
        }
        if let owners = symbols.enumsByMember[n], owners.count == 1, let m = enumMember(owners[0], n) {
            return .constant(.enumMember(m), .enumeration(owners[0]))
        }
        if let bound = templateVariables[n] {
            var outer = self
            outer.templateVariables = [:]
            return try outer.node(bound, expected: expected)
        }
        throw EvalError(.runtimeTypeError, "unknown name `\(n)`", at: e.span)
    }

    func enumMember(_ en: String, _ member: String) -> EnumMember? {
        guard let e = symbols.enums[en], let i = e.members.firstIndex(of: member) else { return nil }
        return EnumMember(type: en, name: member, ordinal: i)
    }

    func list(_ items: [Expr], _ e: Expr, expected: CRMType?) throws(EvalError) -> Node {
        var elementType = expected?.unwrapped.element
        var thunks: [Thunk] = []
        var nodes: [Node] = []
        for item in items {
            let n = try node(item, expected: elementType)
            if elementType == nil, n.type != .null { elementType = n.type }
            thunks.append(n.run)
            nodes.append(n)
        }
        let frozen = thunks
        // A list of constants (`[已联系, 高意向]`) is built once, not per evaluation.
        let constants = nodes.compactMap(\.constant)
        if constants.count == nodes.count {
            return .constant(.list(constants), elementType.map { .list($0) })
        }
        return Node(type: elementType.map { .list($0) }) { ctx throws(EvalError) in
            var out: [Value] = []
            out.reserveCapacity(frozen.count)
            for t in frozen { out.append(try t(ctx)) }
            return .list(out)
        }
    }
}

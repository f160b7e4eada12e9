// TestHarness owns what `crm test` needs from the runtime beyond `execute` and
// `advance`: compiling a test's expressions (its records are variables of type
// `ref Entity`, stages resolve as the lowering resolves them), evaluating them against
// the live store, reading records and outbox payloads as runtime values, and turning a
// value back into a command input. It lives here, not in CRMTools, because the value
// plumbing (ValueStorage, lifecycle enums) is internal to the runtime; it reads the
// interpreter only through its public surface and the store, never its per-command state.
import CRMBase
import CRMSema
import CRMStore
import CRMSyntax

/// Test-facing views of a running interpreter.
public struct TestHarness {
    public let interpreter: Interpreter
    let symbols: SymbolTable

    /// `symbols` are the checker's; lifecycle stages are added as enums, as lowering does.
    public init(interpreter: Interpreter, symbols: SymbolTable) {
        self.interpreter = interpreter
        self.symbols = Lowering.augmented(symbols)
    }

    var program: IRProgram { interpreter.program }

    // MARK: Expressions

    /// `compile(_:bindings:expecting:sourceText:)` compiles a test expression; `bindings`
    /// are the test's records by name with their entity.
    public func compile(_ e: Expr, bindings: [String: String], expecting: CRMType? = nil,
                        sourceText: @escaping (Span) -> String?) throws(EvalError) -> CompiledExpr {
        var names: [String: CRMType] = [:]
        for (name, entity) in bindings { names[name] = .ref(entity) }
        let compiler = ExpressionCompiler(symbols: symbols, names: names, calendar: program.calendar, sourceText: sourceText)
        return try compiler.compile(e, expecting: expecting.map(Lowering.runtimeType))
    }

    /// `evaluate(_:bindings:)` runs a compiled test expression now, reading the store.
    public func evaluate(_ c: CompiledExpr, bindings: [String: RecordID]) throws(EvalError) -> Value {
        let env = TestEnvironment(harness: self, bindings: bindings)
        return try c.evaluate(EvalContext(environment: env, clock: interpreter.clock, calendar: program.calendar))
    }

    /// The type of a field (for compiling the values given to it), nil if unknown.
    public func fieldType(_ entity: String, _ field: String) -> CRMType? {
        symbols.entities[entity]?.field(field)?.type
    }

    // MARK: Records

    /// A record as a runtime value (`Lead#1` as `.record`).
    public func value(of id: RecordID) -> Value {
        let e = Int(id.entity)
        let name = e >= 0 && e < program.entities.count ? program.entities[e].name : "?"
        return .record(entity: name, id: Int64(id.number))
    }

    /// The record a `.record` value names, if it exists.
    public func record(_ v: Value) -> RecordID? {
        guard case .record(let e, let n) = v, let i = program.entityIndex[e] else { return nil }
        let id = RecordID(entity: EntityID(i), number: UInt32(clamping: n))
        return interpreter.store.exists(id) ? id : nil
    }

    /// The entity's field names in slot order; nil for an unknown entity.
    public func fieldNames(_ entity: String) -> [String]? {
        program.entity(named: entity).map { $0.fields.map(\.name) }
    }

    /// The records of an entity, in creation order.
    public func records(of entity: String) -> [RecordID] {
        guard let i = program.entityIndex[entity] else { return [] }
        return interpreter.store.records(of: EntityID(i))
    }

    /// One field of a record as a runtime value; nil if the record or field is unknown.
    public func field(_ name: String, of id: RecordID) -> Value? {
        let e = Int(id.entity)
        guard e >= 0, e < program.entities.count else { return nil }
        let entity = program.entities[e]
        guard let slot = entity.fieldIndex[name], let s = interpreter.store.value(id, slot: slot) else { return nil }
        return ValueStorage.load(s, kind: entity.fields[slot].kind)
    }

    /// The name of a field by slot (audit entries carry slots).
    public func fieldName(_ entity: EntityID, slot: Int) -> String? {
        let e = Int(entity)
        guard e >= 0, e < program.entities.count, slot >= 0, slot < program.entities[e].fields.count else { return nil }
        return program.entities[e].fields[slot].name
    }

    /// The slot of a field, nil if unknown.
    public func slot(_ entity: EntityID, field: String) -> Int? {
        let e = Int(entity)
        guard e >= 0, e < program.entities.count else { return nil }
        return program.entities[e].fieldIndex[field]
    }

    // MARK: Values

    /// How a value reads in failure messages: canonical spellings, records as `Lead#1`.
    public func show(_ v: Value) -> String {
        switch v {
        case .record(let e, let n): return "\(e)#\(n)"
        case .text(let s): return Value.quoted(s)
        case .list(let xs): return "[" + xs.map(show).joined(separator: ", ") + "]"
        default: return v.display(in: program.calendar)
        }
    }

    /// The outbox addresses a recipient value may have become: text as written; a record
    /// by its name (`User#1`) or, for a `User`, by its e-mail (users are addressed by
    /// e-mail, as team members are).
    public func addresses(of v: Value) -> [String] {
        switch v {
        case .text(let s): return [s]
        case .record:
            var out = [show(v)]
            if let id = record(v), let user = program.extras.user, Int(id.entity) == user.entity,
               case .text(let email)? = interpreter.store.value(id, slot: user.email) {
                out.append(email)
            }
            return out
        default: return [v.canonical(in: program.calendar)]
        }
    }

    /// A stored value (an audit entry's or a payload's) for comparison with a runtime value.
    public func stored(_ v: Value) -> StoredValue { ValueStorage.store(v, entityIDs: program.entityIndex) }

    /// A stored value spelled for messages, using the slot's field when known (enum names).
    public func show(_ s: StoredValue, entity: EntityID? = nil, slot: Int? = nil) -> String {
        if case .ref(let r) = s { return interpreter.name(of: r) }
        var kind = SlotKind.plain
        if let entity, let slot {
            let e = Int(entity)
            if e >= 0, e < program.entities.count, slot >= 0, slot < program.entities[e].fields.count {
                kind = program.entities[e].fields[slot].kind
            }
        }
        if case .enumMember(let o) = s, kind == .plain { return "#\(o)" }
        return show(ValueStorage.load(s, kind: kind))
    }

    /// A payload value spelled with a known enum: payloads keep an enum member as its
    /// ordinal only, so the caller names the enum (from the value it expected).
    public func show(_ s: StoredValue, enumType: String) -> String {
        if case .enumMember(let o) = s, let e = symbols.enums[enumType], o >= 0, Int(o) < e.members.count {
            return e.members[Int(o)]
        }
        return show(s)
    }

    /// Whether a stored value equals a runtime value (exact numbers compare by value:
    /// `128000 CNY` equals `128000.00 CNY`).
    public func matches(_ s: StoredValue, _ v: Value, entity: EntityID? = nil, slot: Int? = nil) -> Bool {
        if let entity, let slot {
            let e = Int(entity)
            if e >= 0, e < program.entities.count, slot >= 0, slot < program.entities[e].fields.count {
                return ValueStorage.load(s, kind: program.entities[e].fields[slot].kind) == v
            }
        }
        switch (s, v) {
        case (.enumMember(let o), .enumMember(let m)): return Int(o) == m.ordinal
        case (.ref, .record): return s == stored(v)
        // A payload may carry an enum member or a record by name (as text)…
        case (.text(let t), .enumMember(let m)): return t == m.name
        case (.text(let t), .record): return t == show(v)
        // …and a number with a unit or a time as its canonical text (`"120000.00 CNY"`).
        case (.text(let t), .money), (.text(let t), .date), (.text(let t), .datetime), (.text(let t), .time),
             (.text(let t), .duration):
            return t == v.canonical(in: program.calendar)
        default: return ValueStorage.load(s, kind: .plain) == v
        }
    }

    /// A value as a command input (the form `crm run` events give), so test steps go
    /// through the same `execute` path as events do.
    public func input(_ v: Value) -> FieldInput {
        switch v {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .number(String(i))
        case .decimal: return .number(v.canonical(in: program.calendar))
        case .money: return .text(v.canonical(in: program.calendar))
        case .text(let s): return .text(s)
        case .enumMember(let m): return .text(m.name)
        case .record(let e, let n): return .text("\(e)#\(n)")
        case .list(let xs): return .list(xs.map(input))
        case .date, .datetime, .time, .duration: return .text(v.canonical(in: program.calendar))
        }
    }
}

/// Test expressions read the test's records by name and follow references in the store.
struct TestEnvironment: Environment {
    let harness: TestHarness
    let bindings: [String: RecordID]

    func value(of name: String) -> Value? { bindings[name].map(harness.value(of:)) }

    func field(_ name: String, of record: Value) -> Value? {
        guard let id = harness.record(record) else { return nil }
        return harness.field(name, of: id)
    }
}

// Interpreter+Values owns the interpreter's value plumbing: converting command inputs
// to a field's type (reporting the field on a mismatch), the Environment that lets
// compiled expressions read a record's slots straight from the store (and follow
// references: `customer.owner`), and spelling values for traces.
import CRMBase
import CRMSema
import CRMStore

/// Reads a record's fields by slot from the store; a deleted record reads its last
/// values. `override` replaces one slot (a `changed from` test sees the old value).
///
/// Three words (interpreter, record, extras) so that it fits an existential's inline
/// buffer: an `any Environment` holding it needs no heap box, and the rules evaluate
/// a condition per candidate rule per event. The rare parts (a deleted record's last
/// values, an override) live in one optional object.
struct RecordEnvironment: Environment {
    final class Extras {
        let lastValues: [StoredValue]?
        let override: (slot: Int, value: Value)?
        init(lastValues: [StoredValue]?, override: (slot: Int, value: Value)?) {
            self.lastValues = lastValues
            self.override = override
        }
    }

    let interpreter: Interpreter
    let record: RecordID
    let extras: Extras?

    init(interpreter: Interpreter, record: RecordID, entity: IREntity? = nil,
         lastValues: [StoredValue]? = nil, override: (slot: Int, value: Value)? = nil) {
        self.interpreter = interpreter
        self.record = record
        self.extras = lastValues == nil && override == nil ? nil : Extras(lastValues: lastValues, override: override)
    }

    var entity: IREntity { interpreter.entity(of: record) }
    var lastValues: [StoredValue]? { extras?.lastValues }
    var override: (slot: Int, value: Value)? { extras?.override }

    func value(atSlot slot: Int) -> Value? {
        let e = Int(record.entity)
        guard e >= 0, e < interpreter.slotKinds.count, slot >= 0, slot < interpreter.slotKinds[e].count else { return nil }
        if let x = extras {
            if let o = x.override, o.slot == slot { return o.value }
            let stored = interpreter.store.value(record, slot: slot) ?? x.lastValues.map { slot < $0.count ? $0[slot] : .null }
            guard let stored else { return nil }
            return ValueStorage.load(stored, kind: interpreter.slotKinds[e][slot])
        }
        guard let stored = interpreter.store.value(record, slot: slot) else { return nil }
        return ValueStorage.load(stored, kind: interpreter.slotKinds[e][slot])
    }

    /// The stored form, for a plain environment only: an override or a deleted
    /// record's last values are answered by `value(atSlot:)`.
    func storedValue(atSlot slot: Int) -> StoredValue? {
        guard extras == nil else { return nil }
        let e = Int(record.entity)
        guard e >= 0, e < interpreter.slotKinds.count, slot >= 0, slot < interpreter.slotKinds[e].count else { return nil }
        return interpreter.store.value(record, slot: slot)
    }

    func value(of name: String) -> Value? { entity.fieldIndex[name].flatMap(value(atSlot:)) }

    func field(_ name: String, of record: Value) -> Value? {
        guard case .record(let e, let n) = record, let target = interpreter.program.entity(named: e),
              let slot = target.fieldIndex[name] else { return nil }
        let id = RecordID(entity: EntityID(target.id), number: UInt32(clamping: n))
        guard let stored = interpreter.store.value(id, slot: slot) else { return nil }
        return ValueStorage.load(stored, kind: target.fields[slot].kind)
    }
}

extension Interpreter {
    /// An evaluation context for a record. The interpreter keeps one context object and
    /// hands it out again when nobody else holds it (`isKnownUniquelyReferenced`): a
    /// condition or action evaluates in a context that is dropped right after, so this
    /// saves an allocation per evaluation; a caller that keeps its context while asking
    /// for another simply gets a fresh one.
    func context(_ record: RecordID, lastValues: [StoredValue]? = nil, override: (slot: Int, value: Value)? = nil) -> EvalContext {
        let last = lastValues ?? (deletedValues.isEmpty ? nil : deletedValues[record])
        let plain = last == nil && override == nil
        if isKnownUniquelyReferenced(&scratchContext) {
            // The rules of one event read one record: keep its environment in place.
            if plain && scratchRecord == record { return scratchContext }
            scratchContext.environment = RecordEnvironment(interpreter: self, record: record, lastValues: last, override: override)
            scratchRecord = plain ? record : nil
            scratchHoldsRecord = true
            return scratchContext
        }
        let env = RecordEnvironment(interpreter: self, record: record, lastValues: last, override: override)
        return EvalContext(environment: env, clock: clock, calendar: calendar)
    }

    /// The runtime value in a record's slot (null if absent).
    func read(_ record: RecordID, _ slot: Int) -> Value {
        guard let s = store.value(record, slot: slot) else { return .null }
        return ValueStorage.load(s, kind: slotKinds[Int(record.entity)][slot])
    }

    func stored(_ v: Value) -> StoredValue { ValueStorage.store(v, entityIDs: entityIDs) }

    /// How a value appears in traces and summaries.
    func show(_ v: Value) -> String {
        if case .record(let e, let n) = v { return "\(e)#\(n)" }
        return v.display(in: calendar)
    }

    func show(_ s: StoredValue, _ field: IRField) -> String {
        if case .ref(let r) = s { return name(of: r) }
        return show(ValueStorage.load(s, kind: field.kind))
    }

    // MARK: Input conversion

    /// `storedInput(_:slot:of:)` is `stored(convert(input, for: field))` with the common
    /// shapes (text into a text field, a member name into an enum field) converted
    /// straight to the stored form through the entity's input layout.
    func storedInput(_ input: FieldInput, slot: Int, of e: IREntity) throws(RuntimeFailure) -> StoredValue {
        try storedInput(input, slot: slot, of: e, layout: inputLayouts[e.id])
    }

    /// The same, with the entity's layout at hand (a command converts all its inputs
    /// with one).
    func storedInput(_ input: FieldInput, slot: Int, of e: IREntity, layout: InputLayout) throws(RuntimeFailure) -> StoredValue {
        if let value = layout.stored(input, slot: slot) { return value }
        return stored(try convert(input, for: e.fields[slot]))
    }

    /// `convert(_:for:)` turns an input into a value of the field's type.
    func convert(_ input: FieldInput, for field: IRField) throws(RuntimeFailure) -> Value {
        if case .null = input { return .null }
        guard let v = convert(input, type: Lowering.runtimeType(field.type).unwrapped, kind: field.kind) else {
            throw RuntimeFailure(.invalidCommand, "field `\(field.name)` expects \(field.type), got \(describe(input))")
        }
        return v
    }

    func describe(_ input: FieldInput) -> String {
        switch input {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .number(let n): n
        case .text(let t): Value.quoted(t)
        case .list: "a list"
        }
    }

    func convert(_ input: FieldInput, type: CRMType, kind: SlotKind) -> Value? {
        switch (type, input) {
        case (_, .null): return .null
        case (.text, .text(let s)), (.email, .text(let s)), (.phone, .text(let s)), (.url, .text(let s)),
             (.autonumber, .text(let s)):
            return .text(s)
        case (.bool, .bool(let b)): return .bool(b)
        // Numbers may also come as strings, so exact decimals survive JSON ("0.1").
        case (.int, .number(let n)), (.rating, .number(let n)), (.int, .text(let n)), (.rating, .text(let n)):
            return Int64(n).map(Value.int)
        case (.decimal, .number(let n)), (.decimal, .text(let n)): return ExactDecimal.parse(n).map(Value.decimal)
        case (.money(let c), .number(let n)): return ExactDecimal.parse(n).map { .money($0, currency: c) }
        case (.money(let c), .text(let s)):
            if let d = ExactDecimal.parse(s) { return .money(d, currency: c) }
            let parts = s.split(separator: " ")
            guard parts.count == 2, String(parts[1]) == c, let d = ExactDecimal.parse(String(parts[0])) else { return nil }
            return .money(d, currency: c)
        case (.date, .text(let s)): return CivilDate.parse(Substring(s)).map { .date($0.days) }
        case (.datetime, .text(let s)): return calendar.parseDateTime(s).map(Value.datetime)
        case (.time, .text(let s)): return CivilDate.parseTime(Substring(s)).map(Value.time)
        case (.duration, .text(let s)): return CalendarDuration.literal(s).map(Value.duration)
        case (.enumeration, .text(let s)):
            guard case .enumeration(let name, let members) = kind, let i = members.firstIndex(of: s) else { return nil }
            return .enumMember(EnumMember(type: name, name: s, ordinal: i))
        case (.ref(let e), .text(let s)):
            guard let id = resolve(s), entityIDs[e] == Int(id.entity) else { return nil }
            return .record(entity: e, id: Int64(id.number))
        case (.set(let inner), .list(let xs)), (.list(let inner), .list(let xs)):
            let innerKind: SlotKind = if case .list(let k) = kind { k } else { .plain }
            var out: [Value] = []
            for x in xs {
                guard let v = convert(x, type: inner.unwrapped, kind: innerKind) else { return nil }
                if case .set = type, out.contains(v) { continue }
                out.append(v)
            }
            return .list(out)
        default: return nil
        }
    }
}

/// Per entity, what `storedInput` needs without touching the IRField structs: the slot of
/// each field name and the shape of each slot. A class, read once per field given.
///
/// The shapes are plain bytes and the member tables are reached unretained (`tables`
/// owns them): an enum case carrying the table was copied out of the array on every
/// input, a retain and a release each, for a command that converts three inputs.
final class InputLayout {
    enum Shape: UInt8 {
        /// text, email, phone, url: a text input is stored as is.
        case text
        /// An enum or lifecycle: member name → ordinal (`members`).
        case member
        case other
    }
    let slots: NameTable
    let shapes: [Shape]
    /// Per slot: the member table of an enum or lifecycle slot, unretained.
    private let members: [Unmanaged<NameTable>?]
    /// Owns the member tables.
    private let tables: [NameTable]

    /// A text input to a text, enum or lifecycle slot as stored, found without an
    /// evaluation; nil for every other input (converted the general way).
    func stored(_ input: FieldInput, slot: Int) -> StoredValue? {
        guard slot >= 0, slot < shapes.count, case .text(let s) = input else { return nil }
        switch shapes[slot] {
        case .text: return .text(s)
        case .member:
            guard slot < members.count, let table = members[slot] else { return nil }
            return table._withUnsafeGuaranteedRef { $0[s] }.map { .enumMember(Int32(truncatingIfNeeded: $0)) }
        case .other: return nil
        }
    }

    init(_ e: IREntity) {
        slots = NameTable(e.fields.map { ($0.name, $0.slot) })
        var shapes: [Shape] = [], members: [Unmanaged<NameTable>?] = [], tables: [NameTable] = []
        for f in e.fields {
            switch Lowering.runtimeType(f.type).unwrapped {
            case .text, .email, .phone, .url:
                shapes.append(.text)
                members.append(nil)
            case .enumeration:
                guard case .enumeration(_, let names) = f.kind else {
                    shapes.append(.other)
                    members.append(nil)
                    continue
                }
                // The first of equal names wins, as `firstIndex(of:)` in `convert` does.
                let table = NameTable(names.enumerated().map { ($1, $0) })
                tables.append(table)
                shapes.append(.member)
                members.append(Unmanaged.passUnretained(table))
            default:
                shapes.append(.other)
                members.append(nil)
            }
        }
        self.shapes = shapes
        self.members = members
        self.tables = tables
    }
}

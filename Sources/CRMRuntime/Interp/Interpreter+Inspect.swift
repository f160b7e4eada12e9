// Interpreter+Inspect owns the read-only public view of a running model that front ends
// (the REPL) need beyond `execute`/`advance`: a record's field values as runtime
// values, an Environment that evaluates expressions against a record (fields by name
// or slot, references followed through the store), and the interpreter's own spelling
// of values for traces. Nothing here writes; it only exposes what the interpreter
// already computes internally, so the REPL shows exactly what rules see.
import CRMBase
import CRMStore

extension Interpreter {
    /// The value of a live record's field (null for a missing record or slot).
    public func fieldValue(_ id: RecordID, slot: Int) -> Value {
        let e = Int(id.entity)
        guard e >= 0, e < entityTables.count, slot >= 0, slot < entityTables[e].fields.count else { return .null }
        if case .many(let child) = entityTables[e].fields[slot].type.unwrapped {
            return related(id, child: child)
        }
        return read(id, slot)
    }

    /// The records of `child` whose reference to `id`'s entity points at `id`, for a
    /// `rel: many C via r` field (a relation has no stored value of its own). With
    /// several such references in C, the first declared one is taken.
    func related(_ id: RecordID, child: String) -> Value {
        let parent = entityTables[Int(id.entity)].name
        guard let c = program.entity(named: child),
              let via = c.fields.first(where: { $0.type.unwrapped == .ref(parent) }),
              let ids = try? store.find(EntityID(c.id), slot: via.slot, equals: .ref(id)) else { return .list([]) }
        return .list(ids.map { .record(entity: c.name, id: Int64($0.number)) })
    }

    /// An environment in which a compiled expression reads `id`'s fields (by name and by
    /// slot) and follows references (`owner.email`), as a rule's condition does.
    public func recordEnvironment(_ id: RecordID) -> any Environment {
        RecordEnvironment(interpreter: self, record: id, entity: entityTables[Int(id.entity)])
    }

    /// A value spelt as traces spell it (`Lead#1`, `2026-03-02T09:00`, `"text"`).
    public func showValue(_ v: Value) -> String { show(v) }

    /// A stored slot value spelt as traces spell it; `slot` must belong to `entity`.
    public func showStored(_ s: StoredValue, entity: Int, slot: Int) -> String {
        guard entity >= 0, entity < entityTables.count, slot >= 0, slot < entityTables[entity].fields.count else {
            return "\(s)"
        }
        return show(s, entityTables[entity].fields[slot])
    }
}

// StoreOpener is the one way the tools open a durable store for a model (`crm run
// --store`, the REPL): it describes the lowered program as a ModelManifest (the store
// schemas the Interpreter declares, field types, defaults, enum members and stages by
// ordinal, rules by index) and opens a FileStore with it, so the store can check the
// model against the one it was written with (CRMStore's ModelCompatibility).
//
//     let store = try StoreOpener.open(directory: "data", sync: .always, program: program)
//     defer { try? store.close() }
//     for n in store.notices { print("note: \(n)") }           // torn tail dropped, model changes
//     let interpreter = try Interpreter(program: program, store: store, clock: clock)
//
// Errors are `FileStoreError` (locked by pid N, corrupt at byte X of FILE, model
// incompatible with the affected record counts…); their description is the message.
import CRMRuntime
import CRMSema
import CRMStore

public enum StoreOpener {
    /// Opens (creating if absent, unless `readOnly`) the store in `directory` for
    /// `program`. `now` evaluates the defaults that existing records get when a field is
    /// added (default: the wall clock).
    public static func open(directory: String, sync: SyncPolicy = .safeDefault, program: IRProgram,
                            readOnly: Bool = false, now: Int64? = nil) throws -> FileStore {
        try FileStore.open(directory: directory, sync: sync, readOnly: readOnly,
                           manifest: manifest(for: program, now: now))
    }

    /// The manifest of `program`.
    public static func manifest(for program: IRProgram, now: Int64? = nil) throws -> ModelManifest {
        // The schemas exactly as the Interpreter declares them (internal entities
        // included), read back from a throwaway in-memory store.
        let probe = MemoryStore(capturesChanges: false)
        let clock = VirtualClock(micros: now ?? WallClock().nowMicros())
        _ = try Interpreter(program: program, store: probe, clock: clock)
        var entities: [ManifestEntity] = []
        for id in 0 ..< program.entities.count + 64 {
            guard let schema = probe.schema(of: EntityID(id)) else { continue }
            var fields: [ManifestField]?
            if id < program.entities.count {
                let e = program.entities[id]
                fields = e.fields.sorted { $0.slot < $1.slot }.map { f in
                    var mf = ManifestField(name: f.name, type: typeName(f), optional: f.type.isOptional,
                                           hasDefault: f.defaultValue != nil)
                    if case .enumeration(_, let members) = baseKind(f.kind) { mf.members = members }
                    if let d = f.defaultValue,
                       let v = try? d.compiled.evaluate(EvalContext(clock: clock, calendar: program.calendar)) {
                        mf.defaultValue = ValueStorage.store(v, entityIDs: program.entityIndex)
                    } else if e.lifecycles.contains(where: { $0.slot == f.slot }) {
                        // A new lifecycle starts existing records in its first stage.
                        mf.hasDefault = true
                        mf.defaultValue = .enumMember(0)
                    }
                    return mf
                }
                if fields?.count != schema.width { fields = nil }
            }
            entities.append(ManifestEntity(id: EntityID(id), schema: schema, fields: fields))
        }
        return ModelManifest(entities: entities, rules: program.rules.sorted { $0.index < $1.index }.map(\.name))
    }

    static func baseKind(_ k: SlotKind) -> SlotKind {
        if case .list(let inner) = k { return baseKind(inner) }
        return k
    }

    /// The type without optionality; lifecycles name their entity and field so that
    /// moving a stage list elsewhere is a retype.
    static func typeName(_ f: IRField) -> String {
        if case .stage(let entity, let field) = f.type.unwrapped { return "stage(\(entity).\(field))" }
        return f.type.unwrapped.description
    }
}

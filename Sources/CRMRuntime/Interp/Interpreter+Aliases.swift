// Interpreter+Aliases keeps the names events give records (`"as": "li"`, `create Lead l`)
// in the store, as records of the internal entity `_alias` (name text unique, record
// ref). So an alias commits and rolls back with the command that made it, and a durable
// store still knows `li` in the next `crm run --store` or REPL session. The dictionary
// on the interpreter is only a cache in front of the store.
import CRMBase
import CRMStore

extension Interpreter {
    /// The store entity number of aliases (after cursors, approvals and sequences).
    var aliasEntity: EntityID { EntityID(entityTables.count + 11) }

    func declareAliasEntity() throws {
        try store.declareEntity(aliasEntity, EntitySchema(name: "_alias", slotNames: ["name", "record"],
                                                          uniqueSlots: [0], indexedSlots: []))
    }

    /// The record an alias names (cache first, then the store), if it still exists.
    func aliasedRecord(_ name: String) -> RecordID? {
        if let id = aliases[name] { return store.exists(id) ? id : nil }
        guard let entry = try? store.lookupUnique(aliasEntity, slot: 0, value: .text(name)),
              case .ref(let id)? = store.value(entry, slot: 1), store.exists(id) else { return nil }
        aliases[name] = id
        return id
    }

    /// Whether the alias is taken (by a live record or not: names are never reused).
    func aliasTaken(_ name: String) -> Bool {
        if aliases[name] != nil { return true }
        return (try? store.lookupUnique(aliasEntity, slot: 0, value: .text(name))) != nil
    }

    /// Records the alias inside the open transaction.
    func storeAlias(_ name: String, _ id: RecordID) throws {
        _ = try store.create(aliasEntity, slots: [.text(name), .ref(id)])
    }
}

// ModelManifest: what the store records about the model that wrote it — every entity's
// store schema plus, per slot, the field's name, type, optionality, default and (for
// enums and lifecycles) member names by ordinal, and the rules by index. Stored in
// every snapshot (and in the journal when an entity is declared later), so a store can
// be replayed, inspected and exported without the model, and so a changed model can be
// compared with it field by field (ModelCompatibility.swift). The fingerprint is a
// 64-bit FNV-1a hash of the encoding: equal fingerprints mean nothing to check.
//
// Encoding (inside a checksummed frame):
//   u32 entity count × (i32 id, string name, u32 slot count × slot), u32 rule count × string
//   slot: string name, string type, u8 flags (1 optional, 2 has default, 4 unique,
//         8 indexed, 16 default value follows), [value], u32 member count × string

/// One slot of an entity as the model declared it.
public struct ManifestField: Hashable, Sendable {
    public var name: String
    /// The field's type as the checker spells it without `?` ("text", "渠道",
    /// "stage(Lead.status)", "ref Customer", …); "" when unknown (internal entities).
    public var type: String
    public var optional: Bool
    public var hasDefault: Bool
    /// The value records that predate the field get when it is added (nil: null).
    public var defaultValue: StoredValue?
    /// Enum members or lifecycle stages by ordinal; empty for other types.
    public var members: [String]

    public init(name: String, type: String = "", optional: Bool = true, hasDefault: Bool = false,
                defaultValue: StoredValue? = nil, members: [String] = []) {
        self.name = name; self.type = type; self.optional = optional; self.hasDefault = hasDefault
        self.defaultValue = defaultValue; self.members = members
    }
}

/// One entity: its store number and schema, and one ManifestField per slot.
public struct ManifestEntity: Equatable, Sendable {
    public var id: EntityID
    public var schema: EntitySchema
    public var fields: [ManifestField]

    public init(id: EntityID, schema: EntitySchema, fields: [ManifestField]? = nil) {
        self.id = id
        self.schema = schema
        self.fields = fields ?? schema.slotNames.map { ManifestField(name: $0) }
    }
}

/// The model a store was written with.
public struct ModelManifest: Equatable, Sendable {
    public var entities: [ManifestEntity]
    /// Rule names by rule index (timers and audit entries hold indexes).
    public var rules: [String]

    public init(entities: [ManifestEntity] = [], rules: [String] = []) {
        self.entities = entities.sorted { $0.id < $1.id }
        self.rules = rules
    }

    public func entity(_ id: EntityID) -> ManifestEntity? { entities.first { $0.id == id } }
    public func entity(named name: String) -> ManifestEntity? { entities.first { $0.schema.name == name } }

    /// 64-bit FNV-1a of the encoding without default values: a default such as
    /// `now()` is evaluated afresh on every open, and only matters when a field is
    /// added (ModelCompatibility reads it from the new manifest then).
    public var fingerprint: UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in encoded(withDefaults: false) { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    public var fingerprintText: String {
        let s = String(fingerprint, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    public func encoded(withDefaults: Bool = true) -> [UInt8] {
        var w = BinaryWriter(capacity: 256)
        w.count(entities.count)
        for e in entities {
            w.i32(e.id)
            w.string(e.schema.name)
            w.count(e.schema.width)
            for (slot, name) in e.schema.slotNames.enumerated() {
                let f = slot < e.fields.count ? e.fields[slot] : ManifestField(name: name)
                w.string(name)
                w.string(f.type)
                var flags: UInt8 = 0
                if f.optional { flags |= 1 }
                if f.hasDefault { flags |= 2 }
                if e.schema.uniqueSlots.contains(slot) { flags |= 4 }
                if e.schema.indexedSlots.contains(slot) { flags |= 8 }
                let d = withDefaults ? f.defaultValue : nil
                if d != nil { flags |= 16 }
                w.u8(flags)
                if let d { w.value(d) }
                w.count(f.members.count)
                for m in f.members { w.string(m) }
            }
        }
        w.count(rules.count)
        for r in rules { w.string(r) }
        return w.bytes
    }
}

extension BinaryReader {
    /// Decodes a manifest; offsets in errors are relative to the reader's buffer.
    mutating func manifest() throws -> ModelManifest {
        let n = try count("entity", minElementSize: 12)
        var entities: [ManifestEntity] = []
        var seen = Set<EntityID>()
        for _ in 0 ..< n {
            let at = offset
            let id = try i32("entity id")
            guard id >= 0 && id < EntityID(UInt16.max), seen.insert(id).inserted else {
                throw fail("entity id \(id) is out of range or repeated", at: at)
            }
            let name = try string("entity name")
            let width = try count("slot", minElementSize: 13)
            var names: [String] = [], fields: [ManifestField] = [], unique: [Int] = [], indexed: [Int] = []
            for slot in 0 ..< width {
                let fname = try string("field name")
                let type = try string("field type")
                let flagsAt = offset
                let flags = try u8("field flags")
                if flags & ~31 != 0 { throw fail("unknown field flags \(flags)", at: flagsAt) }
                let d: StoredValue? = flags & 16 != 0 ? try value() : nil
                let m = try count("member")
                var members: [String] = []
                members.reserveCapacity(m)
                for _ in 0 ..< m { members.append(try string("member name")) }
                if flags & 4 != 0 { unique.append(slot) }
                if flags & 8 != 0 { indexed.append(slot) }
                names.append(fname)
                fields.append(ManifestField(name: fname, type: type, optional: flags & 1 != 0,
                                            hasDefault: flags & 2 != 0, defaultValue: d, members: members))
            }
            entities.append(ManifestEntity(id: id, schema: EntitySchema(name: name, slotNames: names, uniqueSlots: unique,
                                                                        indexedSlots: indexed), fields: fields))
        }
        let r = try count("rule", minElementSize: 4)
        var rules: [String] = []
        for _ in 0 ..< r { rules.append(try string("rule name")) }
        return ModelManifest(entities: entities, rules: rules)
    }
}

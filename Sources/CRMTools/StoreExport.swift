// StoreExport owns `crm store export` / `crm store import`: a store as JSON lines.
//
//   line 1: {"crm_store_export": 1, "sequence": N, "fingerprint": "…", "manifest": {…}}
//   then one change per line, the store's snapshot form (Store.snapshot()):
//     {"create": "0#1", "slots": [VALUE, …]}     {"delete": "0#2"}
//     {"update": "0#1", "slot": 2, "value": VALUE}
//     {"timer": 1, "record": "0#1", "rule": 0, "fire_at": "µs"}   {"cancel_timer": 1}
//     {"reschedule_timer": 1, "fire_at": "µs"}    {"fire_timer": 1}
//     {"message": 1, "key": "…", "channel": "…", "to": "…", "template": "…",
//      "payload": [["name", VALUE], …], "record": "none", "created_at": "µs"}
//     {"ack": 1, "at": "µs"}
//     {"audit": 1, "time": "µs", "actor": "…", "cause": "user" | "system" | {"rule": 3},
//      "record": "0#1", "change": "created" | "deleted" | {"slot": 2, "before": VALUE, "after": VALUE}}
//   VALUE: null, true, false, a JSON string (text), [VALUE, …] (list), or one of
//     {"int": "5"} {"decimal": "HIGH:LOW:SCALE"} {"money": "HIGH:LOW:SCALE", "currency": "CNY"}
//     {"date": "days"} {"datetime": "µs"} {"time": "s"} {"duration": "MONTHS:µs"}
//     {"enum": 3} {"ref": "1#7"}
// 64-bit numbers are strings so no JSON reader rounds them. Export is deterministic:
// the same store gives the same bytes, so export → import → export is an identity.
import CRMBase
import CRMStore
import Foundation

public enum StoreExport {
    // MARK: Export

    public static func export(_ store: FileStore) throws -> String {
        var out = "{\"crm_store_export\": 1, \"sequence\": \(store.sequence), \"fingerprint\": \"\(store.manifest.fingerprintText)\", \"manifest\": "
            + manifestJSON(store.manifest) + "}\n"
        for c in try store.snapshot().changes { out += changeJSON(c) + "\n" }
        return out
    }

    static func q(_ s: String) -> String { JSONWriter.quote(s) }

    static func manifestJSON(_ m: ModelManifest) -> String {
        let entities = m.entities.map { e -> String in
            let fields = e.fields.enumerated().map { slot, f -> String in
                "{\"name\": \(q(f.name)), \"type\": \(q(f.type)), \"optional\": \(f.optional), \"has_default\": \(f.hasDefault), "
                    + "\"default\": \(f.defaultValue.map(valueJSON) ?? "null"), \"members\": [" + f.members.map(q).joined(separator: ", ")
                    + "], \"unique\": \(e.schema.uniqueSlots.contains(slot)), \"indexed\": \(e.schema.indexedSlots.contains(slot))}"
            }
            return "{\"id\": \(e.id), \"name\": \(q(e.schema.name)), \"fields\": [" + fields.joined(separator: ", ") + "]}"
        }
        return "{\"entities\": [" + entities.joined(separator: ", ") + "], \"rules\": [" + m.rules.map(q).joined(separator: ", ") + "]}"
    }

    static func rid(_ r: RecordID) -> String { q(r.isNone ? "none" : "\(r.entity)#\(r.number)") }

    static func dec(_ d: StoredDecimal) -> String { "\(d.high):\(d.low):\(d.scale)" }

    static func valueJSON(_ v: StoredValue) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return "{\"int\": \"\(i)\"}"
        case .decimal(let d): return "{\"decimal\": \"\(dec(d))\"}"
        case .money(let d, let c): return "{\"money\": \"\(dec(d))\", \"currency\": \(q(c))}"
        case .text(let s): return q(s)
        case .date(let d): return "{\"date\": \"\(d)\"}"
        case .datetime(let t): return "{\"datetime\": \"\(t)\"}"
        case .time(let t): return "{\"time\": \"\(t)\"}"
        case .duration(let m, let u): return "{\"duration\": \"\(m):\(u)\"}"
        case .enumMember(let o): return "{\"enum\": \(o)}"
        case .ref(let r): return "{\"ref\": \(rid(r))}"
        case .list(let xs): return "[" + xs.map(valueJSON).joined(separator: ", ") + "]"
        }
    }

    static func changeJSON(_ c: Change) -> String {
        switch c {
        case let .create(id, slots): return "{\"create\": \(rid(id)), \"slots\": [" + slots.map(valueJSON).joined(separator: ", ") + "]}"
        case let .update(id, slot, v): return "{\"update\": \(rid(id)), \"slot\": \(slot), \"value\": \(valueJSON(v))}"
        case let .delete(id): return "{\"delete\": \(rid(id))}"
        case let .scheduleTimer(t): return "{\"timer\": \(t.id), \"record\": \(rid(t.record)), \"rule\": \(t.rule), \"fire_at\": \"\(t.fireAt)\"}"
        case let .rescheduleTimer(id, at): return "{\"reschedule_timer\": \(id), \"fire_at\": \"\(at)\"}"
        case let .cancelTimer(id): return "{\"cancel_timer\": \(id)}"
        case let .fireTimer(id): return "{\"fire_timer\": \(id)}"
        case let .enqueue(m):
            return "{\"message\": \(m.id), \"key\": \(q(m.idempotencyKey)), \"channel\": \(q(m.channel)), \"to\": \(q(m.recipient)), "
                + "\"template\": \(q(m.template)), \"payload\": [" + m.payload.map { "[\(q($0.name)), \(valueJSON($0.value))]" }.joined(separator: ", ")
                + "], \"record\": \(rid(m.record)), \"created_at\": \"\(m.createdAt)\""
                + (m.deliveredAt.map { ", \"delivered_at\": \"\($0)\"" } ?? "") + "}"
        case let .acknowledge(id, at): return "{\"ack\": \(id), \"at\": \"\(at)\"}"
        case let .audit(e):
            let cause: String = switch e.cause {
            case .user: "\"user\""
            case .system: "\"system\""
            case .rule(let r): "{\"rule\": \(r)}"
            }
            let change: String = switch e.change {
            case .created: "\"created\""
            case .deleted: "\"deleted\""
            case let .field(slot, before, after): "{\"slot\": \(slot), \"before\": \(valueJSON(before)), \"after\": \(valueJSON(after))}"
            }
            return "{\"audit\": \(e.sequence), \"time\": \"\(e.time)\", \"actor\": \(q(e.actor)), \"cause\": \(cause), \"record\": \(rid(e.record)), \"change\": \(change)}"
        }
    }

    // MARK: Import

    /// A line that cannot be imported: its number and why.
    struct Bad: Error { var line: Int; var why: String }

    /// Creates a store in `directory` (which must hold none) from an export.
    public static func importStore(_ text: String, into directory: String, sync: SyncPolicy = .batch) throws -> FileStore {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().filter { !$0.element.isEmpty }.makeIterator()
        guard let (_, first) = lines.next() else { throw FileStoreError.invalid("import: the file is empty") }
        let header = try object(first, 1)
        guard (header["crm_store_export"] as? NSNumber)?.intValue == 1, let m = header["manifest"] as? [String: Any] else {
            throw FileStoreError.invalid("import: line 1 is not a crm store export header (version 1)")
        }
        let manifest = try parseManifest(m)
        if StoreFilesProbe.isStore(directory) {
            throw FileStoreError.invalid("import: \(directory) already holds a store; import into a new directory")
        }
        let store = try FileStore.open(directory: directory, sync: sync, manifest: manifest)
        do {
            var batch: [Change] = []
            func flush() throws {
                guard !batch.isEmpty else { return }
                try store.apply(ChangeSet(batch))
                batch.removeAll(keepingCapacity: true)
            }
            while let (i, line) = lines.next() {
                let o = try object(line, i + 1)
                do { batch.append(try change(o)) } catch let e as Bad { throw Bad(line: i + 1, why: e.why) }
                if batch.count >= 65_536 { try flush() }
            }
            try flush()
            let sequence = (header["sequence"] as? NSNumber)?.uint64Value ?? 0
            try store.checkpoint(sequence: max(sequence, store.sequence))
        } catch let e as Bad {
            try? store.close()
            throw FileStoreError.invalid("import: line \(e.line): \(e.why)")
        }
        return store
    }

    static func object(_ line: Substring, _ n: Int) throws -> [String: Any] {
        guard let o = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
            throw FileStoreError.invalid("import: line \(n) is not a JSON object")
        }
        return o
    }

    static func parseManifest(_ m: [String: Any]) throws -> ModelManifest {
        guard let es = m["entities"] as? [[String: Any]], let rules = m["rules"] as? [String] else {
            throw FileStoreError.invalid("import: the manifest needs \"entities\" and \"rules\"")
        }
        var entities: [ManifestEntity] = []
        for e in es {
            guard let id = (e["id"] as? NSNumber)?.int32Value, let name = e["name"] as? String, let fs = e["fields"] as? [[String: Any]] else {
                throw FileStoreError.invalid("import: an entity of the manifest lacks id, name or fields")
            }
            var fields: [ManifestField] = [], unique: [Int] = [], indexed: [Int] = []
            for (slot, f) in fs.enumerated() {
                guard let fname = f["name"] as? String, let type = f["type"] as? String else {
                    throw FileStoreError.invalid("import: field \(slot) of \(name) lacks name or type")
                }
                var d: StoredValue?
                if let raw = f["default"], !(raw is NSNull) {
                    do { d = try value(raw) } catch let b as Bad { throw FileStoreError.invalid("import: default of \(name).\(fname): \(b.why)") }
                }
                fields.append(ManifestField(name: fname, type: type, optional: (f["optional"] as? Bool) ?? true,
                                            hasDefault: (f["has_default"] as? Bool) ?? false, defaultValue: d,
                                            members: (f["members"] as? [String]) ?? []))
                if (f["unique"] as? Bool) == true { unique.append(slot) }
                if (f["indexed"] as? Bool) == true { indexed.append(slot) }
            }
            entities.append(ManifestEntity(id: id, schema: EntitySchema(name: name, slotNames: fields.map(\.name), uniqueSlots: unique,
                                                                        indexedSlots: indexed), fields: fields))
        }
        return ModelManifest(entities: entities, rules: rules)
    }

    /// JSON true/false, as opposed to the numbers 1 and 0 (both are NSNumbers, and
    /// `is Bool` holds for either on Linux; the boxed class tells them apart).
    static func isBool(_ n: NSNumber) -> Bool { type(of: n as AnyObject) == type(of: true as AnyObject) }

    static func int64(_ any: Any?, _ what: String) throws -> Int64 {
        if let s = any as? String, let v = Int64(s) { return v }
        if let n = any as? NSNumber, !isBool(n) { return n.int64Value }
        throw Bad(line: 0, why: "\(what) must be an integer (a string of digits)")
    }

    static func uint64(_ any: Any?, _ what: String) throws -> UInt64 {
        let v = try int64(any, what)
        guard v >= 0 else { throw Bad(line: 0, why: "\(what) must not be negative") }
        return UInt64(v)
    }

    static func int32(_ any: Any?, _ what: String) throws -> Int32 {
        let v = try int64(any, what)
        guard let r = Int32(exactly: v) else { throw Bad(line: 0, why: "\(what) is out of range") }
        return r
    }

    static func record(_ any: Any?) throws -> RecordID {
        guard let s = any as? String else { throw Bad(line: 0, why: "a record id must be a string such as \"0#1\"") }
        if s == "none" { return .none }
        let parts = s.split(separator: "#")
        guard parts.count == 2, let e = Int32(parts[0]), let n = UInt32(parts[1]), e >= 0, n >= 1 else {
            throw Bad(line: 0, why: "invalid record id \(s)")
        }
        return RecordID(entity: e, number: n)
    }

    static func decimal(_ any: Any?) throws -> StoredDecimal {
        let parts = (any as? String)?.split(separator: ":") ?? []
        guard parts.count == 3, let h = Int64(parts[0]), let l = UInt64(parts[1]), let s = UInt8(parts[2]), s <= StoredDecimal.maxScale else {
            throw Bad(line: 0, why: "a decimal must be \"HIGH:LOW:SCALE\"")
        }
        return StoredDecimal(high: h, low: l, scale: s)
    }

    static func value(_ any: Any, depth: Int = 0) throws -> StoredValue {
        guard depth < StoreFormat.maxListDepth else { throw Bad(line: 0, why: "lists nested too deep") }
        if any is NSNull { return .null }
        if let s = any as? String { return .text(s) }
        if let n = any as? NSNumber {
            guard isBool(n) else { throw Bad(line: 0, why: "a bare number is not a value; write {\"int\": \"\(n)\"}") }
            return .bool(n.boolValue)
        }
        if let xs = any as? [Any] { return .list(try xs.map { try value($0, depth: depth + 1) }) }
        guard let o = any as? [String: Any], let key = o.keys.first(where: { $0 != "currency" }) else {
            throw Bad(line: 0, why: "unrecognised value")
        }
        switch key {
        case "int": return .int(try int64(o[key], "int"))
        case "decimal": return .decimal(try decimal(o[key]))
        case "money":
            guard let c = o["currency"] as? String else { throw Bad(line: 0, why: "money needs a currency") }
            return .money(try decimal(o[key]), currency: c)
        case "date": return .date(try int64(o[key], "date"))
        case "datetime": return .datetime(try int64(o[key], "datetime"))
        case "time": return .time(try int64(o[key], "time"))
        case "duration":
            let parts = (o[key] as? String)?.split(separator: ":") ?? []
            guard parts.count == 2, let m = Int64(parts[0]), let u = Int64(parts[1]) else { throw Bad(line: 0, why: "a duration must be \"MONTHS:MICROS\"") }
            return .duration(months: m, micros: u)
        case "enum": return .enumMember(try int32(o[key], "enum"))
        case "ref": return .ref(try record(o[key]))
        default: throw Bad(line: 0, why: "unknown value kind \(key)")
        }
    }

    static func change(_ o: [String: Any]) throws -> Change {
        if let id = o["create"] {
            guard let slots = o["slots"] as? [Any] else { throw Bad(line: 0, why: "create needs slots") }
            return .create(try record(id), try slots.map { try value($0) })
        }
        if let id = o["update"] { return .update(try record(id), slot: try int32(o["slot"], "slot"), try value(o["value"] ?? NSNull())) }
        if let id = o["delete"] { return .delete(try record(id)) }
        if let id = o["timer"] {
            return .scheduleTimer(TimerEntry(id: try uint64(id, "timer"), record: try record(o["record"]), rule: try int32(o["rule"], "rule"),
                                             fireAt: try int64(o["fire_at"], "fire_at")))
        }
        if let id = o["reschedule_timer"] { return .rescheduleTimer(try uint64(id, "timer"), fireAt: try int64(o["fire_at"], "fire_at")) }
        if let id = o["cancel_timer"] { return .cancelTimer(try uint64(id, "timer")) }
        if let id = o["fire_timer"] { return .fireTimer(try uint64(id, "timer")) }
        if let id = o["message"] {
            guard let key = o["key"] as? String, let channel = o["channel"] as? String, let to = o["to"] as? String,
                  let template = o["template"] as? String, let payload = o["payload"] as? [[Any]] else {
                throw Bad(line: 0, why: "message needs key, channel, to, template and payload")
            }
            let fields = try payload.map { p -> OutboxField in
                guard p.count == 2, let name = p[0] as? String else { throw Bad(line: 0, why: "payload entries are [name, value]") }
                return OutboxField(name: name, value: try value(p[1]))
            }
            return .enqueue(OutboxMessage(id: try uint64(id, "message"), idempotencyKey: key, channel: channel, recipient: to,
                                          template: template, payload: fields, record: try record(o["record"]),
                                          createdAt: try int64(o["created_at"], "created_at"),
                                          deliveredAt: o["delivered_at"] == nil ? nil : try int64(o["delivered_at"], "delivered_at")))
        }
        if let id = o["ack"] { return .acknowledge(try uint64(id, "message"), at: try int64(o["at"], "at")) }
        if let seq = o["audit"] {
            let cause: AuditCause
            switch o["cause"] {
            case let s as String where s == "user": cause = .user
            case let s as String where s == "system": cause = .system
            case let r as [String: Any]: cause = .rule(try int32(r["rule"], "rule"))
            default: throw Bad(line: 0, why: "audit cause must be \"user\", \"system\" or {\"rule\": N}")
            }
            let change: AuditChange
            switch o["change"] {
            case let s as String where s == "created": change = .created
            case let s as String where s == "deleted": change = .deleted
            case let f as [String: Any]:
                change = .field(slot: try int32(f["slot"], "slot"), before: try value(f["before"] ?? NSNull()), after: try value(f["after"] ?? NSNull()))
            default: throw Bad(line: 0, why: "audit change must be \"created\", \"deleted\" or {\"slot\": …}")
            }
            guard let actor = o["actor"] as? String else { throw Bad(line: 0, why: "audit needs an actor") }
            return .audit(AuditEntry(sequence: try uint64(seq, "audit"), time: try int64(o["time"], "time"), actor: actor,
                                     cause: cause, record: try record(o["record"]), change: change))
        }
        throw Bad(line: 0, why: "unknown change (keys: \(o.keys.sorted().joined(separator: ", ")))")
    }
}

/// Whether a directory already holds a store (import refuses to merge).
enum StoreFilesProbe {
    static func isStore(_ directory: String) -> Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.contains { ($0.hasPrefix("snapshot-") && $0.hasSuffix(".snap")) || ($0.hasPrefix("journal-") && $0.hasSuffix(".log")) }
    }
}

// RunEvents owns the JSON-lines event format of `crm run --events FILE` (documented in
// the README, "crm run"): one JSON object per line, blank lines and lines starting
// with `#` ignored. Each line is parsed on its own with Foundation's JSONSerialization;
// a malformed line becomes an `EventLineError` naming the line and the offending key,
// never a trap, and is applied not at all.
//
//   {"id":"e1","at":"2026-03-02T09:00","actor":"张三","create":"Lead","as":"l1","fields":{…}}
//   {"update":"l1","fields":{"score":85}}
//   {"move":"l1","to":"已联系"}
//   {"delete":"l1"}
//   {"approve":"c1","role":"销售经理","comment":"同意"}   (a decision on c1's pending approval;
//   {"reject":"c1","role":"法务","approval":"合同审批"}    "approval" names it if several)
//   {"advance":"7 days"}                     (fire due timers, clock moves by 7 days)
//   {"advance_to":"2026-03-10T09:00"}        (fire due timers up to that local time)
import CRMRuntime
import Foundation

/// One parsed event line.
public struct RunEvent: Sendable {
    /// 1-based line number in the file.
    public var line: Int
    /// The event id (default `line-N`); seeds outbox idempotency keys.
    public var id: String
    /// Local datetime text the clock moves to before the event, if given.
    public var at: String?
    public var actor: String
    /// The command; nil for an `advance`/`advance_to` event.
    public var command: RuntimeCommand?
    /// How far an `advance`/`advance_to` event moves the clock.
    public var advance: RunAdvance?
}

/// The target of an `advance` event.
public enum RunAdvance: Sendable {
    /// `{"advance": "7 days"}`: a duration from the current time.
    case by(CalendarDuration)
    /// `{"advance_to": "2026-03-10T09:00"}`: a local datetime.
    case to(String)
}

/// A line that is not a valid event.
public struct EventLineError: Error, Sendable {
    public var line: Int
    /// The key at fault (`fields.score`, `create`), or nil for the line as a whole.
    public var field: String?
    public var message: String

    /// `events.jsonl:3: field `fields.score`: …`.
    public func text(path: String) -> String {
        "\(path):\(line): " + (field.map { "field `\($0)`: " } ?? "") + message
    }
}

/// Parses event files.
public enum RunEvents {
    static let commandKeys = ["create", "update", "move", "delete", "approve", "reject", "advance", "advance_to"]
    static let knownKeys: Set<String> = ["id", "at", "actor", "create", "update", "move", "delete", "as", "fields", "to",
                                         "approve", "reject", "role", "approval", "comment", "advance", "advance_to"]
    /// Keys only a decision (`approve`/`reject`) takes.
    static let decisionKeys = ["role", "approval", "comment"]

    /// `parse(_:)` parses every line: events and errors, in file order.
    public static func parse(_ text: String) -> [Result<RunEvent, EventLineError>] {
        var out: [Result<RunEvent, EventLineError>] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            do throws(EventLineError) {
                out.append(.success(try parseLine(line, number: i + 1)))
            } catch {
                out.append(.failure(error))
            }
        }
        return out
    }

    static func parseLine(_ line: String, number: Int) throws(EventLineError) -> RunEvent {
        func fail(_ field: String?, _ message: String) -> EventLineError { EventLineError(line: number, field: field, message: message) }
        let parsed: Any
        do { parsed = try JSONSerialization.jsonObject(with: Data(line.utf8), options: []) } catch {
            throw fail(nil, "not valid JSON")
        }
        guard let object = parsed as? [String: Any] else { throw fail(nil, "expected a JSON object") }
        for key in object.keys.sorted() where !knownKeys.contains(key) {
            throw fail(key, "unknown key (expected one of: " + knownKeys.sorted().joined(separator: ", ") + ")")
        }
        func string(_ key: String) throws(EventLineError) -> String? {
            guard let v = object[key] else { return nil }
            guard let s = v as? String, !s.isEmpty else { throw fail(key, "expected a non-empty string") }
            return s
        }
        let present = commandKeys.filter { object[$0] != nil }
        guard present.count == 1, let verb = present.first else {
            throw fail(nil, present.isEmpty ? "missing the command: one of " + commandKeys.joined(separator: ", ")
                                            : "more than one command: " + present.joined(separator: ", "))
        }
        let target = try string(verb) ?? ""
        if verb == "advance" || verb == "advance_to" {
            for key in ["as", "to", "fields", "at"] where object[key] != nil { throw fail(key, "`\(verb)` takes no `\(key)`") }
            let advance: RunAdvance
            if verb == "advance" {
                guard let d = CalendarDuration.literal(target), d.months >= 0, d.micros >= 0 else {
                    throw fail(verb, "expected a duration such as \"7 days\" or \"2 hours\"")
                }
                advance = .by(d)
            } else {
                advance = .to(target)
            }
            return RunEvent(line: number, id: try string("id") ?? "line-\(number)", at: nil,
                            actor: try string("actor") ?? "system", command: nil, advance: advance)
        }
        let fields = try parseFields(object["fields"], line: number)
        let command: RuntimeCommand
        switch verb {
        case "create": command = .create(entity: target, fields: fields ?? [], alias: try string("as"))
        case "update":
            guard let fields else { throw fail("fields", "`update` needs an object of fields") }
            command = .update(record: target, fields: fields)
        case "move":
            guard let to = try string("to") else { throw fail("to", "`move` needs the stage to move to") }
            command = .move(record: target, stage: to)
        case "approve", "reject":
            guard let role = try string("role") else { throw fail("role", "`\(verb)` needs the deciding role, e.g. \"role\": \"销售经理\"") }
            if object["fields"] != nil { throw fail("fields", "`\(verb)` takes no fields") }
            command = .decide(record: target, approval: try string("approval"), role: role, approve: verb == "approve",
                              comment: try string("comment"))
        default: command = .delete(record: target)
        }
        if verb != "approve" && verb != "reject" {
            for key in decisionKeys where object[key] != nil { throw fail(key, "only `approve` and `reject` take `\(key)`") }
        }
        if verb != "create", object["as"] != nil { throw fail("as", "only `create` names a record") }
        if verb != "move", object["to"] != nil { throw fail("to", "only `move` takes a stage") }
        if verb == "move" || verb == "delete", object["fields"] != nil { throw fail("fields", "`\(verb)` takes no fields") }
        return RunEvent(line: number, id: try string("id") ?? "line-\(number)", at: try string("at"),
                        actor: try string("actor") ?? "system", command: command, advance: nil)
    }

    /// The `fields` object, in key order (sorted, so runs are deterministic).
    static func parseFields(_ value: Any?, line: Int) throws(EventLineError) -> [(String, FieldInput)]? {
        guard let value else { return nil }
        guard let object = value as? [String: Any] else {
            throw EventLineError(line: line, field: "fields", message: "expected an object of field values")
        }
        var out: [(String, FieldInput)] = []
        for key in object.keys.sorted() {
            guard let input = input(object[key] as Any) else {
                throw EventLineError(line: line, field: "fields.\(key)", message: "expected a string, number, boolean, null or list")
            }
            out.append((key, input))
        }
        return out
    }

    /// A JSON value as a FieldInput; nil for objects.
    static func input(_ v: Any) -> FieldInput? {
        if v is NSNull { return .null }
        if let s = v as? String { return .text(s) }
        if let n = v as? NSNumber {
            // JSONSerialization boxes booleans as NSNumber too; their type code is "c".
            if String(cString: n.objCType) == "c" { return .bool(n.boolValue) }
            return .number(n.stringValue)
        }
        if let b = v as? Bool { return .bool(b) }
        if let xs = v as? [Any] {
            var out: [FieldInput] = []
            for x in xs {
                guard let i = input(x) else { return nil }
                out.append(i)
            }
            return .list(out)
        }
        return nil
    }
}

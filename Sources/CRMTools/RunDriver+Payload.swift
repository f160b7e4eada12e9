// RunDriver+Payload spells an outbox message's payload as a JSON object for `crm run
// --output`: field names in the order the template or `with { … }` gave them, values as
// the interpreter put them in the outbox (null, booleans, integers and text typed; any
// other value already spelled as text, see Interpreter.payloadValue).
import CRMBase
import CRMStore

extension RunDriver {
    static func payloadJSON(_ fields: [OutboxField]) -> String {
        "{" + fields.map { "\(JSONWriter.quote($0.name)): \(payloadJSON($0.value))" }.joined(separator: ", ") + "}"
    }

    static func payloadJSON(_ v: StoredValue) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .text(let s): return JSONWriter.quote(s)
        case .list(let xs): return "[" + xs.map { payloadJSON($0) }.joined(separator: ", ") + "]"
        default: return JSONWriter.quote(v.description)
        }
    }
}

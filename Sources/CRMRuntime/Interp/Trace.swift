// Trace owns what the interpreter reports about one command: the outcome, the rules
// considered for each event of the cascade (fired or not, with the condition's value
// and the values of the fields it read — "source == 官网注册 was false: source = 淘宝"),
// the fields written, and the failure with its rule chain when the command is rejected.
import CRMBase
import CRMStore

/// An input value for a field, before it is converted to the field's type.
public enum FieldInput: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number as written (`85`, `0.8`), converted to int, decimal or money by the field.
    case number(String)
    case text(String)
    case list([FieldInput])
}

/// One command of `crm run` (and, later, the REPL).
public enum RuntimeCommand: Sendable {
    /// Creates a record; `alias` names it for later commands (`"as": "l1"`).
    case create(entity: String, fields: [(String, FieldInput)], alias: String?)
    /// Updates fields of a record named by alias or `Entity#number`.
    case update(record: String, fields: [(String, FieldInput)])
    case delete(record: String)
    /// Moves a record's lifecycle to a stage.
    case move(record: String, stage: String)
    /// A decision on the record's pending approval (named, if it has several), by a
    /// role (Interpreter+Approvals.swift).
    case decide(record: String, approval: String?, role: String, approve: Bool, comment: String?)
}

/// Why a command was rejected; nothing of it was kept.
public struct RuntimeFailure: Error, Sendable {
    public var code: DiagnosticCode
    public var message: String
    /// The rules that led to the failure, outermost first (empty: the command itself).
    public var chain: [String]

    public init(_ code: DiagnosticCode, _ message: String, chain: [String] = []) {
        self.code = code
        self.message = message
        self.chain = chain
    }

    /// "error[E1009]: … (rule chain: a → b)".
    public var text: String {
        let via = chain.isEmpty ? "" : " (rule chain: " + chain.joined(separator: " → ") + ")"
        return "error[\(code.id)]: \(message)\(via)"
    }
}

/// One rule considered for one event of a cascade.
public struct TraceEntry: Sendable {
    /// 0 for the command's own events, n for events caused by a rule at depth n.
    public var depth: Int
    public var rule: String
    /// `Lead#1`.
    public var record: String
    /// What happened to the record: `created`, `updated score`, `deleted`.
    public var event: String
    public var fired: Bool
    /// The condition's text and value (`true`, `false`, or the error); nil without `where`.
    public var condition: String?
    public var conditionValue: String?
    /// The fields the condition read, with their values at the time (also paths through
    /// references: `order.amount`).
    public var reads: [(field: String, value: String)]
    /// Fields this firing wrote: field, before, after (creates name the new record).
    public var writes: [(field: String, before: String, after: String)]
    /// For a condition that was not true: its `and` conjuncts that were not true, with
    /// their values (`status == 未联系 is false`).
    public var because: [String] = []

    /// One line for `crm run --trace`.
    public var text: String {
        let pad = String(repeating: "  ", count: depth)
        var s = "\(pad)\(fired ? "fired" : "skipped") \(rule) on \(record) \(event)"
        if let condition, let conditionValue {
            s += ": where \(condition) → \(conditionValue)"
            if !because.isEmpty { s += " because " + because.joined(separator: " and ") }
            if !reads.isEmpty { s += " (" + reads.map { "\($0.field) = \($0.value)" }.joined(separator: ", ") + ")" }
        }
        for w in writes {
            s += "\n\(pad)  " + (w.before.isEmpty ? "\(w.field) \(w.after)" : "\(w.field): \(w.before) → \(w.after)")
        }
        return s
    }
}

/// What one command did.
public struct CommandResult: Sendable {
    /// The record the command created or worked on (`Lead#1`), if it was found.
    /// Spelled when asked (`setRecord`): a run of a million commands need not build a
    /// million names nobody reads.
    public var record: String? {
        get { recordText ?? recordEntity.map { "\($0)#\(recordNumber)" } }
        set { recordText = newValue; recordEntity = nil }
    }
    var recordText: String?
    var recordEntity: String?
    var recordNumber: UInt32 = 0

    /// Sets `record` to `entity#number` without spelling it.
    mutating func setRecord(entity: String, number: UInt32) {
        recordText = nil
        recordEntity = entity
        recordNumber = number
    }
    /// Nil if the command committed.
    public var failure: RuntimeFailure?
    /// The trace: every rule considered, in order (empty unless the interpreter is
    /// `tracing`).
    public var trace: [TraceEntry] = []
    /// How many rules were considered (a trace entry each, when tracing) — kept either
    /// way, so a caller can tell an idle timer firing without the trace.
    public var considered = 0
    /// Rules that fired, in firing order.
    public var fired: [String] = []
    /// Outbox messages this command enqueued (empty if it failed).
    public var messages: [OutboxMessage] = []

    public var committed: Bool { failure == nil }
}

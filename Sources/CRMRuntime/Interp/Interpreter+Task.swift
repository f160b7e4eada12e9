// Interpreter+Task owns the `task "title" to who [due d]` action. When the model
// declares an entity `Task` with a text field `title`, the action creates a Task record:
// `title`, the assignee in `assignee` (a User record as given; an e-mail is matched to
// the User with that `email`; an empty recipient leaves it empty) and the due time in
// `due_at` (or `due`), each only if the field exists. A model without such an entity
// gets an outbox message on channel "task" instead (recipient: the e-mail, payload:
// title and due), with the usual idempotency key.
import CRMBase
import CRMStore

extension Interpreter {
    func runTask(_ title: IRExpr, _ to: IRExpr, _ due: IRExpr?, path: String, rule: Int, record: RecordID,
                 depth: Int, chain: [Int]) throws {
        let titleValue = try title.compiled.evaluate(context(record))
        var who = try to.compiled.evaluate(context(record))
        let dueValue = try due?.compiled.evaluate(context(record)) ?? .null
        if let layout = program.extras.task {
            let task = entityTables[layout.entity]
            var values: [(slot: Int, value: Value)] = [(layout.title, titleValue)]
            if let a = layout.assignee {
                if case .ref = task.fields[a].kind, case .text(let email) = who { who = userRecord(email: email) ?? .null }
                values.append((a, who))
            }
            if let d = layout.due { values.append((d, dueValue)) }
            let id = try createRecord(task, values, cause: .rule(Int32(rule)), depth: depth, chain: chain)
            noteWrite("created", name(of: id))
            return
        }
        if case .record = who, let email = RecordEnvironment(interpreter: self, record: record, entity: entity(of: record))
            .field("email", of: who) { who = email }
        try enqueue(channel: "task", recipient: who, template: "",
                    payload: [OutboxField(name: "title", value: stored(titleValue)), OutboxField(name: "due", value: stored(dueValue))],
                    rule: rule, record: record, path: path)
    }

    /// The User record with this e-mail, if there is one.
    func userRecord(email: String) -> Value? {
        guard let user = program.extras.user,
              let id = (try? store.find(EntityID(user.entity), slot: user.email, equals: .text(email)))?.first else { return nil }
        return .record(entity: entityTables[user.entity].name, id: Int64(id.number))
    }
}

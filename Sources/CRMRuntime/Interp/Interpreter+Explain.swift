// Interpreter+Explain fills in what a trace entry says about a rule's `where`: its text
// and value, the values of the record's fields it read, the values of the paths through
// references it read (`order.amount = 50.00 CNY`), and — when it was not true — which of
// its `and` conjuncts were not true (`because status in [已联系, 高意向] is false`), so
// "why did this rule not fire" is answered with the values that decided it.
import CRMBase
import CRMStore

extension Interpreter {
    /// Records condition `c`'s outcome `value` on `record` in `entry`.
    func explain(_ c: IRExpr, value: Value, record: RecordID, lastValues: [StoredValue]? = nil, into entry: inout TraceEntry) {
        entry.condition = c.text
        entry.conditionValue = show(value)
        entry.fired = value == .bool(true)
        let e = entity(of: record)
        let env = RecordEnvironment(interpreter: self, record: record, entity: e, lastValues: lastValues ?? deletedValues[record])
        entry.reads = c.reads.map { (e.fields[$0].name, show(env.value(atSlot: $0) ?? .null)) }
        guard !c.paths.isEmpty || (!entry.fired && !c.conjuncts.isEmpty) else { return }
        let ctx = EvalContext(environment: env, clock: clock, calendar: calendar)
        for p in c.paths {
            let shown: String
            do { shown = show(try p.compiled.evaluate(ctx)) } catch { shown = "error: \(error.message)" }
            entry.reads.append((p.text, shown))
        }
        guard !entry.fired else { return }
        for part in c.conjuncts {
            do {
                let v = try part.compiled.evaluate(ctx)
                if v != .bool(true) { entry.because.append("\(part.text) is \(show(v))") }
            } catch {
                entry.because.append("\(part.text) fails: \(error.message)")
            }
        }
    }
}

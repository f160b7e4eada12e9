// Interpreter+Scores owns score declarations at run time. A score is recomputed from
// scratch, never accumulated: f = base + the points of every item whose condition holds,
// where base is f's declared default (evaluated for the record) or 0. It is recomputed
// when the record is created and when an update changes a field a condition reads (or f
// itself: the field belongs to its score declarations, so a direct write is put back).
// A recompute that gives the value already stored writes nothing and raises no event,
// so `on E.f changed` rules fire exactly when the score moves and the score is stable.
// Several declarations for one field add up. On create the score is part of the new
// record (no `changed` event; the `created` rules already see it).
import CRMBase
import CRMStore

extension Interpreter {
    /// Recomputes the score fields of `record` affected by `changed` (nil: all, on
    /// create). Several declarations on one field add up: f = base + all their points.
    func recomputeScores(_ record: RecordID, changed: Set<Int>?, what: String, into out: inout [DerivedWrite]) throws {
        guard let list = program.extras.scoresByEntity[Int(record.entity)] else { return }
        var done = Set<Int>()
        for i in list {
            let slot = program.extras.scores[i].slot
            guard !done.contains(slot) else { continue }
            let decls = list.map { program.extras.scores[$0] }.filter { $0.slot == slot }
            if let changed, !changed.contains(slot), decls.allSatisfy({ changed.isDisjoint(with: $0.reads) }) { continue }
            done.insert(slot)
            let ctx = context(record)
            var total: Int64 = 0
            for s in decls {
                for item in s.items where try item.when.compiled.evaluate(ctx) == .bool(true) {
                    let (sum, overflow) = total.addingReportingOverflow(item.points)
                    if overflow { throw RuntimeFailure(.validationFailed, "score \(s.name) overflows on \(name(of: record))") }
                    total = sum
                }
            }
            var value: Value = .int(total)
            if let d = entity(of: record).fields[slot].defaultValue {
                let base = try d.compiled.evaluate(ctx)
                do throws(ArithmeticError) {
                    switch base {
                    case .int: value = try Arithmetic.binary(.add, base, .int(total), calendar: calendar)
                    case .decimal: value = try Arithmetic.binary(.add, base, .decimal(ExactDecimal(total)), calendar: calendar)
                    default: break
                    }
                } catch {
                    throw RuntimeFailure(.validationFailed, "score on \(name(of: record)): \(error)")
                }
            }
            out.append(DerivedWrite(record: record, slot: slot, value: value,
                                    label: "score " + decls.map(\.name).joined(separator: "+"), what: what))
        }
    }
}

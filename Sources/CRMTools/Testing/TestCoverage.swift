// TestCoverage owns `crm test --coverage`: an InterpreterObserver that every test's
// interpreter reports to, and the report. Outcomes counted: each rule that runs has
// one (it fired); each rule condition (`where`) two (ever true, ever false); each
// decision-table row two (ever matched, ever tested and not matched) — one for a row of
// `_` cells only, which cannot fail. The percentage is covered outcomes over all of
// them. Rules the runtime does not run yet are listed apart and not counted, since no
// test could cover them.
import CRMBase
import Foundation
import CRMRuntime
import CRMSyntax

/// Collects outcomes across all tests of one `crm test` run.
final class CoverageCollector: InterpreterObserver {
    var conditionTrue = Set<Int>(), conditionFalse = Set<Int>()
    struct RowKey: Hashable { var table: String; var row: Int }
    var rowMatched = Set<RowKey>(), rowMissed = Set<RowKey>()
    /// Committed firings per rule index, summed over the tests.
    var fired: [Int: Int] = [:]

    func conditionEvaluated(rule: Int, value: Bool) {
        if value { conditionTrue.insert(rule) } else { conditionFalse.insert(rule) }
    }

    func tableRowTested(table: String, row: Int, matched: Bool) {
        if matched { rowMatched.insert(RowKey(table: table, row: row)) } else { rowMissed.insert(RowKey(table: table, row: row)) }
    }

    func add(firedCounts: [Int]) {
        for (i, n) in firedCounts.enumerated() where n > 0 { fired[i, default: 0] += n }
    }
}

/// The coverage figures and the text that lists what was never exercised.
struct CoverageReport {
    var covered = 0
    var total = 0
    var text = ""

    var percent: Double { total == 0 ? 100 : Double(covered) * 100 / Double(total) }

    /// `87.5%`: one decimal, rounded down so that a report never shows more than reached.
    static func format(_ p: Double) -> String {
        let tenths = Int((p * 10).rounded(.down))
        return "\(tenths / 10).\(tenths % 10)%"
    }

    init(_ c: CoverageCollector, model: TestModel) {
        let p = model.program
        var ruleLines: [String] = [], conditionLines: [String] = [], rowLines: [String] = []
        var rules = (0, 0), conditions = (0, 0), rows = (0, 0)
        for r in p.rules {
            rules.1 += 1
            if (c.fired[r.index] ?? 0) > 0 { rules.0 += 1 } else { ruleLines.append("    \(r.name) (\(place(model.symbols.declarations[r.name]?.span, model)))") }
            guard let cond = r.condition else { continue }
            conditions.1 += 2
            let t = c.conditionTrue.contains(r.index), f = c.conditionFalse.contains(r.index)
            conditions.0 += (t ? 1 : 0) + (f ? 1 : 0)
            if !(t && f) {
                let never = !t && !f ? "never evaluated" : (t ? "never false" : "never true")
                conditionLines.append("    \(r.name) where `\(cond.text)` (\(place(cond.span, model))): \(never)")
            }
        }
        var seenTables = Set<String>()
        for t in p.extras.tables where seenTables.insert(t.name).inserted {
            let decl = model.symbols.tables[t.name]
            for (i, row) in t.rows.enumerated() {
                let key = CoverageCollector.RowKey(table: t.name, row: i)
                let canFail = row.tests.contains { $0 != nil }
                let m = c.rowMatched.contains(key), x = c.rowMissed.contains(key)
                rows.1 += canFail ? 2 : 1
                rows.0 += (m ? 1 : 0) + (canFail && x ? 1 : 0)
                if m && (x || !canFail) { continue }
                let span = decl.flatMap { i < $0.rows.count ? $0.rows[i].span : nil }
                let text = span.flatMap(model.text).map { " `" + $0.trimmingCharacters(in: .whitespacesAndNewlines) + "`" } ?? ""
                let never = !m && !x ? "never tested" : (m ? "never failed to match" : "never matched")
                rowLines.append("    \(t.name) row \(i + 1)\(text) (\(place(span, model))): \(never)")
            }
        }
        covered = rules.0 + conditions.0 + rows.0
        total = rules.1 + conditions.1 + rows.1
        var out = "coverage: \(Self.format(percent)) (\(covered) of \(total) outcomes)\n"
        out += "  rules fired: \(rules.0) of \(rules.1)\n"
        if !ruleLines.isEmpty { out += "    never fired:\n" + ruleLines.map { "  " + $0 + "\n" }.joined() }
        out += "  conditions: \(conditions.0) of \(conditions.1) outcomes (true and false)\n"
        out += conditionLines.map { $0 + "\n" }.joined()
        out += "  decision-table rows: \(rows.0) of \(rows.1) outcomes (matched and not)\n"
        out += rowLines.map { $0 + "\n" }.joined()
        if !p.skipped.isEmpty {
            out += "  not run yet (not counted):\n" + p.skipped.map { "    \($0.name): \($0.reason)\n" }.joined()
        }
        text = out
    }
}

/// `Samples/leads.crm:12:3`, or `?`.
func place(_ span: Span?, _ model: TestModel) -> String {
    guard let span, let f = model.sources.file(containing: span.start) else { return "?" }
    let loc = f.location(of: span.start)
    return "\(f.path):\(loc.line):\(loc.column)"
}

// Gap and overlap analysis of decision tables, by hit policy:
//   unique  two rows that both match some input (E0705);
//   any     two such rows whose outputs are different constants (E0706);
//   first   a row that earlier rows shadow completely (W0707);
//   all     a combination of finite-domain inputs (enum, bool) no row matches (W0708).
// Rows are boxes of value sets (CheckTables+Cells), compared by box intersection and
// subtraction. Subtracting boxes can fragment exponentially in the number of columns,
// and the pair checks are quadratic in rows, so every table gets a fixed budget of box
// operations (`budget`) and a cap on fragments per question (`maxPieces`); when either
// runs out the analysis of that table stops without reporting more. Realistic tables
// (tens of rows, a few columns) stay far below both.
import CRMBase
import CRMSyntax

/// One well-formed row, abstracted.
struct AnalysedRow {
    /// 1-based position among the table's rows, as people count them.
    var number: Int
    var span: Span
    var must: CellBox
    var may: CellBox
    /// Constant spellings of the outputs (nil where an output must be evaluated).
    var outputs: [String?]
}

struct TableAnalysis {
    let ctx: CheckContext
    let table: String
    let nameSpan: Span
    let columns: [TableColumn]
    let rows: [AnalysedRow]
    /// Box operations left for this table.
    var budget = 200_000
    /// Fragments allowed while subtracting rows from one box.
    let maxPieces = 256

    /// Spends one unit of budget; false once the budget is gone.
    mutating func spend(_ n: Int = 1) -> Bool {
        budget -= n * max(1, columns.count)
        return budget >= 0
    }

    func example(_ box: CellBox) -> String {
        zip(columns, box).map { $0.describe($1) }.joined(separator: ", ")
    }

    /// E0705 (`unique`) or E0706 (`any`): the first earlier row each row certainly overlaps.
    mutating func reportOverlaps(conflictsOnly: Bool) {
        for j in rows.indices {
            for i in 0..<j {
                guard spend() else { return }
                guard let common = rows[i].must.meets(rows[j].must, columns) else { continue }
                if conflictsOnly && !outputsDiffer(rows[i], rows[j]) { continue }
                report(overlap: rows[i], rows[j], common, conflictsOnly: conflictsOnly)
                break
            }
        }
    }

    func outputsDiffer(_ a: AnalysedRow, _ b: AnalysedRow) -> Bool {
        zip(a.outputs, b.outputs).contains { x, y in
            guard let x, let y else { return false }
            return x != y
        }
    }

    func report(overlap a: AnalysedRow, _ b: AnalysedRow, _ common: CellBox, conflictsOnly: Bool) {
        let input = example(common)
        if conflictsOnly {
            ctx.report(.conflictingRows, "rows \(a.number) and \(b.number) of `\(table)` both match `\(input)` but give different outputs",
                       at: b.span, secondary: [Label(a.span, "row \(a.number) also matches `\(input)`")],
                       help: "`hit any` lets rows overlap only when their outputs agree; narrow one of the rows")
        } else {
            ctx.report(.overlappingRows, "rows \(a.number) and \(b.number) of `\(table)` both match `\(input)`",
                       at: b.span, secondary: [Label(a.span, "row \(a.number) also matches `\(input)`")],
                       help: "`hit unique` allows one matching row per input; narrow one of the rows, or use `hit first`")
        }
    }

    /// W0707 for `hit first`: rows whose every possible input earlier rows certainly match.
    mutating func reportShadowedRows() {
        for r in rows.indices where r > 0 {
            // A row that matches nothing (an empty range) was reported as E0704.
            if rows[r].may.contains(where: \.isEmpty) { continue }
            guard let covering = coveringRows(of: r) else { return }
            if covering.isEmpty { continue }
            let names = covering.map { "\(rows[$0].number)" }
            let which = names.count == 1 ? "row \(names[0])" : "rows \(names.joined(separator: ", "))"
            ctx.report(.unreachableRow, "row \(rows[r].number) of `\(table)` can never apply: every input it matches is matched first by \(which)",
                       at: rows[r].span, secondary: covering.map { Label(rows[$0].span, "row \(rows[$0].number) comes first") },
                       help: "move it above the rows that shadow it, or remove it")
        }
    }

    /// The earlier rows that together cover row `r` ([] if they do not), or nil when the
    /// budget ran out.
    mutating func coveringRows(of r: Int) -> [Int]? {
        var remaining = [rows[r].may]
        var covering: [Int] = []
        for j in 0..<r {
            var next: [CellBox] = []
            var used = false
            for box in remaining {
                guard spend() else { return nil }
                let (pieces, met) = box.subtracting(rows[j].must, columns)
                used = used || met
                next += pieces
            }
            if used { covering.append(j) }
            remaining = next
            if remaining.isEmpty { return covering }
            if remaining.count > maxPieces { return [] }
        }
        return []
    }

    /// W0708: a combination of the finite-domain inputs that no row may match. Other
    /// columns are ignored (as if every row matched them), so a reported gap is certain.
    mutating func reportGap() {
        let finite = columns.indices.filter { if case .finite = columns[$0].domain { true } else { false } }
        guard !finite.isEmpty else { return }
        let sub = finite.map { columns[$0] }
        var remaining: [CellBox] = [sub.map(\.all)]
        if remaining[0].contains(where: \.isEmpty) { return }
        for row in rows {
            let projected = finite.map { row.may[$0] }
            var next: [CellBox] = []
            for box in remaining {
                guard spend() else { return }
                next += box.subtracting(projected, sub).pieces
            }
            remaining = next
            if remaining.isEmpty || remaining.count > maxPieces { return }
        }
        guard let gap = remaining.first else { return }
        var cells = Array(repeating: "_", count: columns.count)
        for (k, c) in finite.enumerated() where !gap[k].isFull(columns[c]) { cells[c] = columns[c].describe(gap[k]) }
        let input = cells.joined(separator: ", ")
        let others = finite.count < columns.count ? " (whatever the other inputs are)" : ""
        ctx.report(.tableGap, "no row of `\(table)` matches `\(input)`\(others)", at: nameSpan,
                   help: "add a row for it, or a last row `\(Array(repeating: "_", count: columns.count).joined(separator: ", ")) => …` for everything else")
    }
}

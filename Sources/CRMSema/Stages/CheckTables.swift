// Stage checkTables: decision tables. (Scores are checked with the rules, in checkRules.)
//
// A table's hit policy must be one of `HitPolicy`; its input and output types resolve;
// every row has one cell per input and one value per output; cells type-check against
// their input's type (`_`, a value, `!= v`, `< v` …, `a..b`; comparisons and ranges need
// an ordered type, literal ranges must not be empty) and outputs against the output
// types. Tables are not tied to an entity, so cells and outputs are checked in an empty
// scope: enum members, stages and teams resolve by the expected type. Then the coverage
// analysis of CheckTables+Coverage runs according to the hit policy.
import CRMBase
import CRMSyntax

/// The hit policies of decision tables; E0701's explanation says what each means.
enum HitPolicy: String, CaseIterable {
    case first, unique, any, collect, priority
}

extension Checker {
    static func checkTables(_ ctx: CheckContext) {
        var tc = TypeChecker(ctx)
        let earlierErrors = ErrorPositions(ctx)
        for decl in ctx.decls {
            guard case .table(let t) = decl.kind else { continue }
            let before = ctx.diagnostics.count
            checkTable(ctx, &tc, t, analyse: { !earlierErrors.any(in: decl.span) && !ctx.diagnostics[before...].contains { $0.severity == .error } })
        }
    }

    /// Checks one table; `analyse()` says, after the type checks, whether the table is
    /// free of errors: coverage is only analysed then, since a cell or row with an error
    /// has no reliable meaning (and one mistake should give one report).
    static func checkTable(_ ctx: CheckContext, _ tc: inout TypeChecker, _ t: TableDecl, analyse: () -> Bool) {
        let policy = hitPolicy(ctx, t.hit)
        let inputTypes = params(ctx, t.inputs, "input", table: t.header.name.text)
        let outputTypes = params(ctx, t.outputs, "output", table: t.header.name.text)
        var wellFormed: [(number: Int, row: TableDecl.Row)] = []
        for (i, row) in t.rows.enumerated() {
            let shaped = checkRowShape(ctx, row, t)
            for (cell, type) in zip(row.cells, inputTypes) { checkCell(ctx, &tc, cell, type) }
            for (value, type) in zip(row.outputs, outputTypes) { checkOutput(ctx, &tc, value, type) }
            if shaped { wellFormed.append((i + 1, row)) }
        }
        guard let policy, !t.inputs.isEmpty, analyse() else { return }
        analyseTable(ctx, t, policy, inputTypes, wellFormed)
    }

    static func hitPolicy(_ ctx: CheckContext, _ hit: Name) -> HitPolicy? {
        if hit.isMissing { return nil }
        if let p = HitPolicy(rawValue: hit.text) { return p }
        let all = HitPolicy.allCases.map(\.rawValue)
        ctx.report(.unknownHitPolicy, "unknown hit policy `\(hit.text)`", at: hit.span,
                   help: suggestion(hit.text, all) ?? "use one of \(all.joined(separator: ", "))")
        return nil
    }

    /// Resolves the types of inputs (or outputs), reporting repeated names.
    static func params(_ ctx: CheckContext, _ ps: [TableDecl.Param], _ kind: String, table: String) -> [CRMType] {
        var seen: [String: Span] = [:]
        for p in ps where !p.name.isMissing {
            if let first = seen[p.name.text] {
                ctx.report(.duplicateMember, "`\(table)` already has an \(kind) `\(p.name.text)`", at: p.name.span,
                           secondary: [Label(first, "first declared here")])
            } else {
                seen[p.name.text] = p.name.span
            }
        }
        return ps.map { resolve(ctx, $0.type) }
    }

    /// E0702 when a row's cells or outputs do not match the columns; false if so.
    static func checkRowShape(_ ctx: CheckContext, _ row: TableDecl.Row, _ t: TableDecl) -> Bool {
        guard !t.inputs.isEmpty, !t.outputs.isEmpty else { return false }
        var problems: [String] = []
        if row.cells.count != t.inputs.count {
            problems.append("\(counted(row.cells.count, "cell")), but the table has \(counted(t.inputs.count, "input")) (\(names(t.inputs)))")
        }
        if row.outputs.count != t.outputs.count {
            problems.append("\(counted(row.outputs.count, "output")), but the table has \(counted(t.outputs.count, "output")) (\(names(t.outputs)))")
        }
        guard !problems.isEmpty else { return true }
        ctx.report(.rowShape, "this row of `\(t.header.name.text)` has \(problems.joined(separator: "; and "))", at: row.span,
                   help: "write one cell per input before `=>` (`_` matches anything) and one value per output after it")
        return false
    }

    static func counted(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
    static func names(_ ps: [TableDecl.Param]) -> String { ps.map { "`\($0.name.text)`" }.joined(separator: ", ") }

    static func checkCell(_ ctx: CheckContext, _ tc: inout TypeChecker, _ cell: TableDecl.Cell, _ type: CRMType) {
        let scope = Scope()
        switch cell {
        case .any: return
        case .equal(let e), .compare(.ne, let e): tc.expect(e, type, in: scope, what: "cell")
        case .compare(let op, let e):
            requireOrdered(ctx, "`\(op.rawValue)`", type, at: e.span)
            tc.expect(e, type.unwrapped, in: scope, what: "cell")
        case .range(let a, let b):
            requireOrdered(ctx, "a range", type, at: a.span.to(b.span))
            tc.expect(a, type.unwrapped, in: scope, what: "cell")
            tc.expect(b, type.unwrapped, in: scope, what: "cell")
            checkRangeOrder(ctx, a, b, type.unwrapped)
        }
    }

    static func requireOrdered(_ ctx: CheckContext, _ what: String, _ type: CRMType, at span: Span) {
        if type.isError || type.unwrapped.isOrdered { return }
        ctx.report(.unorderedCell, "\(what) needs an ordered column, but this column is `\(type)`", at: span,
                   help: "match a value, or exclude one with `!= value`")
    }

    /// E0704 for `a..b` with literal bounds and a > b (numbers, money and dates).
    static func checkRangeOrder(_ ctx: CheckContext, _ a: Expr, _ b: Expr, _ type: CRMType) {
        var inverted = false
        switch type {
        case .int, .rating, .decimal, .money:
            var unit: String? = nil
            if case .money(let c) = type { unit = c }
            let scale = max(TableColumn.fractionDigits(a), TableColumn.fractionDigits(b))
            if let x = TableColumn.scaledNumber(a, scale: scale, unit: unit),
               let y = TableColumn.scaledNumber(b, scale: scale, unit: unit) { inverted = x > y }
        case .date:
            // Dates are written yyyy-mm-dd, so their spellings sort like the dates.
            if case .literal(.date, let x) = a.kind, case .literal(.date, let y) = b.kind { inverted = x > y }
        default: break
        }
        guard inverted, let x = TableColumn.constantKey(a), let y = TableColumn.constantKey(b) else { return }
        ctx.report(.emptyRange, "the range `\(x)..\(y)` is empty: its lower bound is above its upper bound", at: a.span.to(b.span),
                   help: "write `\(y)..\(x)`")
    }

    static func checkOutput(_ ctx: CheckContext, _ tc: inout TypeChecker, _ e: Expr, _ type: CRMType) {
        // A misspelt team is the usual mistake in routing tables: say so, with a suggestion.
        if type.unwrapped == .team, case .name(let n) = e.kind, !ctx.symbols.teams.contains(n),
           ctx.symbols.declarations[n] == nil, ctx.symbols.enumsByMember[n] == nil {
            ctx.report(.unknownTeam, "no team named `\(n)`", at: e.span, help: suggestion(n, ctx.symbols.teams.sorted()))
            return
        }
        tc.expect(e, type, in: Scope(), what: "output")
    }

    static func analyseTable(_ ctx: CheckContext, _ t: TableDecl, _ policy: HitPolicy, _ types: [CRMType],
                             _ rows: [(number: Int, row: TableDecl.Row)]) {
        let columns = t.inputs.indices.map { i in
            TableColumn(name: t.inputs[i].name.text, type: types[i], symbols: ctx.symbols, cells: rows.map { $0.row.cells[i] })
        }
        let analysed = rows.map { number, row in
            let sets = zip(columns, row.cells).map { $0.cellSets($1) }
            return AnalysedRow(number: number, span: row.span, must: sets.map(\.must), may: sets.map(\.may),
                               outputs: row.outputs.map(TableColumn.constantKey))
        }
        var analysis = TableAnalysis(ctx: ctx, table: t.header.name.text, nameSpan: t.header.name.span,
                                     columns: columns, rows: analysed)
        switch policy {
        case .unique: analysis.reportOverlaps(conflictsOnly: false)
        case .any: analysis.reportOverlaps(conflictsOnly: true)
        case .first: analysis.reportShadowedRows()
        case .collect, .priority: break
        }
        analysis.reportGap()
    }
}

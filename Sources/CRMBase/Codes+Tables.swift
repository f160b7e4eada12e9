// Diagnostic codes of decision tables (E07xx/W07xx), sorted by id. Cell and output
// values that have the wrong type reuse E0401 type-mismatch; a repeated column name
// reuses E0303 duplicate-member.

extension DiagnosticCode {
    static let tableCodes: [DiagnosticCode] = [
        unknownHitPolicy, rowShape, unorderedCell, emptyRange, overlappingRows,
        conflictingRows, unreachableRow, tableGap,
    ]

    public static let unknownHitPolicy = DiagnosticCode("E0701", "unknown-hit-policy", .error,
        summary: "a decision table with a hit policy that does not exist",
        explanation: """
        The hit policy says what happens when several rows match:
          first     the first matching row, top to bottom, wins
          unique    at most one row may match any input (overlaps are errors)
          any       several rows may match if they give the same outputs
          collect   every matching row contributes (the outputs form a list)
          priority  several rows may match; the row with the best output wins

        Wrong:   table 线索分配 hit frist { … }
        Right:   table 线索分配 hit first { … }
        """)

    public static let rowShape = DiagnosticCode("E0702", "row-shape", .error,
        summary: "a table row with more or fewer cells or outputs than the table has columns",
        explanation: """
        Each row has one cell per `input` column before `=>` and one value per `output`
        column after it. Use `_` for a cell that matches anything.

        Wrong:   input region: 地域, source: 渠道
                 华东 => 销售一组
        Right:   华东, _ => 销售一组
        """)

    public static let unorderedCell = DiagnosticCode("E0703", "unordered-cell", .error,
        summary: "a comparison or range cell on a column whose type has no order",
        explanation: """
        `< x`, `<= x`, `> x`, `>= x` and `a..b` need an ordered column type (numbers,
        money, dates, times, durations, ratings, text). Enumerations and booleans are
        matched by value, or excluded with `!= x`.

        Wrong:   input source: 渠道           …   > 淘宝, _ => 电商组
        Right:   input source: 渠道           …   淘宝, _ => 电商组
        """)

    public static let emptyRange = DiagnosticCode("E0704", "empty-range", .error,
        summary: "a range cell whose lower bound is above its upper bound",
        explanation: """
        `a..b` matches values from `a` to `b`, both included; with `a > b` it matches
        nothing, so the row can never apply.

        Wrong:   20..5, _ => 金卡
        Right:   5..20, _ => 金卡
        """)

    public static let overlappingRows = DiagnosticCode("E0705", "overlapping-rows", .error,
        summary: "two rows of a `hit unique` table match the same input",
        explanation: """
        `hit unique` promises that every input matches at most one row; the evaluation
        fails at run time when two match. The checker reports a pair of rows that both
        match some input, and names such an input. Cells whose value it cannot work out
        statically (expressions other than literals, members and teams) never cause this
        error. Narrow one row, or use `hit first` if top-to-bottom order should decide.

        Wrong:   1..5, _ => 普通
                 5..19, _ => 金卡          # order_count 5 matches both
        Right:   1..4, _ => 普通
                 5..19, _ => 金卡
        """)

    public static let conflictingRows = DiagnosticCode("E0706", "conflicting-rows", .error,
        summary: "two rows of a `hit any` table match the same input with different outputs",
        explanation: """
        `hit any` allows several rows to match only when they agree on the outputs. The
        checker reports two overlapping rows whose outputs are different constants.

        Wrong:   华东, _ => 销售一组
                 _, 淘宝 => 电商组         # 华东, 淘宝 matches both
        Right:   华东, != 淘宝 => 销售一组
                 _, 淘宝 => 电商组
        """)

    public static let unreachableRow = DiagnosticCode("W0707", "unreachable-row", .warning,
        summary: "a row of a `hit first` table that earlier rows always shadow",
        explanation: """
        With `hit first` the first matching row wins. A row every input of which is
        already matched by earlier rows can never apply; usually the rows are in the wrong
        order or the row is left over. The warning names the covering rows.

        Wrong:   华东, _ => 销售一组
                 华东, 淘宝 => 电商组       # never reached
        Right:   华东, 淘宝 => 电商组
                 华东, _ => 销售一组
        """)

    public static let tableGap = DiagnosticCode("W0708", "table-gap", .warning,
        summary: "a combination of enum or bool inputs that no row of a table matches",
        explanation: """
        For columns with a finite set of values (enumerations, bool) the checker looks for
        a combination no row can match; on such input the table gives no result, and an
        `assign … by table` leaves the field unchanged. Numeric columns are not required to
        be covered. Add the missing rows or a final catch-all row `_, _ => …`.

        Wrong:   input paid: bool
                 true => 已付款                # false is not covered
        Right:   true => 已付款
                 false => 待付款
        """)
}

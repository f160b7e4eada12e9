// Decision tables, scores and approval flows.
import CRMBase

extension Parser {
    /// `table_decl = "table" name [title] "hit" name "{" "input" params "output" params { row } "}"`.
    mutating func parseTable() -> TableDecl {
        let header = parseHeader("after `table`")
        expectWord(.hit, "after the table name (hit policy: `hit first`, `hit unique`, …)")
        let hit = parseName("for the hit policy")
        let opener = expect(.lbrace, "to open the table")
        var inputs: [TableDecl.Param] = []
        var outputs: [TableDecl.Param] = []
        let block = parseBlock(opener: opener, expected: "`input`, `output` or a row `a, b => c`") { p -> TableDecl.Row?? in
            if (p.atWord(.input) || p.atWord(.output)) && p.peek().kind == .name && p.peek(2).kind == .colon {
                let isInput = p.advance().word == .input
                let params = p.parseParams()
                if isInput { inputs += params } else { outputs += params }
                return nil as TableDecl.Row?
            }
            return p.parseTableRow()
        }
        return TableDecl(header: header, hit: hit, inputs: inputs, outputs: outputs, rows: block.items.compactMap { $0 })
    }

    mutating func parseParams() -> [TableDecl.Param] {
        var params: [TableDecl.Param] = []
        repeat {
            let name = parseName("for a column")
            expect(.colon, "after the column name")
            params.append(TableDecl.Param(name: name, type: parseType()))
        } while consume(.comma) != nil
        return params
    }

    /// `table_row = cell { "," cell } "=>" expr { "," expr }`. Returns nil (after
    /// `parseBlock` reports) when the row cannot start here.
    mutating func parseTableRow() -> TableDecl.Row?? {
        guard startsExpression || at(.lt) || at(.le) || at(.gt) || at(.ge) || at(.ne) else { return nil }
        let start = tok.span
        var cells = [parseCell()]
        while consume(.comma) != nil { cells.append(parseCell()) }
        expect(.fatArrow, "between the row's conditions and its results")
        var outs = [parseExpr()]
        while consume(.comma) != nil { outs.append(parseExpr()) }
        return .some(TableDecl.Row(cells: cells, outputs: outs, span: spanFrom(start)))
    }

    /// `cell = "_" | ("<"|"<="|">"|">="|"!=") expr | expr [".." expr]`.
    mutating func parseCell() -> TableDecl.Cell {
        if at(.name) && text(tok) == "_" { advance(); return .any }
        let op: BinaryOp? = switch tok.kind {
        case .lt: .lt
        case .le: .le
        case .gt: .gt
        case .ge: .ge
        case .ne: .ne
        default: nil
        }
        if let op {
            advance()
            return .compare(op, parseExpr(.coalesce))
        }
        let e = parseExpr(.coalesce)
        if consume(.dotDot) != nil { return .range(e, parseExpr(.coalesce)) }
        return .equal(e)
    }

    /// `score_decl = "score" name [title] "for" name "." name "{" { ("+"|"-") int "when" expr } "}"`.
    mutating func parseScore() -> ScoreDecl {
        let header = parseHeader("after `score`")
        expectWord(.for, "after the score name")
        let entity = parseName("after `for`")
        expect(.dot, "between entity and field (`for Lead.score`)")
        let field = parseName("after `.`")
        let opener = expect(.lbrace, "to open the score")
        let block = parseBlock(opener: opener, expected: "a score line such as `+10 when source == 淘宝`") { p -> ScoreDecl.Item? in
            guard p.at(.plus) || p.at(.minus) else { return nil }
            let start = p.tok.span
            let negative = p.advance().kind == .minus
            var points = "0"
            if p.at(.int) { points = p.text(p.advance()) } else { p.errorExpected("points (an integer)", "after the sign") }
            p.expectWord(.when, "after the points")
            let cond = p.parseExpr()
            return ScoreDecl.Item(negative: negative, points: points, when: cond, span: p.spanFrom(start))
        }
        return ScoreDecl(header: header, entity: entity, field: field, items: block.items)
    }

    /// `approval_decl = "approval" name [title] "for" name "{" { approval_item } "}"`.
    mutating func parseApproval() -> ApprovalDecl {
        let header = parseHeader("after `approval`")
        expectWord(.for, "after the approval name")
        let entity = parseName("after `for`")
        let opener = expect(.lbrace, "to open the approval")
        let block = parseBlock(opener: opener, expected: "`when`, `step` or `on approved|rejected`") { p in
            p.parseApprovalItem()
        }
        return ApprovalDecl(header: header, entity: entity, items: block.items, itemSpans: block.spans)
    }

    mutating func parseApprovalItem() -> ApprovalDecl.Item? {
        if consumeWord(.when) != nil { return .when(parseExpr()) }
        if atWord(.on) && (peek().word == .approved || peek().word == .rejected) {
            advance()
            let approved = advance().word == .approved
            return .on(approved: approved, parseActionBlock())
        }
        guard consumeWord(.step) != nil else { return nil }
        let header = parseHeader("after `step`")
        expectWord(.by, "before the approvers (`by 财务` or `by all 财务, 法务`)")
        var mode = ApprovalDecl.Mode.single
        if (atWord(.all) || atWord(.any)) && peek().kind == .name {
            mode = advance().word == .all ? .all : .any
        }
        var approvers = [parseName("for an approver role")]
        while consume(.comma) != nil { approvers.append(parseName("after `,`")) }
        let when = consumeWord(.when) != nil ? parseExpr() : nil
        var timeout: Expr? = nil
        var escalate: Name? = nil
        if consumeWord(.timeout) != nil {
            timeout = parseExpr(.unary)
            expectWord(.escalate, "after the timeout")
            expectWord(.to, "after `escalate`")
            escalate = parseName("for the role to escalate to")
        }
        return .step(ApprovalDecl.Step(header: header, mode: mode, approvers: approvers, when: when, timeout: timeout, escalateTo: escalate))
    }
}

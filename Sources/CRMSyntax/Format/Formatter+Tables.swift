// Canonical layout of decision tables, scores and tests:
//
//     table 分配 hit first {
//       input 地域: 地域, 渠道: 渠道
//       output 组: text
//       华东, 淘宝 => "华东电商组"
//       _, _       => "综合组"
//     }
//
// Rows are aligned on `=>` by display width (CJK counts 2 columns). The padding is
// computed from the tree alone, so the layout stays idempotent.
import CRMBase

extension FormatPrinter {
    /// `table(_:_:)` prints the header, the `input` and `output` lines and the rows.
    mutating func table(_ t: TableDecl, _ d: Decl) {
        let head = "table " + header(t.header) + " hit " + t.hit.text
        let empty = t.inputs.isEmpty && t.outputs.isEmpty && t.rows.isEmpty
        braced(head, at: d.span.start, span: d.span, indent: 0, empty: empty) { p in
            p.params("input", t.inputs)
            p.params("output", t.outputs)
            p.rows(t.rows)
        }
    }

    /// `params` prints `input a: type, b: type` (all `input` lines of the source merged).
    mutating func params(_ keyword: String, _ ps: [TableDecl.Param]) {
        guard let first = ps.first, let last = ps.last else { return }
        let text = ps.map { $0.name.text + ": " + type($0.type) }.joined(separator: ", ")
        item(keyword + " " + text, at: first.name.span.start, indent: 1)
        finished(first.name.span.to(last.type.span))
    }

    /// `rows` prints `cell, cell => output, output`, padding the cells so the arrows
    /// line up.
    mutating func rows(_ rows: [TableDecl.Row]) {
        let cells = rows.map { r in r.cells.map { cell($0) }.joined(separator: ", ") }
        let column = cells.map { width($0) }.max() ?? 0
        for (row, text) in zip(rows, cells) {
            let pad = String(repeating: " ", count: column - width(text))
            item(text + pad + " => " + exprList(row.outputs), at: row.span.start, indent: 1)
            finished(row.span)
        }
    }

    /// One row cell: `_`, `< 10`, `1..4` or an expression.
    func cell(_ c: TableDecl.Cell) -> String {
        switch c {
        case .any: return "_"
        case .compare(let op, let e): return op.rawValue + " " + expr(e)
        case .equal(let e): return expr(e)
        case .range(let lo, let hi): return expr(lo) + ".." + expr(hi)
        }
    }

    /// `score name "title" for Entity.field { +10 when … }`.
    mutating func score(_ s: ScoreDecl, _ d: Decl) {
        let head = "score " + header(s.header) + " for " + s.entity.text + "." + s.field.text
        braced(head, at: d.span.start, span: d.span, indent: 0, empty: s.items.isEmpty) { p in
            for it in s.items {
                let text = (it.negative ? "-" : "+") + it.points + " when " + p.expr(it.when)
                p.item(text, at: it.span.start, indent: 1)
                p.finished(it.span)
            }
        }
    }

    // MARK: - Tests

    /// `test "name" { step … }`.
    mutating func test(_ t: TestDecl, _ d: Decl) {
        braced("test " + t.name.raw, at: d.span.start, span: d.span, indent: 0, empty: t.steps.isEmpty) { p in
            p.testSteps(t.steps, indent: 1)
        }
    }

    /// `testSteps(_:indent:)` prints steps one per line (`expect rejected` as a block).
    mutating func testSteps(_ steps: [TestStep], indent: Int) {
        for s in steps {
            if case .expectRejected(let message, let inner) = s.kind {
                rejected("expect rejected" + title(message), inner, span: s.span, indent: indent)
            } else {
                let (head, record) = stepParts(s.kind)
                headWithRecord(head, record, start: s.span.start, indent: indent, asItem: true)
            }
            finished(s.span)
        }
    }

    /// `rejected` prints `expect rejected "message" { steps }`: on one line when it holds
    /// one simple step written on one line (see `keepSourceBreaks`), else one step per line.
    mutating func rejected(_ head: String, _ inner: [TestStep], span: Span, indent: Int) {
        if let only = inner.first, inner.count == 1, Formatter.keepSourceBreaks,
           sameLine(span.start, span.end), !hasComment(in: span) {
            switch only.kind {
            case .expectRejected, .error: break
            default:
                let (text, record) = stepParts(only.kind)
                item(head + " { " + text + (record.map { " " + self.record($0) } ?? "") + " }", at: span.start, indent: indent)
                return
            }
        }
        braced(head, at: span.start, span: span, indent: indent, empty: inner.isEmpty) { p in
            p.testSteps(inner, indent: indent + 1)
        }
    }

    /// `stepParts(_:)` prints a step other than `expect rejected` without its trailing
    /// record literal, and returns that record (`given`, `update`, `expect created`).
    func stepParts(_ k: TestStep.Kind) -> (String, [FieldInit]?) {
        switch k {
        case .clock(let e): return ("clock " + expr(e), nil)
        case .given(let entity, let binding, let fields): return ("given " + entity.text + " " + binding.text, fields)
        case .update(let binding, let fields): return ("update " + binding.text, fields)
        case .move(let binding, let stage): return ("move " + binding.text + " to " + stage.text, nil)
        case .delete(let binding): return ("delete " + binding.text, nil)
        case .advance(let e): return ("advance " + expr(e), nil)
        case .decide(let d):
            var s = d.verb + " " + d.record.text
            if let approval = d.approval { s += " for " + approval.text }
            s += " as " + d.role.text
            if let comment = d.comment { s += " comment " + comment.raw }
            return (s, nil)
        case .expectOutbox(let channel, let to, let template, let payload):
            var s = "expect outbox has " + channel.text
            if let to { s += " to " + expr(to) }
            if let template { s += " template " + template.text }
            if payload != nil { s += " with" }
            return (s, payload)
        case .expectAudit(let target, let from, let to, let by):
            var s = "expect audit " + expr(target)
            if let from { s += " from " + expr(from) }
            if let to { s += " to " + expr(to) }
            if let by { s += " by " + by.text }
            return (s, nil)
        case .expectCreated(let entity, let fields): return ("expect created " + entity.text, fields)
        case .expect(let e): return ("expect " + expr(e), nil)
        case .expectRejected, .error: return ("", nil)
        }
    }
}

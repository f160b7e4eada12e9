// Canonical layout of rules, their action blocks and approvals:
//
//     rule welcome "新线索自动欢迎" priority 10
//       on Lead created
//       where source == 官网注册
//       do {
//         notify email to email template welcome
//         tag "待跟进"
//       }
//
// A block of exactly one action that is not an `if` (and holds no comment) is printed
// on the line of its keyword: `do tag "x"`, `on approved set 状态 = 已批准`. `if`
// branches are always braced; `else { if … }` is printed as `else if …`.
import CRMBase

extension FormatPrinter {
    /// `rule(_:_:)` prints the header line, the trigger, the condition and the actions.
    mutating func rule(_ r: RuleDecl, _ d: Decl) {
        var head = "rule " + header(r.header)
        if let p = r.priority { head += " priority " + p }
        item(head, at: d.span.start, indent: 0)
        line(trigger(r.trigger), at: r.trigger.span.start, indent: 1)
        if let c = r.condition { line("where " + expr(c), at: c.span.start, indent: 1) }
        actionBlock("do", r.actions, indent: 1, asItem: false)
    }

    /// `trigger(_:)` prints `on Lead created`, `at Lead.created_at + 7 days yearly` or
    /// `every week on 星期一 at 09:00 for Lead`.
    func trigger(_ t: Trigger) -> String {
        switch t.kind {
        case .on(let entity, let event):
            return "on " + entity.text + self.event(event)
        case .at(let entity, let field, let offset, let negative, let yearly):
            var s = "at " + entity.text + "." + field.text
            if let offset { s += (negative ? " - " : " + ") + expr(offset) }
            return yearly ? s + " yearly" : s
        case .every(let schedule, let time, let entity):
            var s = "every " + self.schedule(schedule)
            if let time { s += " at " + expr(time) }
            return s + " for " + entity.text
        case .error:
            return ""
        }
    }

    /// `event(_:)` prints the event after the entity, with its leading space or dot.
    func event(_ e: Trigger.Event) -> String {
        switch e {
        case .created: return " created"
        case .updated: return " updated"
        case .deleted: return " deleted"
        case .changed(let field, let from, let to):
            var s = "." + field.text + " changed"
            if let from { s += " from " + expr(from) }
            if let to { s += " to " + expr(to) }
            return s
        case .enters(let stage): return " enters " + stage.text
        case .inactive(let d, let without):
            return " inactive for " + expr(d) + (without.map { " without " + $0.text } ?? "")
        case .approved(let a): return " approved " + a.text
        case .rejected(let a): return " rejected " + a.text
        }
    }

    /// `day`, `week on 星期一`, `month on 1` or a duration.
    func schedule(_ s: Trigger.Schedule) -> String {
        switch s {
        case .day: return "day"
        case .week(let on): return "week on " + on.text
        case .month(let on): return "month on " + on
        case .interval(let e): return expr(e)
        }
    }

    // MARK: - Action blocks

    /// `actionBlock(_:_:indent:asItem:)` prints `prefix action` for a one-action block,
    /// else `prefix {`, one action per line and `}`. `asItem` says whether the line is a
    /// list item (blank lines before it are kept) or a continuation line.
    mutating func actionBlock(_ prefix: String, _ b: ActionBlock, indent: Int, asItem: Bool) {
        if let a = oneLineAction(b) {
            actionLine(a, prefix: prefix + " ", indent: indent, asItem: asItem)
            return
        }
        let pos = b.span.start
        if b.actions.isEmpty && !hasComment(in: b.span) {
            startLine(prefix + " {}", at: pos, indent: indent, asItem: asItem)
            return
        }
        startLine(prefix + " {", at: pos, indent: indent, asItem: asItem)
        opened()
        for a in b.actions { action(a, indent: indent + 1) }
        close(at: closingPos(b.span), indent: indent)
    }

    /// The only action of a block that prints on its keyword's line: not an `if`, no
    /// comment in the block and (see `keepSourceBreaks`) on the line the block starts.
    func oneLineAction(_ b: ActionBlock) -> Action? {
        guard b.actions.count == 1, let a = b.actions.first, !hasComment(in: b.span) else { return nil }
        switch a.kind {
        case .ifThen, .error: return nil
        default: return keptOnOneLine(b.span.start, a.span.start) ? a : nil
        }
    }

    /// `action(_:indent:)` prints one action on its own line (an `if` on several).
    mutating func action(_ a: Action, indent: Int) {
        if case .ifThen(let cond, let then, let els) = a.kind {
            item("if " + expr(cond) + " {", at: a.span.start, indent: indent)
            ifBody(then, els, indent: indent)
        } else {
            actionLine(a, prefix: "", indent: indent, asItem: true)
        }
        finished(a.span)
    }

    /// `actionLine(_:prefix:indent:asItem:)` prints an action other than `if`; a record
    /// literal at its end may take several lines.
    mutating func actionLine(_ a: Action, prefix: String, indent: Int, asItem: Bool) {
        let (head, record) = actionParts(a.kind)
        headWithRecord(prefix + head, record, start: a.span.start, indent: indent, asItem: asItem)
    }

    /// `ifBody` prints the branch after `if c {`, then `} else {` / `} else if d {` and
    /// the else branch, and the final `}`.
    mutating func ifBody(_ then: ActionBlock, _ els: ActionBlock?, indent: Int) {
        opened()
        for a in then.actions { action(a, indent: indent + 1) }
        guard let els else {
            close(at: closingPos(then.span), indent: indent)
            return
        }
        if let inner = elseIf(els), case .ifThen(let cond, let then2, let els2) = inner.kind {
            close("} else if " + expr(cond) + " {", at: closingPos(then.span), indent: indent)
            ifBody(then2, els2, indent: indent)
            finished(inner.span)
            return
        }
        close("} else {", at: closingPos(then.span), indent: indent)
        opened()
        for a in els.actions { action(a, indent: indent + 1) }
        close(at: closingPos(els.span), indent: indent)
    }

    /// The `if` action of an else branch that prints as `else if`: the branch holds only
    /// that action and no comment outside it.
    func elseIf(_ els: ActionBlock) -> Action? {
        guard els.actions.count == 1, let a = els.actions.first, case .ifThen = a.kind else { return nil }
        let before = Span(start: els.span.start, end: a.span.start)
        let after = Span(start: a.span.end, end: els.span.end)
        return hasComment(in: before) || hasComment(in: after) ? nil : a
    }

    /// `actionParts(_:)` prints an action other than `if` without its trailing record
    /// literal, and returns that record (`create`, `notify … with`, `webhook … with`).
    func actionParts(_ k: Action.Kind) -> (String, [FieldInit]?) {
        switch k {
        case .set(let path, let value): return ("set " + path.map(\.text).joined(separator: ".") + " = " + expr(value), nil)
        case .tag(let e): return ("tag " + expr(e), nil)
        case .untag(let e): return ("untag " + expr(e), nil)
        case .assign(let field, let how): return ("assign " + field.text + " " + assignment(how), nil)
        case .create(let entity, let fields): return ("create " + entity.text, fields)
        case .task(let title, let who, let due):
            return ("task " + expr(title) + " to " + expr(who) + (due.map { " due " + expr($0) } ?? ""), nil)
        case .move(let stage): return ("move to " + stage.text, nil)
        case .notify(let channel, let to, let template, let with):
            let head = "notify " + channel.text + " to " + expr(to) + " template " + template.text
            return (head + (with == nil ? "" : " with"), with)
        case .webhook(let url, let with): return ("webhook " + url.raw + (with == nil ? "" : " with"), with)
        case .startApproval(let a): return ("start approval " + a.text, nil)
        case .add(let amount, let to): return ("add " + expr(amount) + " to " + to.text, nil)
        case .ifThen, .error: return ("", nil)
        }
    }

    /// `by table t`, `by expr`, `to pool p` or `to expr`.
    func assignment(_ a: Action.Assignment) -> String {
        switch a {
        case .byTable(let t): return "by table " + t.text
        case .by(let e): return "by " + expr(e)
        case .toPool(let p): return "to pool " + p.text
        case .to(let e): return "to " + expr(e)
        }
    }

    // MARK: - Approvals

    /// `approval name "title" for Entity { when …; step …; on approved … }`.
    mutating func approval(_ a: ApprovalDecl, _ d: Decl) {
        let head = "approval " + header(a.header) + " for " + a.entity.text
        braced(head, at: d.span.start, span: d.span, indent: 0, empty: a.items.isEmpty) { p in
            for (it, span) in zip(a.items, a.itemSpans) {
                p.approvalItem(it, span: span)
                p.finished(span)
            }
        }
    }

    /// `approvalItem(_:span:)` prints `when …`, `step …` or `on approved|rejected …`.
    mutating func approvalItem(_ it: ApprovalDecl.Item, span: Span) {
        switch it {
        case .when(let e): item("when " + expr(e), at: span.start, indent: 1)
        case .step(let s): item(step(s), at: span.start, indent: 1)
        case .on(let approved, let block):
            flushComments(before: span.start, indent: 1, allowBlank: true)
            blankIfSource(before: offset(span.start))
            actionBlock(approved ? "on approved" : "on rejected", block, indent: 1, asItem: false)
        }
    }

    /// `step name "title" by all a, b when c timeout 2 days escalate to d`.
    func step(_ s: ApprovalDecl.Step) -> String {
        var text = "step " + header(s.header) + " by "
        switch s.mode {
        case .single: break
        case .all: text += "all "
        case .any: text += "any "
        }
        text += names(s.approvers)
        if let w = s.when { text += " when " + expr(w) }
        if let t = s.timeout { text += " timeout " + expr(t) }
        if let e = s.escalateTo { text += " escalate to " + e.text }
        return text
    }
}

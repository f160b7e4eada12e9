// ASTDump for declarations and everything inside them: entities, lifecycles, rules and
// actions, tables, scores, approvals, roles, reports and tests. Spans, item spans and
// action-block bracing are left out; every other field is printed.
import CRMBase

extension ASTDump {
    /// `decl(_:)` dumps a declaration with its doc comment. Trailing spaces of each doc
    /// line are dropped: the formatter trims them, and they carry no meaning.
    static func decl(_ d: Decl) -> SNode {
        let doc = d.doc.map { text in
            quoted(text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { line in String(line.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed()) }
                .joined(separator: "\n"))
        }
        return node("decl", node("doc", optional(doc)), kind(d.kind))
    }

    /// The dump of a declaration's kind and contents.
    static func kind(_ k: Decl.Kind) -> SNode {
        switch k {
        case .settings(let fs): return node("settings", fields(fs))
        case .enumDecl(let e):
            return node("enum", header(e.header), .list(e.members.map { node("member", name($0.name), optionalString($0.title)) }))
        case .entity(let e): return node("entity", header(e.header), .list(e.members.map { entityMember($0.kind) }))
        case .rule(let r): return rule(r)
        case .table(let t): return table(t)
        case .score(let s): return score(s)
        case .approval(let a): return approval(a)
        case .template(let t):
            let parts = t.parts.map { node("part", name($0.name), string($0.value)) }
            return node("template", header(t.header), name(t.entity), .list(parts))
        case .team(let t): return node("team", header(t.header), exprs(t.members))
        case .pool(let p): return node("pool", header(p.header), name(p.entity))
        case .role(let r): return role(r)
        case .segment(let s): return node("segment", header(s.header), name(s.entity), optionalExpr(s.condition))
        case .report(let r): return node("report", header(r.header), name(r.entity), .list(r.items.map { reportItem($0) }))
        case .test(let t): return node("test", string(t.name), testSteps(t.steps))
        case .error: return .atom("<error>")
        }
    }

    // MARK: - Entities

    /// An entity member: field, lifecycle or validation.
    static func entityMember(_ m: EntityMember.Kind) -> SNode {
        switch m {
        case .field(let f): return node("field", name(f.name), type(f.type), .list(f.options.map { fieldOption($0) }))
        case .lifecycle(let l): return node("lifecycle", header(l.header), .list(l.items.map { lifecycleItem($0) }))
        case .validate(let e, let message): return node("validate", expr(e), string(message))
        }
    }

    /// One field option; bare words for flags.
    static func fieldOption(_ o: FieldDecl.Option) -> SNode {
        switch o {
        case .required: return .atom("required")
        case .unique: return .atom("unique")
        case .readonly: return .atom("readonly")
        case .title(let t): return node("title", string(t))
        case .defaultValue(let e): return node("default", expr(e))
        case .computed(let e): return node("computed", expr(e))
        case .check(let e, let message): return node("check", expr(e), optionalString(message))
        }
    }

    /// One lifecycle item: stages, a transition chain or an `enter` requirement.
    static func lifecycleItem(_ it: LifecycleDecl.Item) -> SNode {
        switch it {
        case .stages(let stages):
            return node("stages", list: stages.map { node("stage", name($0.name), optionalString($0.title), flag($0.terminal)) })
        case .transition(let chain, let when): return node("transition", names(chain), optionalExpr(when))
        case .enter(let stage, let requires): return node("enter", name(stage), names(requires))
        }
    }

    // MARK: - Rules and actions

    /// A rule: header, priority, trigger, condition and actions.
    static func rule(_ r: RuleDecl) -> SNode {
        node("rule", header(r.header), node("priority", optional(r.priority.map { quoted($0) })),
             trigger(r.trigger), node("where", optionalExpr(r.condition)), block(r.actions))
    }

    /// A rule trigger: `on`, `at` or `every`.
    static func trigger(_ t: Trigger) -> SNode {
        switch t.kind {
        case .on(let entity, let event): return node("on", name(entity), self.event(event))
        case .at(let entity, let field, let offset, let negative, let yearly):
            return node("at", name(entity), name(field), optionalExpr(offset), node("negative", flag(negative)), node("yearly", flag(yearly)))
        case .every(let schedule, let time, let entity):
            return node("every", self.schedule(schedule), optionalExpr(time), name(entity))
        case .error: return .atom("<error>")
        }
    }

    /// The event of an `on` trigger.
    static func event(_ e: Trigger.Event) -> SNode {
        switch e {
        case .created: return .atom("created")
        case .updated: return .atom("updated")
        case .deleted: return .atom("deleted")
        case .changed(let field, let from, let to): return node("changed", name(field), optionalExpr(from), optionalExpr(to))
        case .enters(let stage): return node("enters", name(stage))
        case .inactive(let d, let without): return node("inactive", expr(d), name(without))
        case .approved(let a): return node("approved", name(a))
        case .rejected(let a): return node("rejected", name(a))
        }
    }

    /// The schedule of an `every` trigger.
    static func schedule(_ s: Trigger.Schedule) -> SNode {
        switch s {
        case .day: return .atom("day")
        case .week(let on): return node("week", name(on))
        case .month(let on): return node("month", quoted(on))
        case .interval(let e): return node("interval", expr(e))
        }
    }

    /// `block(_:)` dumps an action block; braced and unbraced blocks dump alike.
    static func block(_ b: ActionBlock) -> SNode { node("do", list: b.actions.map { action($0.kind) }) }

    /// One action, `if` branches included.
    static func action(_ k: Action.Kind) -> SNode {
        switch k {
        case .set(let path, let value): return node("set", names(path), expr(value))
        case .tag(let e): return node("tag", expr(e))
        case .untag(let e): return node("untag", expr(e))
        case .assign(let field, let how): return node("assign", name(field), assignment(how))
        case .create(let entity, let fs): return node("create", name(entity), fields(fs))
        case .task(let title, let who, let due): return node("task", expr(title), expr(who), optionalExpr(due))
        case .move(let stage): return node("move", name(stage))
        case .notify(let channel, let to, let template, let with):
            return node("notify", name(channel), expr(to), name(template), optionalFields(with))
        case .webhook(let url, let with): return node("webhook", string(url), optionalFields(with))
        case .startApproval(let a): return node("start-approval", name(a))
        case .add(let amount, let to): return node("add", expr(amount), name(to))
        case .ifThen(let c, let then, let els): return node("if", expr(c), block(then), optional(els.map { block($0) }))
        case .error: return .atom("<error>")
        }
    }

    /// The target of `assign`: a table, a pool or an expression.
    static func assignment(_ a: Action.Assignment) -> SNode {
        switch a {
        case .byTable(let t): return node("by-table", name(t))
        case .by(let e): return node("by", expr(e))
        case .toPool(let p): return node("to-pool", name(p))
        case .to(let e): return node("to", expr(e))
        }
    }

    // MARK: - Tables, scores, approvals

    /// A decision table: header, hit policy, input and output columns, rows.
    static func table(_ t: TableDecl) -> SNode {
        let params = { (ps: [TableDecl.Param]) in SNode.list(ps.map { node("param", name($0.name), type($0.type)) }) }
        let rows = t.rows.map { r in node("row", .list(r.cells.map { cell($0) }), exprs(r.outputs)) }
        return node("table", header(t.header), name(t.hit), node("input", params(t.inputs)),
                    node("output", params(t.outputs)), .list(rows))
    }

    /// One input cell of a table row.
    static func cell(_ c: TableDecl.Cell) -> SNode {
        switch c {
        case .any: return .atom("_")
        case .compare(let op, let e): return node("compare", .atom(op.rawValue), expr(e))
        case .equal(let e): return node("equal", expr(e))
        case .range(let lo, let hi): return node("range", expr(lo), expr(hi))
        }
    }

    /// A score: header, target field and signed items.
    static func score(_ s: ScoreDecl) -> SNode {
        let items = s.items.map { node("item", node("negative", flag($0.negative)), quoted($0.points), expr($0.when)) }
        return node("score", header(s.header), name(s.entity), name(s.field), .list(items))
    }

    /// An approval flow: header, entity and items.
    static func approval(_ a: ApprovalDecl) -> SNode {
        let items = a.items.map { it -> SNode in
            switch it {
            case .when(let e): return node("when", expr(e))
            case .step(let s):
                return node("step", header(s.header), .atom(s.mode.rawValue), names(s.approvers),
                            optionalExpr(s.when), optionalExpr(s.timeout), name(s.escalateTo))
            case .on(let approved, let b): return node(approved ? "on-approved" : "on-rejected", block(b))
            }
        }
        return node("approval", header(a.header), name(a.entity), .list(items))
    }

    // MARK: - Roles, reports, tests

    /// A role: header, parent and permissions.
    static func role(_ r: RoleDecl) -> SNode {
        let perms = r.permissions.map { p in
            node(p.allow ? "allow" : "deny", names(p.access),
                 .list(p.targets.map { node("target", name($0.entity), name($0.field)) }))
        }
        return node("role", header(r.header), name(r.extends), .list(perms))
    }

    /// One report item.
    static func reportItem(_ it: ReportDecl.Item) -> SNode {
        switch it {
        case .filter(let e): return node("where", expr(e))
        case .groupBy(let keys): return node("group-by", exprs(keys))
        case .measure(let ms): return node("measure", list: ms.map { node("m", name($0.name), expr($0.value)) })
        case .funnel(let n): return node("funnel", name(n))
        case .trend(let period, let on): return node("trend", name(period), expr(on))
        case .top(let n, let by): return node("top", quoted(n), expr(by))
        case .rfm(let r, let f, let m): return node("rfm", expr(r), expr(f), expr(m))
        }
    }

    /// The steps of a test or of an `expect rejected` block.
    static func testSteps(_ steps: [TestStep]) -> SNode { .list(steps.map { testStep($0.kind) }) }

    /// One test step.
    static func testStep(_ k: TestStep.Kind) -> SNode {
        switch k {
        case .clock(let e): return node("clock", expr(e))
        case .given(let entity, let binding, let fs): return node("given", name(entity), name(binding), fields(fs))
        case .update(let binding, let fs): return node("update", name(binding), fields(fs))
        case .move(let binding, let stage): return node("move", name(binding), name(stage))
        case .delete(let binding): return node("delete", name(binding))
        case .advance(let e): return node("advance", expr(e))
        case .decide(let d): return node(d.verb, name(d.record), name(d.approval), name(d.role), optionalString(d.comment))
        case .expectOutbox(let channel, let to, let template, let payload):
            return node("expect-outbox", name(channel), optionalExpr(to), name(template), optionalFields(payload))
        case .expectAudit(let target, let from, let to, let by):
            return node("expect-audit", expr(target), optionalExpr(from), optionalExpr(to), name(by))
        case .expectCreated(let entity, let fs): return node("expect-created", name(entity), optionalFields(fs))
        case .expectRejected(let message, let inner): return node("expect-rejected", optionalString(message), testSteps(inner))
        case .expect(let e): return node("expect", expr(e))
        case .error: return .atom("<error>")
        }
    }
}

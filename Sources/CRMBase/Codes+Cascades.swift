// Diagnostic codes of rule interaction (E08xx/W08xx), sorted by id.

extension DiagnosticCode {
    static let cascadeCodes: [DiagnosticCode] = [ruleCycle, conflictingWrites]

    public static let ruleCycle = DiagnosticCode("E0801", "rule-cycle", .error,
        summary: "rules that trigger each other in a loop",
        explanation: """
        A rule's actions change records: `set`, `add`, `assign` write a field, `move to`
        writes the lifecycle field, `tag`/`untag` write `tags`, `create` creates a record.
        Those changes fire other rules (`on E updated`, `on E.f changed`, `on E enters S`,
        `on E created`), within the same event. When the rules form a loop, one event can
        cascade forever. The checker reports each loop once, with the chain of rules and
        the fields that link them.

        `where` and `if` conditions are not evaluated, so a loop that the conditions happen
        to break is reported too; it is an error anyway because the engine would stop such
        a cascade at its depth limit and roll the event back. A changed-trigger with `to x`
        does not count a write of a different constant (`set level = 普通` does not fire
        `on Customer.level changed to 钻石`).

        Wrong:   rule welcome  on Lead created        do set score = 10
                 rule score_up on Lead.score changed  do move to 高意向
                 rule hot      on Lead enters 高意向   do add 5 to score
        Right:   make one rule write a field no rule of the loop listens to,
                 or trigger it on something the loop does not change
        """)

    public static let conflictingWrites = DiagnosticCode("W0802", "conflicting-writes", .warning,
        summary: "two rules on the same trigger set the same field to different values",
        explanation: """
        Rules with the same trigger run one after the other on the same event, so when two
        of them set one field (`set`, `move to`, `assign`, or `tag`/`untag` of one tag) to
        different values, the later write silently wins and the earlier one is lost. Writes
        inside `if` are not considered, nor rules whose `where` conditions exclude each
        other by an equality test on one field (`where source == 淘宝` and
        `where source == 官网注册`).

        Wrong:   rule a on Lead created do assign owner by table 线索分配
                 rule b on Lead created do assign owner by round_robin(销售一组)
        Right:   keep one of the assignments, or give the rules exclusive conditions
        """)
}

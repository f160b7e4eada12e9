// Diagnostic codes of lints (W09xx), sorted by id: warnings about models that are valid
// but almost certainly not what was meant.

extension DiagnosticCode {
    static let lintCodes: [DiagnosticCode] = [
        unusedTemplate, constantCondition, emptyActions, unusedTable, unusedApproval,
    ]

    public static let unusedTemplate = DiagnosticCode("W0901", "unused-template", .warning,
        summary: "a template that no `notify` sends",
        explanation: """
        Templates are sent by `notify … template T` in rules and approval outcomes. A
        template nothing sends is usually left over, or the `notify` that should send it
        names another template. (A test's `expect outbox has … template T` does not send.)

        Wrong:   template 催付提醒 for Order { body "…" }        # no notify uses it
        Right:   rule remind at Order.created_at + 30 minutes where status == 待付款
                   do notify sms to customer.phone template 催付提醒
        """)

    public static let constantCondition = DiagnosticCode("W0902", "constant-condition", .warning,
        summary: "a `where` or `if` condition that is the literal `true` or `false`",
        explanation: """
        `where false` disables a rule and `if false { … }` a branch, silently; `where true`
        and `if true` do nothing. Such conditions are usually left over from debugging.
        To switch a rule off, comment it out (`#| … |#`), which reviewers see.

        Wrong:   rule nurture at Lead.created_at + 7 days where false do tag "长期培育"
        Right:   rule nurture at Lead.created_at + 7 days where status == 未联系 do tag "长期培育"
        """)

    public static let emptyActions = DiagnosticCode("W0903", "empty-actions", .warning,
        summary: "a rule, branch or approval outcome whose action block is empty",
        explanation: """
        `do {}` makes a rule that fires and changes nothing; `if c {}` without `else` and
        `on approved {}` do nothing either. Usually the actions were forgotten.

        Wrong:   rule welcome on Lead created do {}
        Right:   rule welcome on Lead created do { tag "待跟进" }
        """)

    public static let unusedTable = DiagnosticCode("W0904", "unused-table", .warning,
        summary: "a decision table that no `assign … by table` uses",
        explanation: """
        A decision table is evaluated only by `assign field by table T`. One that no rule
        or approval outcome uses has no effect; usually a rule names another table, or the
        table replaced an older rule that was never removed.

        Wrong:   table 线索分配 hit first { … }        # no rule assigns by it
        Right:   rule route on Lead created do assign owner by table 线索分配
        """)

    public static let unusedApproval = DiagnosticCode("W0905", "unused-approval", .warning,
        summary: "an approval flow that no `start approval` starts",
        explanation: """
        An approval flow runs only when a rule or an approval outcome starts it with
        `start approval A`. A flow nothing starts never runs, and rules waiting for
        `on E approved A` never fire.

        Wrong:   approval 合同审批 for Contract { … }     # never started
        Right:   rule submit on Contract enters 审批中 do start approval 合同审批
        """)
}

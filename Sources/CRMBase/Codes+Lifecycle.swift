// Diagnostic codes of lifecycles (E05xx/W05xx), sorted by id. Unknown stages and fields
// in a lifecycle reuse the name codes E0311 unknown-stage and E0304 unknown-field.

extension DiagnosticCode {
    static let lifecycleCodes: [DiagnosticCode] = [
        lifecycleWithoutStages, anyAsTarget, unreachableStage, deadEndStage, terminalStageExit,
    ]

    public static let lifecycleWithoutStages = DiagnosticCode("E0501", "lifecycle-without-stages", .error,
        summary: "a lifecycle that has no `stages` line",
        explanation: """
        The `stages` line declares the stages in pipeline order (funnel reports use that
        order), says which stages are terminal, and makes the first stage the one new
        records start in. Transitions alone do not declare stages.

        Wrong:   lifecycle status { 草稿 -> 已发送 -> 已接受 }
        Right:   lifecycle status {
                   stages 草稿, 已发送, 已接受 terminal
                   草稿 -> 已发送 -> 已接受
                 }
        """)

    public static let anyAsTarget = DiagnosticCode("E0502", "any-as-target", .error,
        summary: "`any` used as the target of a transition",
        explanation: """
        `any -> x` allows `x` from every stage. `any` stands for the stage a record is
        leaving, so it can only be written first in a transition, never after `->`.

        Wrong:   已联系 -> any
        Right:   any -> 无效
        """)

    public static let unreachableStage = DiagnosticCode("W0503", "unreachable-stage", .warning,
        summary: "a stage that no sequence of transitions reaches from the first stage",
        explanation: """
        New records start in the first stage of the `stages` line. A stage that no chain
        of transitions (including `any -> stage`) leads to from there can never be entered,
        so its rules, entry requirements and funnel column are dead. Guards (`when`) are not
        evaluated: a stage counts as reachable if some transition path leads to it.

        Wrong:   stages 未联系, 已联系, 高意向, 已转化 terminal
                 未联系 -> 已联系 -> 已转化          # nothing leads to 高意向
        Right:   未联系 -> 已联系 -> 高意向 -> 已转化
        """)

    public static let deadEndStage = DiagnosticCode("W0504", "dead-end-stage", .warning,
        summary: "a stage that is not terminal but has no transition out of it",
        explanation: """
        A record that enters a non-terminal stage with no outgoing transition can never
        move again, although the stage is not marked as an end of the process. Either
        mark the stage `terminal` or add a transition out of it. `any -> x` counts as a way
        out of every stage other than `x`.

        Wrong:   stages 待审核, 已批准, 已驳回 terminal
                 待审核 -> 已批准                    # 已批准 leads nowhere
        Right:   stages 待审核, 已批准 terminal, 已驳回 terminal
        """)

    public static let terminalStageExit = DiagnosticCode("E0505", "terminal-stage-exit", .error,
        summary: "a transition out of a stage marked `terminal`",
        explanation: """
        `terminal` says the process ends in that stage (won, lost, cancelled), and reports
        and tests rely on it. A transition written out of a terminal stage contradicts
        that, and which of the two was meant cannot be guessed, so it is an error rather
        than a warning. `any -> x` transitions are not counted as leaving terminal stages.

        Wrong:   stages 待付款, 已付款, 已完成 terminal
                 已完成 -> 已付款
        Right:   remove `terminal` from 已完成, or remove the transition
        """)
}

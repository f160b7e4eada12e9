// ReplHelp owns the longer help texts of the REPL's commands (`help create`): usage,
// what it does, and examples that work on the Playground model. The one-line summaries
// live with the command table (ReplCommands).

enum ReplHelp {
    static let footer = """

      Anything else is an expression, printed with its type: `1 + 2`, `today() + 7 days`,
      `l1.score >= 80`. Records are `Lead#1` or the name given at creation. Values in
      `{ … }` are expressions too: `"李雷"`, `官网注册`, `85`, `2026-03-02T09:00`, `100 CNY`.
      `help COMMAND` shows details and examples.

    """

    static let details: [String: String] = [
        "create": """
          Creates a record: defaults and the first stage of each lifecycle are filled in,
          then every rule the creation triggers runs, all in one transaction (kept whole
          or, if anything fails, not at all). NAME names the record for later entries.
            create Lead l1 { name: "李雷", phone: "13800000001", email: "lilei@example.com", source: 官网注册 }
            create User u1 { name: "王五", email: "wangwu@example.com" }
          A record may span several lines: the entry continues while a `{` is open.
          `given` is the same command, spelt as in test blocks.
        """,
        "update": """
          Changes fields of a record; the rules the changes trigger run. Setting a
          lifecycle field is a move (its transitions and guards apply).
            update l1 { score: 85, owner: u1 }
            update Lead#2 { email: null }
        """,
        "delete": "  Deletes a record (its timers are cancelled; `deleted` rules run).\n    delete Lead#3\n",
        "move": """
          Moves a record's lifecycle to a stage, following the lifecycle's transitions,
          guards and entry requirements.
            move l1 to 已联系
        """,
        "approve": """
          Decides the record's pending approval step as ROLE (a role that extends the
          step's role may decide it too). A step `by all` waits for every role; the last
          approval runs the flow's `on approved` actions and the rules waiting for it.
          Name the approval when the record has several pending.
            approve Contract#1 as 销售经理 comment "价格在授权范围内"
        """,
        "reject": """
          Rejects the record's pending approval as ROLE: the flow ends and its `on
          rejected` actions run (e.g. back to 草稿).
            reject Contract#1 as 法务 comment "条款需修改"
        """,
        "advance": """
          Moves the virtual clock forward; every timer due on the way fires in order, each
          in its own transaction (its rule's `where` is read when it fires).
            advance 7 days
            advance 2 hours
        """,
        "clock": """
          Without a value, shows the clock. With a datetime (or a date, meaning 00:00),
          sets it: a later instant fires the timers due on the way, as `advance` does; an
          earlier one just sets the clock.
            clock 2026-03-10T09:00
        """,
        "list": """
          Without an entity, counts records per entity and stage. With one, lists its
          records as a table; `where` filters with a condition over the record's fields.
            list
            list Lead where score > 50 and status == 已联系
        """,
        "show": "  Every field of a record, and its pending timers.\n    show l1\n",
        "outbox": "  The messages rules queued (notify, webhook), with their idempotency keys.\n",
        "audit": """
          The audit log: who changed what and when, caused by a user command, a rule or
          the system (computed fields, scores); with a record, only its entries.
            audit l1
        """,
        "timers": "  Pending timers in firing order: the rule, the record and when it fires.\n",
        "why": """
          Explains a rule for a record: its trigger and condition, every time the rule
          was considered for the record in this session (fired or skipped, with the
          values its condition read), what the condition says now, and its timer.
            why nurture l1
            why hot_lead Lead#2
        """,
        "reload": """
          Re-reads the model's files after you edit them. If they have errors, they are
          shown and the previous model stays. Otherwise the session's changes are
          replayed on the new model from the start; those that no longer apply are
          dropped and listed with the reason.
        """,
        "undo": """
          Takes back the last change (a command, `advance` or `clock`): the session is
          rebuilt from its first instant without it, which is exact because rules run
          deterministically under the virtual clock.
        """,
        "help": "  `help` lists the commands; `help COMMAND` explains one.\n",
        "quit": "  Leaves the REPL (also `:q`, `exit`, or Ctrl-D on an empty line).\n",
    ]

    static func detail(_ info: ReplCommands.Info) -> String {
        var text = "usage: \(info.usage)\n" + (info.aliases.isEmpty ? "" : "also: " + info.aliases.joined(separator: ", ") + "\n")
        text += info.summary + "\n\n"
        text += details[info.name].map { $0.hasSuffix("\n") ? $0 : $0 + "\n" } ?? ""
        return text
    }
}

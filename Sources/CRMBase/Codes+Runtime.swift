// Diagnostic codes of evaluation (E10xx), sorted by id: run-time errors of expressions,
// raised by CRMRuntime's evaluator (`crm eval`, and rules when the runtime runs them).
// Each is located at the subexpression that failed. The checker cannot see these: they
// depend on the values, so they have no checker fixture (Tests/CRMRuntimeTests and
// Tests/GoldenTests/EvalCLITests.swift cover them). W1011 is `crm run`'s (RunDriver):
// an event applied other than as it said.

extension DiagnosticCode {
    static let runtimeCodes: [DiagnosticCode] = [integerOverflow, divisionByZero, decimalOverflow,
                                                 invalidDateArithmetic, invalidArgument, runtimeTypeError,
                                                 cascadeTooDeep, illegalTransition, validationFailed, invalidCommand,
                                                 eventBeforeClock]

    public static let integerOverflow = DiagnosticCode("E1001", "integer-overflow", .error,
        summary: "an integer result does not fit in 64 bits",
        explanation: """
        Integers are 64-bit (-9223372036854775808 to 9223372036854775807). A result outside
        that range — from `+`, `-`, `*`, unary `-`, or `Int64.min / -1` — is an error that
        rolls the event back; it never wraps around. Use a decimal for larger numbers.

        Wrong:   9223372036854775807 + 1
        Right:   decimal(9223372036854775807) + 1.0
        """)

    public static let divisionByZero = DiagnosticCode("E1002", "division-by-zero", .error,
        summary: "division or remainder by zero",
        explanation: """
        `/` and `%` by zero are errors for ints, decimals, money and durations; there is
        no infinity and no silent null. Guard the divisor.

        Wrong:   total / count
        Right:   if count == 0 then 0 else total / count
        """)

    public static let decimalOverflow = DiagnosticCode("E1003", "decimal-overflow", .error,
        summary: "a decimal or money value needs more than 38 significant digits",
        explanation: """
        Decimals and money are exact: up to 38 significant digits, of which at most 18
        are fractional. A result that needs more integral digits is an error (results
        with more fractional digits are rounded half-even to 18). A literal with more
        than 18 fractional digits is refused too.

        Wrong:   99999999999999999999.0 * 99999999999999999999.0
        Right:   round(price * rate, 2)
        """)

    public static let invalidDateArithmetic = DiagnosticCode("E1004", "invalid-date-arithmetic", .error,
        summary: "date or duration arithmetic without an answer",
        explanation: """
        A `date` has no time of day, so it moves only by whole days, months or years;
        adding hours to a date is an error (use a datetime). Durations with months cannot
        be split unevenly (`1 month / 2`), `1 month` and `30 days` cannot be ordered, and
        results must stay within the years 1 to 9999.

        Wrong:   2026-03-02 + 2 hours
        Right:   2026-03-02T09:00 + 2 hours
        """)

    public static let invalidArgument = DiagnosticCode("E1005", "invalid-argument", .error,
        summary: "a function argument of the right type but an unusable value",
        explanation: """
        Some built-ins check their arguments' values: `matches` needs a valid regular
        expression, `round` takes 0 to 18 digits, routing functions need the runtime's
        store (they cannot run in `crm eval`).

        Wrong:   matches(email, "[a-z")
        Right:   matches(email, "[a-z]+@")
        """)

    public static let runtimeTypeError = DiagnosticCode("E1006", "runtime-type-error", .error,
        summary: "a value of an unexpected type reached an operation at run time",
        explanation: """
        The checker rules out mixing types (an int with a decimal, money in two
        currencies, an empty optional used as a number). The evaluator still checks and
        reports instead of crashing if it meets such a value, for example a field that a
        host program filled with the wrong type, or `null` where a value was required.

        Wrong:   score + 1      (score filled with the text "高" by an import)
        Right:   score + 1      (score an int)
        """)

    // E1007+: the interpreter's refusals (`crm run`). Each rolls the whole event back.

    public static let cascadeTooDeep = DiagnosticCode("E1007", "cascade-too-deep", .error,
        summary: "rules triggered each other deeper than the cascade limit (usually a cycle)",
        explanation: """
        One event and everything its rules trigger run in one transaction. When rules
        keep triggering rules — typically two rules that each change the field the other
        watches — the cascade stops at the depth limit (32), the event is rolled back and
        the chain of rules is reported, with the cycle in it.

        Wrong:   rule a on Lead.score changed do { add 1 to followup_count }
                 rule b on Lead.followup_count changed do { add 1 to score }
        Right:   rule a on Lead.score changed where followup_count == 0 do { add 1 to followup_count }
        """)

    public static let illegalTransition = DiagnosticCode("E1008", "illegal-transition", .error,
        summary: "a stage change the lifecycle does not allow",
        explanation: """
        A record moves only along the lifecycle's transitions (`a -> b`, `any -> c`),
        and only when the transition's `when` guard holds. A `move` command or a rule's
        `move to` that breaks this rolls the event back.

        Wrong:   {"move": "l1", "to": "已转化"}     (the lead is still 未联系)
        Right:   {"move": "l1", "to": "已联系"}
        """)

    public static let validationFailed = DiagnosticCode("E1009", "validation-failed", .error,
        summary: "a record breaks a required, unique, check, validate or stage-entry rule",
        explanation: """
        After an event's cascade, every record it created or changed must have its
        required fields, satisfy its `check` and `validate` constraints, and keep unique
        fields unique; entering a stage needs the fields its `enter … requires` names.
        Otherwise nothing of the event is kept and the constraint's message is reported.

        Wrong:   {"create": "Lead", "fields": {"name": "张三"}}          (phone is required)
        Right:   {"create": "Lead", "fields": {"name": "张三", "phone": "13800000001", "source": "官网注册"}}
        """)

    public static let invalidCommand = DiagnosticCode("E1010", "invalid-command", .error,
        summary: "an event names an unknown entity, record, field or stage, or gives a value of the wrong type",
        explanation: """
        Events refer to entities and fields by their names in the model, to records by
        the alias given at creation (`"as": "l1"`) or as `Entity#number`, and give field
        values in the field's type (enum members and stages by name, dates as
        2026-03-02, datetimes as 2026-03-02T09:00, money as a number). Readonly fields
        cannot be updated.

        Wrong:   {"update": "l1", "fields": {"score": "高"}}
        Right:   {"update": "l1", "fields": {"score": 85}}
        """)

    // W1011+: what `crm run` applied, but not as the event said.

    public static let eventBeforeClock = DiagnosticCode("W1011", "event-before-clock", .warning,
        summary: "an event's `at` is earlier than the clock; it is applied at the clock's time",
        explanation: """
        `crm run` keeps a virtual clock that only moves forward: each event's `at` moves
        it on (firing the timers due up to then). An event whose `at` is earlier than the
        clock — the events are out of order, or a timer or `advance` already went past
        it — is applied at the clock's time, so `now()`, the audit log and the timers it
        arms never go back. Its line is reported; the event itself is applied.

        Wrong:   {"at": "2026-03-09T09:00", ...}  then  {"at": "2026-03-02T09:00", ...}
        Right:   the events in the order of their `at`
        """)
}

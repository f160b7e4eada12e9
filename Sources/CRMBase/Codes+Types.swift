// Diagnostic codes of type checking (E04xx), sorted by id.

extension DiagnosticCode {
    static let typeCodes: [DiagnosticCode] = [
        typeMismatch, conditionNotBool, optionalUsed, currencyMismatch, invalidOperands,
        wrongArguments, computedAssignment, missingRequiredField, uniqueNotComparable,
        invalidAutonumber, invalidTypeArguments,
    ]

    public static let typeMismatch = DiagnosticCode("E0401", "type-mismatch", .error,
        summary: "a value of one type where another is needed",
        explanation: """
        Values are never converted implicitly: a default, an assignment, a `create` field,
        a comparison operand or a function argument must have the expected type.

        Wrong:   score: int = "0"
        Right:   score: int = 0
        """)

    public static let conditionNotBool = DiagnosticCode("E0402", "condition-not-bool", .error,
        summary: "a condition that is not a boolean",
        explanation: """
        `where`, `when`, `validate`, `check`, `if` and `expect` conditions must be `bool`.

        Wrong:   where score
        Right:   where score > 0
        """)

    public static let optionalUsed = DiagnosticCode("E0403", "optional-used", .error,
        summary: "an optional value used as if it were always present",
        explanation: """
        A field declared with `?` may be empty. Arithmetic, ordering and most functions
        need a value, so check it first (`x != null and …`, `where x != null`,
        `if x != null { … }`) or give a default with `x ?? default`.

        Wrong:   where amount > 100000 CNY          # amount: money(CNY)?
        Right:   where amount != null and amount > 100000 CNY
        """)

    public static let currencyMismatch = DiagnosticCode("E0404", "currency-mismatch", .error,
        summary: "money in two different currencies in one operation",
        explanation: """
        Money carries its currency; adding or comparing CNY and USD has no meaning without
        an exchange rate, which the model must state explicitly.

        Wrong:   where amount > 100 USD              # amount: money(CNY)
        Right:   where amount > 700 CNY
        """)

    public static let invalidOperands = DiagnosticCode("E0405", "invalid-operands", .error,
        summary: "an operator applied to types it does not support",
        explanation: """
        Arithmetic is defined on int with int, decimal with decimal, money with money of the
        same currency, money times or divided by a number, date/datetime plus or minus a
        duration, and date/datetime minus date/datetime (a duration). Comparisons need two
        values of the same ordered type; equality needs the same type.

        Wrong:   set follow_up_on = created_at + 7       # what unit?
        Right:   set follow_up_on = created_at + 7 days
        """)

    public static let wrongArguments = DiagnosticCode("E0406", "wrong-arguments", .error,
        summary: "a function called with the wrong number or types of arguments",
        explanation: """
        Wrong:   where days_between(created_at) > 7
        Right:   where days_between(created_at, now()) > 7
        """)

    public static let computedAssignment = DiagnosticCode("E0407", "computed-assignment", .error,
        summary: "an assignment to a computed field",
        explanation: """
        A `computed` field is a formula kept up to date by the engine; rules, `create` and
        tests cannot set it.

        Wrong:   do set total_spent = 0 CNY
        Right:   change the orders the formula sums instead
        """)

    public static let missingRequiredField = DiagnosticCode("E0408", "missing-required-field", .error,
        summary: "`create` or `given` leaves a required field without a value",
        explanation: """
        A required field without a default must be given a value whenever a record is
        created, or the creation would fail at run time.

        Wrong:   create Order { customer: customer }              # amount is required
        Right:   create Order { customer: customer, amount: amount }
        """)

    public static let uniqueNotComparable = DiagnosticCode("E0409", "unique-not-comparable", .error,
        summary: "`unique` on a field whose type has no equality",
        explanation: """
        Uniqueness is checked by equality, which sets, lists and relations do not have.

        Wrong:   tags: set<text> unique
        Right:   code: text unique
        """)

    public static let invalidAutonumber = DiagnosticCode("E0410", "invalid-autonumber", .error,
        summary: "an auto-number pattern the engine cannot generate",
        explanation: """
        An auto-number pattern is text with placeholders `{yyyy}`, `{yy}`, `{MM}`, `{dd}`
        and exactly one `{seq:N}` (N digits, 1-12).

        Wrong:   code: autonumber("C-{seq}")
        Right:   code: autonumber("C-{yyyy}-{seq:5}")
        """)

    public static let invalidTypeArguments = DiagnosticCode("E0411", "invalid-type-arguments", .error,
        summary: "a type with missing or wrong arguments",
        explanation: """
        `money` takes a three-letter currency code, `rating` a maximum from 1 to 10,
        `autonumber` a pattern string; other types take no arguments.

        Wrong:   amount: money(rmb)
        Right:   amount: money(CNY)
        """)
}

// Diagnostic codes of the parser (E02xx), sorted by id.

extension DiagnosticCode {
    static let parserCodes: [DiagnosticCode] = [
        expectedToken, expectedDeclaration, expectedExpression, expectedType, expectedName,
        nestingTooDeep, unclosedDelimiter, expectedAction, expectedTrigger, expectedTestStep,
        chainedComparison, expectedMember,
    ]

    public static let expectedToken = DiagnosticCode("E0201", "expected-token", .error,
        summary: "a specific token was expected here",
        explanation: """
        The parser needed a particular piece of punctuation or keyword, such as `:` after a
        field name or `do` before a rule's actions. The message says which and where.

        Wrong:   name text required
        Right:   name: text required
        """)

    public static let expectedDeclaration = DiagnosticCode("E0202", "expected-declaration", .error,
        summary: "something other than a declaration at the top level",
        explanation: """
        A model file is a list of declarations: settings, enum, entity, rule, table, score,
        approval, template, team, pool, role, segment, report, test. Anything else at the
        top level is skipped up to the next declaration.

        Wrong:   Lead { name: text }
        Right:   entity Lead { name: text }
        """)

    public static let expectedExpression = DiagnosticCode("E0203", "expected-expression", .error,
        summary: "an expression was expected",
        explanation: """
        A value, name, call or parenthesised expression is needed here, for example after
        `where`, `=` or an operator.

        Wrong:   rule r on Lead created where do tag "x"
        Right:   rule r on Lead created where score > 10 do tag "x"
        """)

    public static let expectedType = DiagnosticCode("E0204", "expected-type", .error,
        summary: "a field type was expected",
        explanation: """
        After `name:` comes a type: a name such as `text`, `int`, `money(CNY)`, an enum or
        entity name, `ref Entity`, `many Entity via field`, `set<T>` or `list<T>`, and an
        optional `?`.

        Wrong:   email: ? unique
        Right:   email: email? unique
        """)

    public static let expectedName = DiagnosticCode("E0205", "expected-name", .error,
        summary: "a name was expected",
        explanation: """
        Declarations, fields, stages and roles are named with an identifier (any Unicode
        letters, digits after the first, and `_`). A string or number cannot stand for a name.

        Wrong:   entity "Lead" { }
        Right:   entity Lead "线索" { }
        """)

    public static let nestingTooDeep = DiagnosticCode("E0206", "nesting-too-deep", .error,
        summary: "expressions or blocks are nested too deeply",
        explanation: """
        The parser stops descending after 256 levels of nested parentheses, brackets, braces
        or operators, so hostile input cannot exhaust the stack. Real rules never come close;
        split the expression.
        """)

    public static let unclosedDelimiter = DiagnosticCode("E0207", "unclosed-delimiter", .error,
        summary: "an opening `{`, `(` or `[` is never closed",
        explanation: """
        The parser reached the end of the file, or the start of the next declaration, while
        a brace, parenthesis or bracket was still open. The secondary label shows where it
        was opened.

        Wrong:   entity Lead { name: text
                 rule r on Lead created do tag "x"
        Right:   entity Lead { name: text }
        """)

    public static let expectedAction = DiagnosticCode("E0208", "expected-action", .error,
        summary: "a rule action was expected",
        explanation: """
        After `do` (or inside `do { ... }`) come actions: set, tag, untag, assign, create,
        task, move, notify, webhook, start approval, add, if.

        Wrong:   do send email to email
        Right:   do notify email to email template welcome
        """)

    public static let expectedTrigger = DiagnosticCode("E0209", "expected-trigger", .error,
        summary: "a rule trigger was expected",
        explanation: """
        A rule starts with what fires it: `on Entity created|updated|deleted`,
        `on Entity.field changed [from X] [to Y]`, `on Entity enters Stage`,
        `on Entity inactive for 3 days`, `at Entity.field + 7 days [yearly]`, or
        `every day at 09:00 for Entity`.

        Wrong:   rule r when Lead created do tag "x"
        Right:   rule r on Lead created do tag "x"
        """)

    public static let expectedTestStep = DiagnosticCode("E0210", "expected-test-step", .error,
        summary: "a test step was expected",
        explanation: """
        A test block holds steps: clock, given, update, move, delete, advance, approve, reject,
        expect.

        Wrong:   test "t" { make Lead l { } }
        Right:   test "t" { given Lead l { name: "张三" } }
        """)

    public static let chainedComparison = DiagnosticCode("E0211", "chained-comparison", .error,
        summary: "comparison operators cannot be chained",
        explanation: """
        `a < b < c` does not mean "b is between a and c" here; write it with `and`.

        Wrong:   where 0 < score < 100
        Right:   where 0 < score and score < 100
        """)

    public static let expectedMember = DiagnosticCode("E0212", "expected-member", .error,
        summary: "an item that does not belong in this block",
        explanation: """
        Each block accepts its own items: an entity holds fields (`name: type`),
        `lifecycle` and `validate`; a lifecycle holds `stages`, transitions and `enter`;
        a role holds `allow` and `deny`; and so on. The parser skips to the next item.

        Wrong:   entity Lead { rule r on Lead created do tag "x" }
        Right:   entity Lead { name: text }
        """)
}

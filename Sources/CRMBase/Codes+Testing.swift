// Diagnostic codes of `crm test` (E11xx): what a failing `test` block reports. They are
// produced by running tests, not by the checker, so they have no checker fixture
// (Tests/GoldenTests/TestGoldenTests.swift and its fixtures cover them).

extension DiagnosticCode {
    static let testingCodes: [DiagnosticCode] = [testExpectationFailed, testStepRejected]

    public static let testExpectationFailed = DiagnosticCode("E1101", "test-expectation-failed", .error,
        summary: "an `expect` of a test block does not hold",
        explanation: """
        `crm test` runs each `test` block on a fresh store with a virtual clock. An
        `expect` step that does not hold fails the test; the report shows the expected
        and the actual values (a field-by-field diff for records, the outbox for
        messages, the audit entries for `expect audit`). The test goes on, so every
        failing expectation of it is listed.

        Wrong:   given Lead l { name: "张三", phone: "1", source: 淘宝 }
                 expect l.score == 20        (no rule adds points for 淘宝)
        Right:   expect l.score == 0
        """)

    public static let testStepRejected = DiagnosticCode("E1102", "test-step-rejected", .error,
        summary: "a step of a test block was rejected, or a timer it fired was rolled back",
        explanation: """
        The steps of a test (`given`, `update`, `move`, `delete`, `advance`) must apply;
        a step that the runtime rejects (an illegal transition, a failed validation, an
        error in a rule) ends the test with the runtime's reason. To test that a step is
        refused, put it in `expect rejected ["message or code"] { … }`.

        Wrong:   move l to 已转化              (the lead is still 未联系)
        Right:   expect rejected "E1008" { move l to 已转化 }
        """)
}

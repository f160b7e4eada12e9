// Diagnostic codes of lint control (W00xx), sorted by id: findings about the
// `# crm:allow …` / `# crm:deny …` comments themselves (CRMSema's Suppressions.swift).
// The inline syntax, in short:
//   x: int = 1      # crm:allow W0902          this line
//   # crm:allow W0901, unused-table           the next line that has code
//   # crm:allow-file W0901                    the whole file
//   # crm:deny W0902 / # crm:deny-file W0902  report the warning as an error

extension DiagnosticCode {
    static let controlCodes: [DiagnosticCode] = [cannotAllowError, unusedAllow, invalidLintComment]

    public static let cannotAllowError = DiagnosticCode("W0001", "cannot-allow-error", .warning,
        summary: "a `# crm:allow` comment names an error code, which cannot be silenced",
        explanation: """
        Only warnings can be allowed. An error means the model cannot run as written, so
        `# crm:allow` (and `crm check --allow`) refuse error codes (E…); the error is still
        reported. Fix the mistake instead, or comment the declaration out.

        Wrong:   score: int = "高"      # crm:allow E0401
        Right:   score: int = 0
        """)

    public static let unusedAllow = DiagnosticCode("W0002", "unused-allow", .warning,
        summary: "a `# crm:allow` comment that suppressed nothing",
        explanation: """
        An allow comment applies to the line it trails, to the next line that has code (on
        a line of its own), or to the whole file (`crm:allow-file`). One that silenced no
        warning is stale: the warning was fixed, or the comment sits on the wrong line (a
        warning belongs to the line where its caret starts). Remove it or move it. This is
        reported only for models without errors, because some lints (such as unused
        templates) run only then.

        Wrong:   rule r on Lead created where source == 淘宝 do tag "x"   # crm:allow W0902
        Right:   rule r on Lead created where source == 淘宝 do tag "x"
        """)

    public static let invalidLintComment = DiagnosticCode("W0003", "invalid-lint-comment", .warning,
        summary: "a `# crm:` comment with an unknown directive or diagnostic code",
        explanation: """
        Lint-control comments are `# crm:allow`, `# crm:allow-file`, `# crm:deny` and
        `# crm:deny-file`, followed by one or more diagnostic codes, by id (W0901) or by
        name (unused-template), separated by commas or spaces. A reason may follow after
        `--`. A misspelt directive or code would silently control nothing, so it is reported.

        Wrong:   # crm:alow W0901
        Wrong:   # crm:allow W9901 because the campaign starts in May
        Right:   # crm:allow W0901 -- the campaign starts in May
        """)
}

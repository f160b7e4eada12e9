// Diagnostic codes of rules, actions, approvals, roles, reports and tests (E06xx/W06xx), sorted by id.

extension DiagnosticCode {
    static let ruleCodes: [DiagnosticCode] = []
}

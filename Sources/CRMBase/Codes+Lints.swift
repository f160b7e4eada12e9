// Diagnostic codes of lints (W09xx), sorted by id.

extension DiagnosticCode {
    static let lintCodes: [DiagnosticCode] = []
}

// Diagnostic codes of lifecycles (E05xx/W05xx), sorted by id.

extension DiagnosticCode {
    static let lifecycleCodes: [DiagnosticCode] = []
}

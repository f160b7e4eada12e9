// Diagnostic codes of rule interaction (E08xx/W08xx), sorted by id.

extension DiagnosticCode {
    static let cascadeCodes: [DiagnosticCode] = []
}

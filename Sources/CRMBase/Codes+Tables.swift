// Diagnostic codes of decision tables and scores (E07xx/W07xx), sorted by id.

extension DiagnosticCode {
    static let tableCodes: [DiagnosticCode] = []
}

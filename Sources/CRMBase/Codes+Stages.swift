// Diagnostic codes of the later checker stages: lifecycles (E05xx/W05xx), rules and
// actions (E06xx/W06xx), decision tables (E07xx/W07xx), rule interaction (E08xx/W08xx)
// and lints (W09xx). Sorted by id within each block.

extension DiagnosticCode {
    static let lifecycleCodes: [DiagnosticCode] = []
    static let ruleCodes: [DiagnosticCode] = []
    static let tableCodes: [DiagnosticCode] = []
    static let cascadeCodes: [DiagnosticCode] = []
    static let lintCodes: [DiagnosticCode] = []
}

// JSONRenderer owns crm's own machine-readable diagnostic format (`--format json`),
// a single versioned JSON document; the schema is documented below.
//
// Schema, version 1 (keys always appear in this order; pretty-printed, 2-space indent):
//
//   {
//     "version": 1,
//     "diagnostics": [
//       {
//         "code": "E0201",              stable id, see `crm explain`
//         "name": "expected-token",     kebab-case name of the code
//         "severity": "error",          "error" | "warning" | "note"
//         "message": "...",
//         "file": "Samples/leads.crm",  path as given on the command line; null when the
//                                       diagnostic has no position (then every position
//                                       field below is null too)
//         "line": 12,                   1-based
//         "column": 8,                  1-based, in Unicode scalars (as editors count)
//         "byteColumn": 10,             1-based, in UTF-8 bytes
//         "endLine": 12,                position just after the span (exclusive end)
//         "endColumn": 12,
//         "endByteColumn": 14,
//         "label": "expected `:`",      text of the primary label, or null
//         "secondary": [                other labelled spans, in order
//           {"file", "line", "column", "endLine", "endColumn", "label"}
//         ],
//         "notes": ["..."],
//         "help": "...",                or null
//         "fixIts": [                   machine-applicable edits: replace the range
//           {"file", "line", "column", "endLine", "endColumn", "replacement"}
//         ]
//       }
//     ],
//     "summary": {"errors": 2, "warnings": 1, "files": 3}
//   }
//
// Strings escape `"`, `\`, control characters and U+2028/2029 as \uXXXX; other non-ASCII
// text is plain UTF-8. The document ends with a newline.

/// Renders diagnostics as one JSON document (schema at the top of this file).
public struct JSONRenderer: Sendable {
    public init() {}

    /// `render(_:sources:fileCount:)` returns the document for `diagnostics` (in the order
    /// given); `fileCount` is the number of files checked, reported in `summary`.
    public func render(_ diagnostics: [Diagnostic], sources: SourceSet, fileCount: Int) -> String {
        let summary: JSONValue = .object([
            ("errors", .int(diagnostics.errorCount)),
            ("warnings", .int(diagnostics.warningCount)),
            ("files", .int(fileCount)),
        ])
        return JSONWriter.document(.object([
            ("version", .int(1)),
            ("diagnostics", .array(diagnostics.map { value(of: $0, sources: sources) })),
            ("summary", summary),
        ]))
    }

    /// `value(of:sources:)` is the JSON object of one diagnostic.
    func value(of d: Diagnostic, sources: SourceSet) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("code", .string(d.code.id)),
            ("name", .string(d.code.name)),
            ("severity", .string(d.severity.rawValue)),
            ("message", .string(d.message)),
        ]
        let r = ResolvedSpan(d.primary.span, in: sources)
        members += [
            ("file", .optional(r?.file.path)),
            ("line", int(r?.start.line)),
            ("column", int(r?.start.column)),
            ("byteColumn", int(r?.start.byteColumn)),
            ("endLine", int(r?.end.line)),
            ("endColumn", int(r?.end.column)),
            ("endByteColumn", int(r?.end.byteColumn)),
            ("label", .optional(d.primary.text)),
        ]
        let secondary = d.secondary.map { label -> JSONValue in
            .object(range(label.span, sources: sources) + [("label", .optional(label.text))])
        }
        let fixIts = d.fixIts.map { fix -> JSONValue in
            .object(range(fix.span, sources: sources) + [("replacement", .string(fix.replacement))])
        }
        members += [
            ("secondary", .array(secondary)),
            ("notes", .array(d.notes.map(JSONValue.string))),
            ("help", .optional(d.help)),
            ("fixIts", .array(fixIts)),
        ]
        return .object(members)
    }

    /// `range(_:sources:)` is the file/line/column/endLine/endColumn members of a span,
    /// all null when the span points at no file.
    func range(_ span: Span, sources: SourceSet) -> [(String, JSONValue)] {
        let r = ResolvedSpan(span, in: sources)
        return [
            ("file", .optional(r?.file.path)),
            ("line", int(r?.start.line)),
            ("column", int(r?.start.column)),
            ("endLine", int(r?.end.line)),
            ("endColumn", int(r?.end.column)),
        ]
    }

    func int(_ i: Int?) -> JSONValue { i.map(JSONValue.int) ?? .null }
}

// SARIFRenderer owns the SARIF 2.1.0 form of diagnostics (`--format sarif`), the format
// code-scanning services (GitHub, Azure DevOps, IDE viewers) import.

/// Renders diagnostics as one SARIF 2.1.0 log with a single run.
///
/// - `tool.driver.rules` holds one reporting descriptor per distinct code used, sorted by
///   id; each result refers to its rule by `ruleId` and `ruleIndex`.
/// - Regions use 1-based lines and Unicode-scalar columns (`run.columnKind` is
///   `"unicodeCodePoints"`); `endColumn` is the column just after the region, as SARIF
///   defines it. A zero-length span has `startColumn == endColumn`.
/// - `artifactLocation.uri` is the file's path as given, with `\` turned into `/` and
///   characters that URIs do not allow (spaces, `%`, `:`, `#`, `?`, non-ASCII, ...)
///   percent-encoded as UTF-8, so `客户.crm` becomes `%E5%AE%A2%E6%88%B7.crm`.
/// - Secondary labels become `relatedLocations`, fix-its become `fixes`, and notes and help
///   are appended to `message.text` as `note: ...` / `help: ...` lines.
/// - A diagnostic with no position has an empty `locations` array.
public struct SARIFRenderer: Sendable {
    /// `tool.driver.name`.
    public var toolName = "crm"
    /// `tool.driver.informationUri`: where people can learn about the tool.
    public var informationUri = "https://example.invalid/crm"
    /// `tool.driver.version`, omitted when nil.
    public var toolVersion: String?

    public init(toolVersion: String? = nil) { self.toolVersion = toolVersion }

    /// `render(_:sources:)` returns the SARIF log for `diagnostics`, in the order given.
    public func render(_ diagnostics: [Diagnostic], sources: SourceSet) -> String {
        var codes: [DiagnosticCode] = []
        for d in diagnostics where !codes.contains(d.code) { codes.append(d.code) }
        codes.sort { $0.id < $1.id }
        let ruleIndex = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1.id, $0) })

        var driver: [(String, JSONValue)] = [("name", .string(toolName))]
        if let v = toolVersion { driver.append(("version", .string(v))) }
        driver += [
            ("informationUri", .string(informationUri)),
            ("rules", .array(codes.map(rule))),
        ]
        let results = diagnostics.map { result($0, ruleIndex: ruleIndex[$0.code.id] ?? 0, sources: sources) }
        let run: JSONValue = .object([
            ("tool", .object([("driver", .object(driver))])),
            ("columnKind", .string("unicodeCodePoints")),
            ("results", .array(results)),
        ])
        return JSONWriter.document(.object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([run])),
        ]))
    }

    /// `rule(_:)` is the reporting descriptor of one diagnostic code.
    func rule(_ code: DiagnosticCode) -> JSONValue {
        .object([
            ("id", .string(code.id)),
            ("name", .string(code.name)),
            ("shortDescription", .object([("text", .string(code.summary))])),
            ("fullDescription", .object([("text", .string(code.explanation))])),
            ("defaultConfiguration", .object([("level", .string(level(code.defaultSeverity)))])),
        ])
    }

    /// `result(_:ruleIndex:sources:)` is the SARIF result of one diagnostic.
    func result(_ d: Diagnostic, ruleIndex: Int, sources: SourceSet) -> JSONValue {
        var text = d.message
        for note in d.notes { text += "\nnote: " + note }
        if let help = d.help { text += "\nhelp: " + help }
        var members: [(String, JSONValue)] = [
            ("ruleId", .string(d.code.id)),
            ("ruleIndex", .int(ruleIndex)),
            ("level", .string(level(d.severity))),
            ("message", .object([("text", .string(text))])),
        ]
        let primary = ResolvedSpan(d.primary.span, in: sources).map { physicalLocation($0) }
        members.append(("locations", .array(primary.map { [.object([("physicalLocation", $0)])] } ?? [])))

        var related: [JSONValue] = []
        for label in d.secondary {
            guard let r = ResolvedSpan(label.span, in: sources) else { continue }
            var location: [(String, JSONValue)] = [("id", .int(related.count)), ("physicalLocation", physicalLocation(r))]
            if let t = label.text { location.append(("message", .object([("text", .string(t))]))) }
            related.append(.object(location))
        }
        if !related.isEmpty { members.append(("relatedLocations", .array(related))) }

        let fixes = d.fixIts.compactMap { fix -> JSONValue? in
            guard let r = ResolvedSpan(fix.span, in: sources) else { return nil }
            let replacement: JSONValue = .object([
                ("deletedRegion", region(r)),
                ("insertedContent", .object([("text", .string(fix.replacement))])),
            ])
            let change: JSONValue = .object([
                ("artifactLocation", .object([("uri", .string(Self.uri(r.file.path)))])),
                ("replacements", .array([replacement])),
            ])
            return .object([("artifactChanges", .array([change]))])
        }
        if !fixes.isEmpty { members.append(("fixes", .array(fixes))) }
        return .object(members)
    }

    func physicalLocation(_ r: ResolvedSpan) -> JSONValue {
        .object([
            ("artifactLocation", .object([("uri", .string(Self.uri(r.file.path)))])),
            ("region", region(r)),
        ])
    }

    func region(_ r: ResolvedSpan) -> JSONValue {
        .object([
            ("startLine", .int(r.start.line)),
            ("startColumn", .int(r.start.column)),
            ("endLine", .int(r.end.line)),
            ("endColumn", .int(r.end.column)),
        ])
    }

    func level(_ s: Severity) -> String {
        switch s {
        case .error: "error"
        case .warning: "warning"
        case .note: "note"
        }
    }

    /// `uri(_:)` turns a file path into a relative URI reference: forward slashes, and
    /// every byte outside RFC 3986 unreserved characters, sub-delims, `@` and `/`
    /// percent-encoded.
    static func uri(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            let c = byte == UInt8(ascii: "\\") ? UInt8(ascii: "/") : byte
            if isAllowed(c) {
                out.unicodeScalars.append(Unicode.Scalar(c))
            } else {
                let hex = String(c, radix: 16, uppercase: true)
                out += "%" + (hex.count < 2 ? "0" : "") + hex
            }
        }
        return out
    }

    static func isAllowed(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "-._~!$&'()*+,;=@/".utf8.contains(c)
        }
    }
}

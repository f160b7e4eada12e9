// LineLayout owns how one source line is drawn in a terminal snippet: the printable text
// (tabs expanded, controls made visible) and the display column of every byte offset.

/// One source line laid out for printing, so carets can be placed under any byte offset.
///
/// Drawing rules: a tab becomes spaces up to the next multiple of `tabWidth`; C0/C1 control
/// characters become one-column Unicode control pictures (U+2400 + code, `␡` for DEL, `�` for
/// C1) so that raw escape sequences in a file never reach the terminal; bidirectional
/// formatting controls (U+061C, U+200E/F, U+202A-202E, U+2066-2069) are dropped, as they
/// could reorder what is shown (CVE-2021-42574); invalid UTF-8 bytes draw as `�`. Everything
/// else is drawn as is and measured with `DisplayWidth.of(_:)`.
struct LineLayout {
    /// The printable text of the line.
    let text: String
    /// `columns[i]` is the 0-based display column at which the scalar containing byte `i`
    /// of the line starts; `columns[count]` is the width of the whole line.
    private let columns: [Int]

    /// Total display width of the line.
    var width: Int { columns[columns.count - 1] }

    /// `init(bytes:tabWidth:)` lays out `bytes`, one line without its line terminator.
    init<C: Collection>(bytes: C, tabWidth: Int) where C.Element == UInt8 {
        var text = ""
        var columns: [Int] = []
        columns.reserveCapacity(bytes.count + 1)
        var column = 0
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        decoding: while true {
            let scalar: Unicode.Scalar
            let length: Int
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                scalar = Unicode.UTF8.decode(encoded)
                length = encoded.count
            case .error(let n):
                scalar = "\u{FFFD}"
                length = n
            case .emptyInput:
                break decoding
            }
            columns.append(contentsOf: repeatElement(column, count: length))
            let (drawn, advance) = LineLayout.draw(scalar, at: column, tabWidth: tabWidth)
            text += drawn
            column += advance
        }
        columns.append(column)
        self.text = text
        self.columns = columns
    }

    /// `column(atByte:)` returns the display column of byte `offset` of the line, clamped
    /// to `0...width` (offsets past the end, such as a `\r` or `\n`, map to the end).
    func column(atByte offset: Int) -> Int {
        columns[max(0, min(offset, columns.count - 1))]
    }

    /// `indentWidth` is the display column of the first non-blank character, or `width`.
    var indentWidth: Int {
        var column = 0
        for scalar in text.unicodeScalars {
            guard scalar == " " else { return column }
            column += 1
        }
        return column
    }

    /// `draw(_:at:tabWidth:)` returns the text drawn for `scalar` at display column
    /// `column` and the number of columns it takes.
    static func draw(_ scalar: Unicode.Scalar, at column: Int, tabWidth: Int) -> (String, Int) {
        let v = scalar.value
        if scalar == "\t" {
            let n = DisplayWidth.advance(scalar, from: column, tabWidth: tabWidth) - column
            return (String(repeating: " ", count: n), n)
        }
        if v < 0x20 { return (String(Unicode.Scalar(0x2400 + v) ?? "\u{FFFD}"), 1) }
        if v == 0x7F { return ("\u{2421}", 1) }
        if v >= 0x80 && v <= 0x9F { return ("\u{FFFD}", 1) }
        if isBidiControl(v) { return ("", 0) }
        return (String(scalar), DisplayWidth.of(scalar))
    }

    /// Bidirectional formatting controls, which can make shown code differ from real code.
    static func isBidiControl(_ v: UInt32) -> Bool {
        v == 0x061C || v == 0x200E || v == 0x200F || (0x202A...0x202E).contains(v)
            || (0x2066...0x2069).contains(v)
    }
}

/// A span resolved against a `SourceSet`: its file, byte offsets and start/end locations.
/// Shared by the machine-readable renderers (JSON, SARIF, GitHub).
struct ResolvedSpan {
    let file: SourceFile
    let startOffset: Int
    /// Exclusive end offset, never before `startOffset`.
    let endOffset: Int
    let start: Location
    /// The location just after the last byte (exclusive end, as SARIF defines it).
    let end: Location

    /// `init(_:in:)` resolves `span`, or fails for `Span.none` and positions in no file.
    /// An end outside the start's file or before the start is clamped.
    init?(_ span: Span, in sources: SourceSet) {
        guard let file = sources.file(containing: span.start) else { return nil }
        self.file = file
        startOffset = file.offset(span.start)
        let endsHere = span.end.isValid && file.contains(span.end)
        endOffset = endsHere ? max(startOffset, file.offset(span.end)) : startOffset
        start = file.location(of: file.pos(startOffset))
        end = file.location(of: file.pos(endOffset))
    }
}

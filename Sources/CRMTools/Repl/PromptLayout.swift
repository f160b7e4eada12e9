// PromptLayout owns where the prompt and the entry land on the screen: it lays the text
// out in display columns (CJK characters take two, combining marks none; a wide
// character that does not fit at the right margin moves to the next row, as terminals
// do), and produces the bytes that redraw the entry and put the cursor back on the
// right cell. The editor redraws the whole entry after every key (clear to the end of
// the screen, draw, move the cursor), which stays correct across wrapping and rows.
// Pure, so the arithmetic is tested without a terminal.
import CRMBase

/// The drawing of one entry and where it leaves the cursor.
public struct PromptLayout: Equatable, Sendable {
    /// Bytes that draw prompt and entry from the first row's column 0, then move the
    /// cursor to its cell.
    public var drawing: String
    /// Rows below the first on which the drawing ends and on which the cursor sits.
    public var endRow: Int
    public var cursorRow: Int
    public var cursorColumn: Int

    /// Columns a character takes.
    public static func width(of ch: Character) -> Int {
        ch.unicodeScalars.reduce(0) { $0 + DisplayWidth.of($1) }
    }

    /// `make(prompt:continuation:buffer:width:)` lays out `buffer` after `prompt` (each
    /// further row after `continuation`) on a terminal `width` columns wide.
    public static func make(prompt: String, continuation: String, buffer: LineBuffer, width: Int) -> PromptLayout {
        let columns = max(1, width)
        var out = ""
        var row = 0, col = 0
        func put(_ ch: Character) {
            let w = Self.width(of: ch)
            if w > 0, col > 0, col + w > columns { row += 1; col = 0 }
            out.append(ch)
            col += w
        }
        var cursorAt: (row: Int, col: Int)?
        func markCursor() { cursorAt = col >= columns ? (row + 1, 0) : (row, col) }
        for ch in prompt { put(ch) }
        for (i, ch) in buffer.characters.enumerated() {
            if i == buffer.cursor { markCursor() }
            if ch == "\n" {
                out += "\r\n"
                row += 1
                col = 0
                for p in continuation { put(p) }
            } else {
                put(ch)
            }
        }
        if buffer.cursor >= buffer.characters.count { markCursor() }
        // A row filled to the margin leaves the terminal waiting to wrap; step onto the
        // next row so that the cursor's position is known.
        if col >= columns {
            out += "\r\n"
            row += 1
            col = 0
        }
        let cursor = cursorAt ?? (row, col)
        if row > cursor.row { out += "\u{1B}[\(row - cursor.row)A" }
        out += "\r"
        if cursor.col > 0 { out += "\u{1B}[\(cursor.col)C" }
        return PromptLayout(drawing: out, endRow: row, cursorRow: cursor.row, cursorColumn: cursor.col)
    }

    /// `columns(_:width:)` arranges completion candidates in rows of equal-width columns
    /// (by display width), as a shell lists them.
    public static func columns(_ items: [String], width: Int) -> [String] {
        guard !items.isEmpty else { return [] }
        let widest = items.map { DisplayWidth.of($0) }.max() ?? 0
        let cell = widest + 2
        let perRow = max(1, width / max(1, cell))
        var rows: [String] = []
        var i = 0
        while i < items.count {
            let slice = items[i..<min(i + perRow, items.count)]
            var line = ""
            for (k, item) in slice.enumerated() {
                line += item
                if k < slice.count - 1 { line += String(repeating: " ", count: cell - DisplayWidth.of(item)) }
            }
            rows.append(line)
            i += perRow
        }
        return rows
    }
}

// LineBuffer owns the text being edited at the REPL prompt and every editing operation
// on it, with no terminal involved (so each key's effect is unit-tested). The text is
// kept as Characters (grapheme clusters): one cursor step over `李` or `👍🏽` is one
// step, never half a character. An entry may span rows (a record typed over several
// lines); Home/End and the kill commands work on the cursor's row, as in a shell.

/// The edited text and the cursor (an index into `characters`, 0…count).
public struct LineBuffer: Equatable, Sendable {
    public private(set) var characters: [Character]
    public private(set) var cursor: Int

    public init(_ text: String = "", cursor: Int? = nil) {
        characters = Array(text)
        self.cursor = min(max(0, cursor ?? characters.count), characters.count)
    }

    public var text: String { String(characters) }
    public var isEmpty: Bool { characters.isEmpty }

    // MARK: Rows (separated by "\n")

    /// Start of the cursor's row.
    var rowStart: Int {
        var i = cursor
        while i > 0, characters[i - 1] != "\n" { i -= 1 }
        return i
    }

    /// End of the cursor's row (the index of its "\n", or the end).
    var rowEnd: Int {
        var i = cursor
        while i < characters.count, characters[i] != "\n" { i += 1 }
        return i
    }

    /// The 0-based row of the cursor.
    public var row: Int { characters[..<cursor].filter { $0 == "\n" }.count }
    /// The number of rows (1 for a one-line entry).
    public var rowCount: Int { characters.filter { $0 == "\n" }.count + 1 }

    // MARK: Insertion

    /// Inserts text at the cursor. Control characters other than newline are dropped
    /// and a tab becomes spaces, so the buffer only holds what the prompt can draw.
    public mutating func insert(_ s: String) {
        var clean: [Character] = []
        for ch in s {
            if ch == "\t" { clean += [" ", " "]; continue }
            if ch == "\r\n" || ch == "\r" { clean.append("\n"); continue }
            if ch == "\n" { clean.append(ch); continue }
            if ch.unicodeScalars.allSatisfy({ $0.value < 0x20 || ($0.value >= 0x7F && $0.value <= 0x9F) }) { continue }
            clean.append(ch)
        }
        characters.insert(contentsOf: clean, at: cursor)
        cursor += clean.count
    }

    /// Replaces the characters in `range` (clamped) and puts the cursor after the new text.
    public mutating func replace(_ range: Range<Int>, with s: String) {
        let lo = min(max(0, range.lowerBound), characters.count)
        let hi = min(max(lo, range.upperBound), characters.count)
        characters.removeSubrange(lo..<hi)
        cursor = lo
        insert(s)
    }

    // MARK: Movement

    public mutating func moveLeft() { if cursor > 0 { cursor -= 1 } }
    public mutating func moveRight() { if cursor < characters.count { cursor += 1 } }
    /// Ctrl-A / Home: start of the cursor's row.
    public mutating func moveHome() { cursor = rowStart }
    /// Ctrl-E / End: end of the cursor's row.
    public mutating func moveEnd() { cursor = rowEnd }
    public mutating func moveToEnd() { cursor = characters.count }

    /// Up within a multi-row entry, keeping the column as far as the row allows; false
    /// on the first row (then Up means history).
    public mutating func moveUp() -> Bool {
        let start = rowStart
        guard start > 0 else { return false }
        let column = cursor - start
        var prevStart = start - 1
        while prevStart > 0, characters[prevStart - 1] != "\n" { prevStart -= 1 }
        cursor = min(prevStart + column, start - 1)
        return true
    }

    /// Down within a multi-row entry; false on the last row (then Down means history).
    public mutating func moveDown() -> Bool {
        let end = rowEnd
        guard end < characters.count else { return false }
        let column = cursor - rowStart
        let nextStart = end + 1
        var nextEnd = nextStart
        while nextEnd < characters.count, characters[nextEnd] != "\n" { nextEnd += 1 }
        cursor = min(nextStart + column, nextEnd)
        return true
    }

    /// Alt-B / Ctrl-Left: to the start of the previous word.
    public mutating func wordLeft() {
        while cursor > 0, !Self.isWordCharacter(characters[cursor - 1]) { cursor -= 1 }
        while cursor > 0, Self.isWordCharacter(characters[cursor - 1]) { cursor -= 1 }
    }

    /// Alt-F / Ctrl-Right: to the end of the next word.
    public mutating func wordRight() {
        while cursor < characters.count, !Self.isWordCharacter(characters[cursor]) { cursor += 1 }
        while cursor < characters.count, Self.isWordCharacter(characters[cursor]) { cursor += 1 }
    }

    // MARK: Deletion

    /// Backspace: deletes the character before the cursor; false if there is none.
    @discardableResult public mutating func backspace() -> Bool {
        guard cursor > 0 else { return false }
        characters.remove(at: cursor - 1)
        cursor -= 1
        return true
    }

    /// Delete / Ctrl-D on a non-empty entry: deletes the character under the cursor.
    @discardableResult public mutating func deleteForward() -> Bool {
        guard cursor < characters.count else { return false }
        characters.remove(at: cursor)
        return true
    }

    /// Ctrl-K: deletes from the cursor to the end of its row (at a row's end, joins the
    /// next row); returns what was deleted, for Ctrl-Y.
    public mutating func killToEnd() -> String {
        var end = rowEnd
        if end == cursor, end < characters.count { end += 1 }
        let killed = String(characters[cursor..<end])
        characters.removeSubrange(cursor..<end)
        return killed
    }

    /// Ctrl-U: deletes from the start of the cursor's row to the cursor.
    public mutating func killToStart() -> String {
        let start = rowStart
        let killed = String(characters[start..<cursor])
        characters.removeSubrange(start..<cursor)
        cursor = start
        return killed
    }

    /// Ctrl-W: deletes the whitespace-delimited word before the cursor (and the blanks
    /// after it), as a shell does.
    public mutating func deleteWordBackward() -> String {
        var start = cursor
        while start > 0, characters[start - 1] == " " { start -= 1 }
        while start > 0, characters[start - 1] != " ", characters[start - 1] != "\n" { start -= 1 }
        let killed = String(characters[start..<cursor])
        characters.removeSubrange(start..<cursor)
        cursor = start
        return killed
    }

    // MARK: Words (for completion)

    /// The name being typed before the cursor: its start index and text. A name is what
    /// the language calls one (any script), plus `#digits` for records (`Lead#1`) and a
    /// leading `:` (`:quit`).
    public func wordBeforeCursor() -> (start: Int, text: String) {
        var start = cursor
        while start > 0 {
            let ch = characters[start - 1]
            if Self.isWordCharacter(ch) || ch == "#" { start -= 1; continue }
            if ch == ":", start - 1 == 0 { start -= 1 }
            break
        }
        return (start, String(characters[start..<cursor]))
    }

    static func isWordCharacter(_ ch: Character) -> Bool {
        ch.unicodeScalars.allSatisfy(ReplInput.isNameScalar)
    }
}

// LineEditor owns reading one REPL entry from a terminal: it puts the terminal in raw
// mode for the entry (and restores it however the entry ends), decodes keys, applies
// them to a LineBuffer, walks the history with Up/Down, completes names with Tab and
// redraws the entry through PromptLayout after every key.
//
// Keys: ←/→ Ctrl-B/F move; Home/End Ctrl-A/E go to the row's start/end; Alt-B/F and
// Ctrl-←/→ move by words; Backspace, Delete; Ctrl-K/U kill to the row's end/start and
// Ctrl-W the word before the cursor, Ctrl-Y yanks the last kill; ↑/↓ Ctrl-P/N move
// between rows, then through history; Tab completes (a second list shows the choices);
// Ctrl-L clears the screen; Ctrl-C cancels the entry; Ctrl-D on an empty entry ends
// the session (else deletes forward); Enter submits once every bracket is closed,
// otherwise starts a new row.

/// What Tab may insert: the candidates for the name that starts at `start` (a
/// character index) and ends at the cursor.
public struct Completion: Equatable, Sendable {
    public var start: Int
    public var candidates: [String]
    public init(start: Int, candidates: [String]) {
        self.start = start
        self.candidates = candidates
    }
}

/// Reads entries from a terminal.
public final class LineEditor {
    /// How an entry ended.
    public enum Outcome: Equatable, Sendable {
        case entry(String)
        /// Ctrl-C: the entry was dropped.
        case cancelled
        /// Ctrl-D on an empty entry, or the input closed.
        case endOfInput
    }

    let terminal: any TerminalDevice
    public var history: ReplHistory
    /// Where accepted entries are appended; nil keeps history in memory only.
    public var historyPath: String?
    /// Candidates for Tab, given the entry's text and the cursor (a character index).
    public var completer: (String, Int) -> Completion = { _, cursor in Completion(start: cursor, candidates: []) }

    var decoder = KeyDecoder()
    /// Keys read past the end of the previous entry (a pasted block of lines).
    var queued: [Key] = []
    var killed = ""
    var buffer = LineBuffer()
    var cursorRow = 0
    var lastKeyWasTab = false
    var prompt = ""
    var continuation = ""

    public init(terminal: any TerminalDevice, history: ReplHistory = ReplHistory(), historyPath: String? = nil) {
        self.terminal = terminal
        self.history = history
        self.historyPath = historyPath
    }

    /// `read(prompt:continuation:)` edits one entry; nil if the terminal refuses raw mode.
    public func read(prompt: String, continuation: String) -> Outcome? {
        guard terminal.enterRaw() else { return nil }
        defer { terminal.restore() }
        self.prompt = prompt
        self.continuation = continuation
        buffer = LineBuffer()
        cursorRow = 0
        lastKeyWasTab = false
        refresh()
        while true {
            if queued.isEmpty {
                let bytes = terminal.readInput()
                if bytes.isEmpty {
                    if !decoder.hasPending { finishEntry(); return .endOfInput }
                    queued += decoder.flush()
                } else {
                    queued += decoder.feed(bytes)
                    // A lone ESC may be the start of an arrow key: wait briefly for the rest.
                    if decoder.hasPending, !terminal.hasInput(withinMilliseconds: 40) { queued += decoder.flush() }
                }
            }
            while !queued.isEmpty {
                let key = queued.removeFirst()
                if let outcome = apply(key) { return outcome }
            }
        }
    }

    /// Applies one key; returns the outcome when the key ends the entry.
    func apply(_ key: Key) -> Outcome? {
        let wasTab = lastKeyWasTab
        lastKeyWasTab = false
        switch key {
        case .text(let s): buffer.insert(s)
        case .enter:
            if ReplInput.isComplete(buffer.text) {
                let entry = buffer.text
                finishEntry()
                if history.add(entry), let path = historyPath { ReplHistory.append(entry, path: path) }
                return .entry(entry)
            }
            buffer.insert("\n")
        case .tab:
            complete(listing: wasTab)
            lastKeyWasTab = true
            return nil
        case .backspace: buffer.backspace()
        case .delete: buffer.deleteForward()
        case .left: buffer.moveLeft()
        case .right: buffer.moveRight()
        case .home: buffer.moveHome()
        case .end: buffer.moveEnd()
        case .wordLeft: buffer.wordLeft()
        case .wordRight: buffer.wordRight()
        case .up:
            if !buffer.moveUp(), let entry = history.previous(current: buffer.text) { buffer = LineBuffer(entry) }
        case .down:
            if !buffer.moveDown(), let entry = history.next() { buffer = LineBuffer(entry) }
        case .control(let c):
            switch c {
            case "c":
                finishEntry(marker: "^C")
                history.reset()
                return .cancelled
            case "d":
                if buffer.isEmpty { finishEntry(); return .endOfInput }
                buffer.deleteForward()
            case "k": killed = buffer.killToEnd()
            case "u": killed = buffer.killToStart()
            case "w": killed = buffer.deleteWordBackward()
            case "y": buffer.insert(killed)
            case "l":
                terminal.write("\u{1B}[H\u{1B}[2J")
                cursorRow = 0
            default: break
            }
        case .unknown: break
        }
        refresh()
        return nil
    }

    /// Redraws the entry from its first row.
    func refresh() {
        let layout = PromptLayout.make(prompt: prompt, continuation: continuation, buffer: buffer, width: terminal.width)
        var out = cursorRow > 0 ? "\r\u{1B}[\(cursorRow)A" : "\r"
        out += "\u{1B}[J" + layout.drawing
        terminal.write(out)
        cursorRow = layout.cursorRow
    }

    /// Leaves the cursor on a fresh line below the entry (after `marker`, e.g. `^C`),
    /// so that output never overwrites a long or multi-row entry.
    func finishEntry(marker: String = "") {
        let layout = PromptLayout.make(prompt: prompt, continuation: continuation, buffer: buffer, width: terminal.width)
        let rowsBelow = layout.endRow - layout.cursorRow
        terminal.write((rowsBelow > 0 ? "\u{1B}[\(rowsBelow)B" : "") + marker + "\r\n")
        cursorRow = 0
    }

    /// Tab: completes the name before the cursor as far as the candidates agree; on a
    /// second Tab with several candidates, lists them under the entry.
    func complete(listing: Bool) {
        let completion = completer(buffer.text, buffer.cursor)
        // A completer's start past the cursor would make an invalid range: clamp it.
        let start = min(max(0, completion.start), buffer.cursor)
        let typed = String(buffer.characters[start..<buffer.cursor])
        let candidates = completion.candidates
        guard !candidates.isEmpty else { terminal.write("\u{7}"); return }
        if candidates.count == 1, let only = candidates.first {
            buffer.replace(start..<buffer.cursor, with: only)
            refresh()
            return
        }
        let common = Self.commonPrefix(candidates)
        if common.count > typed.count {
            buffer.replace(start..<buffer.cursor, with: common)
            refresh()
            return
        }
        guard listing else { terminal.write("\u{7}"); return }
        let shown = Array(candidates.prefix(200))
        var text = ""
        for row in PromptLayout.columns(shown, width: terminal.width) { text += row + "\r\n" }
        if candidates.count > shown.count { text += "… \(candidates.count - shown.count) more\r\n" }
        finishEntry()
        terminal.write(text)
        refresh()
    }

    /// The longest prefix (in Characters) shared by every string.
    public static func commonPrefix(_ items: [String]) -> String {
        guard var prefix = items.first.map(Array.init) else { return "" }
        for item in items.dropFirst() {
            let chars = Array(item)
            var n = 0
            while n < prefix.count, n < chars.count, prefix[n] == chars[n] { n += 1 }
            prefix.removeLast(prefix.count - n)
        }
        return String(prefix)
    }
}

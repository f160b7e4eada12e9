// ReplEditorTests pin the REPL line editor's pure parts without a terminal: LineBuffer's
// editing operations (CJK characters as single steps, rows, kills), KeyDecoder (UTF-8
// split across reads, escape sequences), PromptLayout (display width, wrapping of wide
// characters, cursor placement), history walking and its file escaping, completion's
// common prefix, and ReplInput's bracket balance. Then the editor itself driven by a
// scripted terminal: keys in, entry and screen bytes out.
import XCTest
import CRMTools

final class ReplEditorTests: XCTestCase {
    // MARK: LineBuffer

    func testInsertAndMoveByCharacters() {
        var b = LineBuffer()
        b.insert("name: 李雷")
        XCTAssertEqual(b.cursor, 8)
        b.moveLeft(); b.moveLeft()
        b.insert("韩")
        XCTAssertEqual(b.text, "name: 韩李雷")
        XCTAssertEqual(b.cursor, 7)
        b.moveHome()
        XCTAssertEqual(b.cursor, 0)
        b.moveEnd()
        XCTAssertEqual(b.cursor, 9)
        b.moveRight()   // at the end: stays
        XCTAssertEqual(b.cursor, 9)
    }

    func testEmojiWithModifierIsOneStep() {
        var b = LineBuffer("a👍🏽b")
        b.moveLeft(); b.moveLeft()
        XCTAssertTrue(b.backspace())
        XCTAssertEqual(b.text, "👍🏽b")
        XCTAssertTrue(b.deleteForward())
        XCTAssertEqual(b.text, "b")
    }

    func testKillsAndYank() {
        var b = LineBuffer("update l1 { score: 85 }", cursor: 10)
        XCTAssertEqual(b.killToEnd(), "{ score: 85 }")
        XCTAssertEqual(b.text, "update l1 ")
        XCTAssertEqual(b.deleteWordBackward(), "l1 ")
        XCTAssertEqual(b.text, "update ")
        XCTAssertEqual(b.killToStart(), "update ")
        XCTAssertTrue(b.isEmpty)
        XCTAssertFalse(b.backspace())
    }

    func testControlCharactersAreDroppedAndTabsBecomeSpaces() {
        var b = LineBuffer()
        b.insert("a\u{7}\tb\r\nc")
        XCTAssertEqual(b.text, "a  b\nc")
    }

    func testRowsForMultiLineEntries() {
        var b = LineBuffer("create Lead {\n  name: \"李雷\"\n}")
        XCTAssertEqual(b.rowCount, 3)
        XCTAssertEqual(b.row, 2)
        XCTAssertTrue(b.moveUp())
        XCTAssertEqual(b.row, 1)
        b.moveHome()
        XCTAssertEqual(b.cursor, 14)   // after "create Lead {\n"
        b.moveEnd()
        XCTAssertEqual(b.cursor, 26)
        XCTAssertTrue(b.moveUp())
        XCTAssertFalse(b.moveUp())      // first row: Up goes to history instead
        XCTAssertEqual(b.row, 0)
        // Ctrl-K at the end of a row joins the next one.
        b.moveEnd()
        XCTAssertEqual(b.killToEnd(), "\n")
        XCTAssertEqual(b.rowCount, 2)
    }

    func testWordMovesAndWordBeforeCursor() {
        var b = LineBuffer("move Lead#12 to 已联")
        XCTAssertEqual(b.wordBeforeCursor().text, "已联")
        b.wordLeft(); b.wordLeft()
        XCTAssertEqual(b.cursor, 13)   // start of "to"
        b.wordLeft()                   // `#` separates words: to the start of "12"
        XCTAssertEqual(b.cursor, 10)
        XCTAssertEqual(b.wordBeforeCursor().text, "Lead#")
        b.wordRight()
        XCTAssertEqual(b.wordBeforeCursor().text, "Lead#12")
        var q = LineBuffer(":qu")
        XCTAssertEqual(q.wordBeforeCursor().text, ":qu")
        q.insert("it")
        XCTAssertEqual(q.wordBeforeCursor().start, 0)
        let r = LineBuffer("show Lead#1")
        XCTAssertEqual(r.wordBeforeCursor().text, "Lead#1")
    }

    // MARK: KeyDecoder

    func testDecodesUTF8SplitAcrossReads() {
        var d = KeyDecoder()
        let bytes = Array("李雷".utf8)
        XCTAssertEqual(d.feed(Array(bytes[0..<2])), [])
        XCTAssertTrue(d.hasPending)
        XCTAssertEqual(d.feed(Array(bytes[2...])), [.text("李雷")])
        XCTAssertFalse(d.hasPending)
    }

    func testDecodesKeys() {
        var d = KeyDecoder()
        let keys = d.feed(Array("a\u{1B}[D\u{1B}[C\u{1B}OH\u{1B}[F\u{1B}[3~\u{1B}[1;5D\u{1B}b\u{1}\u{5}\u{B}\u{15}\u{17}\u{3}\u{4}\t\r\u{7F}\u{1B}[A\u{1B}[B".utf8))
        XCTAssertEqual(keys, [.text("a"), .left, .right, .home, .end, .delete, .wordLeft, .wordLeft, .home, .end,
                              .control("k"), .control("u"), .control("w"), .control("c"), .control("d"), .tab, .enter,
                              .backspace, .up, .down])
    }

    func testLoneEscapeWaitsThenFlushes() {
        var d = KeyDecoder()
        XCTAssertEqual(d.feed([0x1B]), [])
        XCTAssertTrue(d.hasPending)
        XCTAssertEqual(d.feed(Array("[A".utf8)), [.up])   // the rest arrived
        XCTAssertEqual(d.feed([0x1B]), [])
        XCTAssertEqual(d.flush(), [])                     // nothing followed: dropped
        XCTAssertFalse(d.hasPending)
    }

    // MARK: PromptLayout

    func testLayoutCountsWideCharactersTwice() {
        let b = LineBuffer("李雷x", cursor: 2)
        let l = PromptLayout.make(prompt: "crm> ", continuation: "...> ", buffer: b, width: 80)
        XCTAssertEqual(l.cursorRow, 0)
        XCTAssertEqual(l.cursorColumn, 9)   // 5 for the prompt + 2 + 2
        XCTAssertEqual(l.endRow, 0)
        XCTAssertTrue(l.drawing.hasPrefix("crm> 李雷x"))
        XCTAssertTrue(l.drawing.hasSuffix("\r\u{1B}[9C"))
    }

    func testWideCharacterAtTheMarginWraps() {
        // Width 8: "crm> " (5) + "ab" (2) leaves one column; 李 does not fit and wraps.
        let b = LineBuffer("ab李")
        let l = PromptLayout.make(prompt: "crm> ", continuation: "", buffer: b, width: 8)
        XCTAssertEqual(l.endRow, 1)
        XCTAssertEqual(l.cursorRow, 1)
        XCTAssertEqual(l.cursorColumn, 2)
    }

    func testFilledRowPutsCursorOnTheNextRow() {
        let b = LineBuffer("abc")
        let l = PromptLayout.make(prompt: "> ", continuation: "", buffer: b, width: 5)
        XCTAssertEqual(l.endRow, 1)
        XCTAssertEqual(l.cursorRow, 1)
        XCTAssertEqual(l.cursorColumn, 0)
        XCTAssertTrue(l.drawing.contains("abc\r\n"))
    }

    func testMultiRowEntryMovesCursorUp() {
        let b = LineBuffer("create Lead {\n  name: \"李\"\n}", cursor: 3)
        let l = PromptLayout.make(prompt: "crm> ", continuation: "...> ", buffer: b, width: 80)
        XCTAssertEqual(l.endRow, 2)
        XCTAssertEqual(l.cursorRow, 0)
        XCTAssertEqual(l.cursorColumn, 8)
        XCTAssertTrue(l.drawing.contains("\r\n...>   name: \"李\"\r\n...> }"))
        XCTAssertTrue(l.drawing.hasSuffix("\u{1B}[2A\r\u{1B}[8C"))
    }

    func testCandidateColumnsAlignByDisplayWidth() {
        let rows = PromptLayout.columns(["官网注册", "抖音广告", "小红书", "a"], width: 24)
        XCTAssertEqual(rows, ["官网注册  抖音广告", "小红书    a"])
    }

    // MARK: History

    func testHistoryWalkKeepsTheDraft() {
        var h = ReplHistory(entries: ["list", "show l1"])
        XCTAssertEqual(h.previous(current: "dra"), "show l1")
        XCTAssertEqual(h.previous(current: "show l1"), "list")
        XCTAssertNil(h.previous(current: "list"))
        XCTAssertEqual(h.next(), "show l1")
        XCTAssertEqual(h.next(), "dra")
        XCTAssertNil(h.next())
        XCTAssertTrue(h.add("undo"))
        XCTAssertFalse(h.add("undo"))    // a repeat of the last is not recorded
        XCTAssertFalse(h.add("   "))
        XCTAssertEqual(h.entries, ["list", "show l1", "undo"])
    }

    func testHistoryFileRoundTripsMultiLineEntries() throws {
        let path = NSTemporaryDirectory() + "crm-history-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let entry = "create Lead {\n  name: \"a\\b\"\n}"
        ReplHistory.append(entry, path: path)
        ReplHistory.append("list", path: path)
        XCTAssertEqual(ReplHistory.load(path: path).entries, [entry, "list"])
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        XCTAssertEqual(ReplHistory.defaultPath(environment: ["CRM_HISTORY": "/x/h", "HOME": "/home/u"]), "/x/h")
        XCTAssertEqual(ReplHistory.defaultPath(environment: ["HOME": "/home/u"]), "/home/u/.crm_history")
        XCTAssertNil(ReplHistory.defaultPath(environment: ["CRM_HISTORY": ""]))
    }

    // MARK: Input balance and completion helpers

    func testEntryContinuesWhileBracketsAreOpen() {
        XCTAssertFalse(ReplInput.isComplete("create Lead {"))
        XCTAssertFalse(ReplInput.isComplete("create Lead { tags: [\"a\","))
        XCTAssertTrue(ReplInput.isComplete("create Lead { name: \"{\" }"))   // a brace in a string
        XCTAssertTrue(ReplInput.isComplete("show Lead#1 # a comment with {"))
        XCTAssertTrue(ReplInput.isComplete("list }"))                        // the parser reports it
        XCTAssertFalse(ReplInput.isComplete("#| open comment"))
    }

    func testCommonPrefixByCharacters() {
        XCTAssertEqual(LineEditor.commonPrefix(["已联系", "已转化"]), "已")
        XCTAssertEqual(LineEditor.commonPrefix(["source", "score"]), "s")
        XCTAssertEqual(LineEditor.commonPrefix(["audit"]), "audit")
    }

    // MARK: The editor on a scripted terminal

    func testEditorAppliesKeysAndRestoresTheTerminal() {
        let term = ScriptedTerminal(["cre", "\t", " Lead { name: \"雷\u{1B}[D李\u{1B}[C\" }", "\r"])
        let editor = LineEditor(terminal: term)
        editor.completer = { text, cursor in
            let word = LineBuffer(text, cursor: cursor).wordBeforeCursor()
            return Completion(start: word.start, candidates: ["create", "clock"].filter { $0.hasPrefix(word.text) })
        }
        XCTAssertEqual(editor.read(prompt: "crm> ", continuation: "...> "), .entry("create Lead { name: \"李雷\" }"))
        XCTAssertEqual(term.rawDepth, 0, "raw mode must be left after the entry")
        XCTAssertEqual(editor.history.entries, ["create Lead { name: \"李雷\" }"])
    }

    func testCtrlCCancelsAndCtrlDEnds() {
        let term = ScriptedTerminal(["abc\u{3}", "x\u{4}", "\u{8}\u{4}"])
        let editor = LineEditor(terminal: term)
        XCTAssertEqual(editor.read(prompt: "> ", continuation: ""), .cancelled)
        XCTAssertTrue(term.output.contains("^C\r\n"))
        // Ctrl-D on a non-empty entry deletes forward (nothing there); after Backspace
        // empties it, Ctrl-D ends the session.
        XCTAssertEqual(editor.read(prompt: "> ", continuation: ""), .endOfInput)
        XCTAssertEqual(term.rawDepth, 0)
    }

    func testEnterInsideBracesContinuesAndUpRecallsHistory() {
        let term = ScriptedTerminal(["create Lead {\r", "name: \"a\" }\r", "\u{1B}[A", "\r"])
        let editor = LineEditor(terminal: term)
        XCTAssertEqual(editor.read(prompt: "crm> ", continuation: "...> "), .entry("create Lead {\nname: \"a\" }"))
        XCTAssertTrue(term.output.contains("\r\n...> name"))
        XCTAssertEqual(editor.read(prompt: "crm> ", continuation: "...> "), .entry("create Lead {\nname: \"a\" }"))
    }
}

/// A terminal that replays scripted reads and records what is written.
final class ScriptedTerminal: TerminalDevice {
    var reads: [[UInt8]]
    var output = ""
    var rawDepth = 0
    let width: Int

    init(_ reads: [String], width: Int = 80) {
        self.reads = reads.map { Array($0.utf8) }
        self.width = width
    }

    func readInput() -> [UInt8] { reads.isEmpty ? [] : reads.removeFirst() }
    func hasInput(withinMilliseconds milliseconds: Int32) -> Bool { !reads.isEmpty }
    func write(_ text: String) { output += text }
    func enterRaw() -> Bool { rawDepth += 1; return true }
    func restore() { rawDepth -= 1 }
}

// ReplPtyTests run the built `crm repl` on a pseudo-terminal (posix_openpt) and type
// keys into it as a person would — a Chinese name, arrow keys, Home/End, Tab, Ctrl-U,
// Ctrl-C, history with ↑, Ctrl-D — then check the screen, interpreted by a small VT100
// emulator (VTScreen below): the entry line as drawn, the cursor's column after wide
// characters, the command's output, the history file, and that the terminal is back in
// cooked mode (echo on) when the REPL exits.
import XCTest
import Foundation
import CRMBase
#if canImport(Glibc)
import Glibc
#endif

final class ReplPtyTests: XCTestCase {
    #if os(Linux)
    func testTypingOnATerminal() throws {
        guard let binary = CLIHarness.binary else { throw XCTSkip("crm binary not built") }
        let pty = try PseudoTerminal(columns: 100, rows: 30)
        let history = NSTemporaryDirectory() + "crm-pty-history-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: history) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["repl", packageRoot + "/Playground", "--now", "2026-03-02T09:00"]
        var environment = ProcessInfo.processInfo.environment
        environment["CRM_HISTORY"] = history
        environment["TERM"] = "xterm"
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let child = FileHandle(fileDescriptor: pty.slave, closeOnDealloc: false)
        process.standardInput = child
        process.standardOutput = child
        process.standardError = child
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let screen = VTScreen(columns: 100, rows: 30)

        XCTAssertTrue(pty.read(into: screen, until: { $0.currentLine == "crm> " }), screen.text)
        XCTAssertTrue(screen.text.contains("crm repl — Playground: 2 entities, 4 rules"), screen.text)

        // Tab completes the command and the entity; ← twice and 李 edit inside 雷's
        // string; End, then Tab completes the enum member 官网注册.
        pty.type("cre\t")
        pty.type(" Le\t")
        pty.type(" l1 { name: \"雷\"")
        pty.type("\u{1B}[D\u{1B}[D李")
        XCTAssertTrue(pty.read(into: screen, until: { $0.currentLine.hasPrefix("crm> create Lead l1 { name: \"李雷\"") }), screen.text)
        // The cursor sits right after 李: display columns, not characters or bytes.
        XCTAssertEqual(screen.cursorColumn, DisplayWidth.of("crm> create Lead l1 { name: \"李"))
        pty.type("\u{1B}[F, phone: \"13800000001\", source: 官\t }")
        XCTAssertTrue(pty.read(into: screen, until: {
            $0.currentLine == "crm> create Lead l1 { name: \"李雷\", phone: \"13800000001\", source: 官网注册 }"
        }), screen.text)
        pty.type("\r")
        XCTAssertTrue(pty.read(into: screen, until: { $0.text.contains("[1] created Lead#1 (l1)") && $0.currentLine == "crm> " }), screen.text)

        // Tab on a record name, then the record's table with CJK-aligned columns.
        pty.type("show l\t\r")
        XCTAssertTrue(pty.read(into: screen, until: { $0.text.contains("  status      未联系") && $0.currentLine == "crm> " }), screen.text)
        XCTAssertTrue(screen.lines.contains("  name        李雷"), screen.text)

        // ↑ recalls the last entry; Ctrl-U clears it; Home/End move around a new one.
        pty.type("\u{1B}[A")
        XCTAssertTrue(pty.read(into: screen, until: { $0.currentLine == "crm> show l1" }), screen.text)
        pty.type("\u{15}name\u{1B}[Hl1.\u{1B}[F\r")
        XCTAssertTrue(pty.read(into: screen, until: { $0.text.contains("\"李雷\" : text") && $0.currentLine == "crm> " }), screen.text)

        // Ctrl-C drops the entry; an open brace continues on a new row.
        pty.type("garbage\u{3}")
        XCTAssertTrue(pty.read(into: screen, until: { $0.text.contains("crm> garbage^C") && $0.currentLine == "crm> " }), screen.text)
        pty.type("update l1 {\r")
        XCTAssertTrue(pty.read(into: screen, until: { $0.currentLine == "...> " }), screen.text)
        pty.type("score: 85 }\r")
        XCTAssertTrue(pty.read(into: screen, until: { $0.text.contains("[2] updated Lead#1") && $0.currentLine == "crm> " }), screen.text)

        // Ctrl-D on an empty entry leaves; the terminal is restored.
        pty.type("\u{4}")
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        var settings = termios()
        XCTAssertEqual(tcgetattr(pty.slave, &settings), 0)
        XCTAssertNotEqual(settings.c_lflag & tcflag_t(ECHO), 0, "echo must be back on after the REPL exits")
        XCTAssertNotEqual(settings.c_lflag & tcflag_t(ICANON), 0, "line mode must be back on after the REPL exits")
        let saved = try String(contentsOfFile: history, encoding: .utf8)
        XCTAssertEqual(saved, "create Lead l1 { name: \"李雷\", phone: \"13800000001\", source: 官网注册 }\nshow l1\nl1.name\nupdate l1 {\\nscore: 85 }\n")
    }
    #endif
}

#if os(Linux)
/// A pseudo-terminal pair: the test holds the master, the REPL gets the slave.
final class PseudoTerminal {
    let master: Int32
    let slave: Int32

    struct Failure: Error { var what: String }

    init(columns: UInt16, rows: UInt16) throws {
        // What posix_openpt/grantpt/unlockpt/ptsname do on Linux (Swift's Glibc module
        // does not export them): open the multiplexer, unlock the pair (TIOCSPTLCK)
        // and ask the slave's number (TIOCGPTN); devpts needs no grantpt.
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        guard master >= 0 else { throw Failure(what: "open /dev/ptmx") }
        var unlock: Int32 = 0, number: UInt32 = 0
        guard ioctl(master, UInt(0x4004_5431), &unlock) == 0, ioctl(master, UInt(0x8004_5430), &number) == 0 else {
            throw Failure(what: "TIOCSPTLCK/TIOCGPTN")
        }
        slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw Failure(what: "open slave") }
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    }

    deinit {
        close(master)
        close(slave)
    }

    /// Types `keys` (as the terminal would send them).
    func type(_ keys: String) {
        let bytes = Array(keys.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Feeds output into `screen` until `done` holds (true) or 10 s pass (false).
    func read(into screen: VTScreen, until done: (VTScreen) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(10)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            if done(screen) { return true }
            var fds = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&fds, 1, 100) > 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { Glibc.read(master, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            screen.feed(Array(buffer[0..<n]))
        }
        return done(screen)
    }
}
#endif

/// A minimal VT100 screen: printable text with display widths (a wide character takes
/// two cells and wraps at the margin), CR, LF, BS, cursor moves (CSI A B C D H), erase
/// (CSI J, K, 2J) and colours ignored. Enough to see what the line editor drew.
final class VTScreen {
    let columns: Int
    let rows: Int
    var cells: [[String]]
    var row = 0
    var column = 0
    var pendingWrap = false
    var pending: [UInt8] = []

    init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
        cells = Array(repeating: Array(repeating: " ", count: columns), count: rows)
    }

    var cursorColumn: Int { pendingWrap ? columns : column }

    /// Every line, trailing blanks removed.
    var lines: [String] {
        cells.map { line in
            var s = line.joined()
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
    }
    var text: String { lines.joined(separator: "\n") }
    /// The cursor's row, blanks before the cursor kept (a prompt's trailing space).
    var currentLine: String {
        let cut = min(cursorColumn, columns)
        var rest = cells[row][cut...].joined()
        while rest.hasSuffix(" ") { rest.removeLast() }
        return cells[row][..<cut].joined() + rest
    }

    func lineFeed() {
        if row == rows - 1 {
            cells.removeFirst()
            cells.append(Array(repeating: " ", count: columns))
        } else {
            row += 1
        }
    }

    func put(_ ch: Character) {
        let w = ch.unicodeScalars.reduce(0) { $0 + DisplayWidth.of($1) }
        if pendingWrap || column + w > columns {
            pendingWrap = false
            column = 0
            lineFeed()
        }
        cells[row][column] = String(ch)
        if w == 2, column + 1 < columns { cells[row][column + 1] = "" }
        column += w
        if column >= columns { column = columns - 1; pendingWrap = true }
    }

    func feed(_ bytes: [UInt8]) {
        pending += bytes
        var i = 0
        var text: [UInt8] = []
        func flush() {
            for ch in String(decoding: text, as: UTF8.self) { put(ch) }
            text = []
        }
        while i < pending.count {
            let b = pending[i]
            switch b {
            case 0x1B:
                flush()
                guard i + 1 < pending.count else { pending.removeFirst(i); return }
                guard pending[i + 1] == UInt8(ascii: "[") else { i += 2; continue }
                var j = i + 2
                while j < pending.count, (0x30...0x3F).contains(pending[j]) { j += 1 }
                guard j < pending.count else { pending.removeFirst(i); return }
                csi(String(decoding: pending[(i + 2)..<j], as: UTF8.self), pending[j])
                i = j + 1
            case 0x0D: flush(); column = 0; pendingWrap = false; i += 1
            case 0x0A: flush(); lineFeed(); pendingWrap = false; i += 1
            case 0x08: flush(); column = max(0, column - 1); pendingWrap = false; i += 1
            case 0x07: flush(); i += 1
            default:
                if b >= 0x80 {
                    let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
                    guard i + length <= pending.count else { flush(); pending.removeFirst(i); return }
                    text += pending[i..<(i + length)]
                    i += length
                } else {
                    if b >= 0x20 { text.append(b) }
                    i += 1
                }
            }
        }
        flush()
        pending = []
    }

    func csi(_ params: String, _ final: UInt8) {
        let n = max(1, Int(params) ?? 1)
        pendingWrap = false
        switch final {
        case UInt8(ascii: "A"): row = max(0, row - n)
        case UInt8(ascii: "B"): row = min(rows - 1, row + n)
        case UInt8(ascii: "C"): column = min(columns - 1, column + n)
        case UInt8(ascii: "D"): column = max(0, column - n)
        case UInt8(ascii: "H"): row = 0; column = 0
        case UInt8(ascii: "K"):
            for c in column..<columns { cells[row][c] = " " }
        case UInt8(ascii: "J"):
            if params == "2" {
                cells = Array(repeating: Array(repeating: " ", count: columns), count: rows)
            } else {
                for c in column..<columns { cells[row][c] = " " }
                for r in (row + 1)..<rows { cells[r] = Array(repeating: " ", count: columns) }
            }
        default: break
        }
    }
}

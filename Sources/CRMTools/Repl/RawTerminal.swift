// RawTerminal owns the terminal the line editor draws on: switching it into raw mode
// with termios (no echo, no line buffering, no signals from Ctrl-C/Ctrl-Z, no CR→NL
// translation on input; output post-processing stays on so "\n" still starts a line)
// and ALWAYS back: after each line, at exit, and on SIGINT/SIGTERM/SIGHUP/SIGQUIT,
// whose handlers restore the saved settings (tcsetattr is async-signal-safe) and
// re-raise the signal with its default action. It also reads keys with a short wait
// for the rest of an escape sequence, and asks the terminal's width.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What the line editor needs from a terminal; tests substitute a scripted one.
public protocol TerminalDevice: AnyObject {
    /// Blocks for input; returns the bytes read (empty at end of input).
    func readInput() -> [UInt8]
    /// Whether more input arrives within `milliseconds` (to tell ESC from ESC-[-A).
    func hasInput(withinMilliseconds milliseconds: Int32) -> Bool
    func write(_ text: String)
    /// Columns of the terminal (80 when unknown).
    var width: Int { get }
    /// Enters raw mode for one line; `restore()` leaves it.
    func enterRaw() -> Bool
    func restore()
}

/// Saved settings for the signal handlers, which can capture nothing. Written only by
/// the main thread before the handlers are installed and while raw mode is entered.
nonisolated(unsafe) private var savedTermios = termios()
nonisolated(unsafe) private var savedTermiosFD: Int32 = -1
nonisolated(unsafe) private var handlersInstalled = false

/// Restores the saved terminal settings, if raw mode is on. Safe in a signal handler.
private func restoreSavedTermios() {
    if savedTermiosFD >= 0 {
        _ = tcsetattr(savedTermiosFD, TCSADRAIN, &savedTermios)
        savedTermiosFD = -1
    }
}

/// The real terminal on a pair of file descriptors (the REPL's stdin and stdout).
public final class RawTerminal: TerminalDevice {
    let input: Int32
    let output: Int32

    public init(input: Int32 = 0, output: Int32 = 1) {
        self.input = input
        self.output = output
    }

    /// Whether `fd` is a terminal.
    public static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    public func enterRaw() -> Bool {
        var original = termios()
        guard tcgetattr(input, &original) == 0 else { return false }
        var raw = original
        raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        raw.c_cflag |= tcflag_t(CS8)
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        savedTermios = original
        savedTermiosFD = input
        Self.installHandlers()
        // TCSADRAIN, not TCSAFLUSH: keys typed ahead while a command ran must not be lost.
        guard tcsetattr(input, TCSADRAIN, &raw) == 0 else {
            savedTermiosFD = -1
            return false
        }
        return true
    }

    public func restore() { restoreSavedTermios() }

    /// Installs, once, the exit hook and the signal handlers that restore the terminal.
    static func installHandlers() {
        guard !handlersInstalled else { return }
        handlersInstalled = true
        atexit { restoreSavedTermios() }
        for sig in [SIGTERM, SIGHUP, SIGQUIT, SIGINT] {
            signal(sig) { number in
                restoreSavedTermios()
                signal(number, SIG_DFL)
                raise(number)
            }
        }
    }

    public func readInput() -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if n > 0 { return Array(buffer[0..<n]) }
            if n < 0 && errno == EINTR { continue }
            return []
        }
    }

    public func hasInput(withinMilliseconds milliseconds: Int32) -> Bool {
        var fds = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
        return poll(&fds, 1, milliseconds) > 0
    }

    public func write(_ text: String) { _ = FileIO.writeAll(output, Array(text.utf8)) }

    public var width: Int {
        var size = winsize()
        guard ioctl(output, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}

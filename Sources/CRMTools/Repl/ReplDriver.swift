// ReplDriver owns how entries reach a session: on a terminal, through the LineEditor
// (raw mode, history file, Tab completion from the session's model); otherwise as
// plain lines, joined while a bracket is open, so sessions can be piped and tested.
// Output goes to stdout and diagnostics to stderr; a transcript (tests) interleaves both.

/// Runs sessions.
public enum ReplDriver {
    public static let prompt = "crm> "
    public static let continuation = "...> "

    /// `runLines(_:next:write:echo:)` reads entries from `next` (one line per call, nil
    /// at the end) until the input or a `:quit` ends; returns 0 if every entry
    /// succeeded, 1 if any failed (so a scripted session can fail a CI step). With
    /// `echo`, each entry is written after the prompt first, so the output reads as a
    /// transcript.
    public static func runLines(_ session: ReplSession, next: () -> String?, write: (ReplReply.Chunk) -> Void,
                                echo: Bool = false) -> Int32 {
        var failed = false
        while let first = next() {
            var text = first
            while !ReplInput.isComplete(text), let more = next() { text += "\n" + more }
            if echo {
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                let shown = lines.enumerated().map { ($0.offset == 0 ? prompt : continuation) + $0.element }
                write(ReplReply.Chunk(text: shown.joined(separator: "\n") + "\n", isError: false))
            }
            let reply = session.handle(text)
            for chunk in reply.chunks { write(chunk) }
            if reply.failed { failed = true }
            if reply.quit { break }
        }
        return failed ? ExitStatus.problems : ExitStatus.clean
    }

    /// `runTerminal(_:terminal:historyPath:)` runs an interactive session: banner, then
    /// entries from the line editor until Ctrl-D or `:quit`. Returns nil when the
    /// terminal refuses raw mode (the caller then reads plain lines).
    public static func runTerminal(_ session: ReplSession, terminal: any TerminalDevice, historyPath: String?,
                                   writeError: (String) -> Void) -> Int32? {
        let history = historyPath.map(ReplHistory.load(path:)) ?? ReplHistory()
        let editor = LineEditor(terminal: terminal, history: history, historyPath: historyPath)
        editor.completer = { text, cursor in session.complete(text, cursor: cursor) }
        terminal.write(session.banner)
        while true {
            guard let outcome = editor.read(prompt: prompt, continuation: continuation) else { return nil }
            switch outcome {
            case .endOfInput: return ExitStatus.clean
            case .cancelled: continue
            case .entry(let text):
                let reply = session.handle(text)
                for chunk in reply.chunks {
                    if chunk.isError { writeError(chunk.text) } else { terminal.write(chunk.text) }
                }
                if reply.quit { return ExitStatus.clean }
            }
        }
    }
}

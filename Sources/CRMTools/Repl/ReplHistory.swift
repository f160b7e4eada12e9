// ReplHistory owns the REPL's history: the entries typed so far (oldest first), the
// Up/Down walk through them that keeps the line being typed, and the history file
// (`$CRM_HISTORY`, else `~/.crm_history`). Each entry is one line of the file with `\`
// and newline escaped (`\\`, `\n`), so a record typed over several rows comes back
// whole. Entries are appended to the file as they are accepted, so a crash loses none.
import Foundation

/// History entries and the position of an Up/Down walk.
public struct ReplHistory: Sendable {
    public private(set) var entries: [String] = []
    /// Most entries kept (in memory and when the file is read).
    public var limit = 1000
    /// The walk: nil when editing a new entry, else an index into `entries`.
    var position: Int?
    /// The entry being typed when the walk started, restored by walking past the newest.
    var draft = ""

    public init(entries: [String] = []) { self.entries = Array(entries.suffix(limit)) }

    /// `add(_:)` records an accepted entry (blank ones and repeats of the last are not
    /// recorded) and ends any walk; returns whether it was recorded.
    @discardableResult public mutating func add(_ entry: String) -> Bool {
        position = nil
        draft = ""
        guard !entry.allSatisfy(\.isWhitespace), entries.last != entry else { return false }
        entries.append(entry)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
        return true
    }

    /// `previous(current:)` is the entry before the one shown (Up), or nil at the oldest.
    public mutating func previous(current: String) -> String? {
        guard !entries.isEmpty else { return nil }
        switch position {
        case nil:
            draft = current
            position = entries.count - 1
        case let p? where p > 0:
            position = p - 1
        default:
            return nil
        }
        return position.map { entries[$0] }
    }

    /// `next()` is the entry after the one shown (Down); past the newest, the draft.
    public mutating func next() -> String? {
        guard let p = position else { return nil }
        if p + 1 < entries.count {
            position = p + 1
            return entries[p + 1]
        }
        position = nil
        return draft
    }

    /// Ends a walk without accepting (Ctrl-C).
    public mutating func reset() { position = nil; draft = "" }

    // MARK: The file

    /// The history file: `$CRM_HISTORY` if set (empty disables the file), else
    /// `~/.crm_history`; nil when there is neither.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let path = environment["CRM_HISTORY"] { return path.isEmpty ? nil : path }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return home + "/.crm_history"
    }

    public static func escape(_ entry: String) -> String {
        entry.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    public static func unescape(_ line: Substring) -> String {
        var out = "", escaped = false
        for ch in line {
            if escaped {
                out.append(ch == "n" ? "\n" : ch)
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else {
                out.append(ch)
            }
        }
        return out
    }

    /// `load(path:)` reads the file's entries (none if it is missing or unreadable:
    /// history is a convenience, never a reason to fail).
    public static func load(path: String) -> ReplHistory {
        guard let data = FileManager.default.contents(atPath: path) else { return ReplHistory() }
        let text = String(decoding: data, as: UTF8.self)
        return ReplHistory(entries: text.split(separator: "\n").map(unescape))
    }

    /// `append(_:path:)` adds one entry to the end of the file, creating it (mode 0600:
    /// history may hold customers' data).
    public static func append(_ entry: String, path: String) {
        let line = Array((escape(entry) + "\n").utf8)
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard fd >= 0 else { return }
        _ = FileIO.writeAll(fd, line)
        close(fd)
    }
}

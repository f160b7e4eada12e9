// Terminal owns the two facts about the process's output that every front end needs:
// whether to colour (TTY, NO_COLOR, --color) and how to write text to stdout/stderr
// without Foundation's buffering or Swift 6's unsafe `stdout` globals.
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The `--color` setting.
public enum ColorMode: String, Sendable, CaseIterable {
    /// Colour when the stream is a terminal, `NO_COLOR` is unset or empty and
    /// `TERM` is not `dumb`.
    case auto
    /// Always colour, whatever the stream or environment.
    case always
    /// Never colour.
    case never
}

/// Standard streams and colour policy.
public enum Terminal {
    /// The two streams output goes to.
    public enum Stream: Int32, Sendable {
        case standardOutput = 1
        case standardError = 2
    }

    /// `useColor(_:for:environment:)` decides colour for output on `stream`
    /// (no-color.org: a present, non-empty `NO_COLOR` disables colour in `auto`).
    public static func useColor(_ mode: ColorMode, for stream: Stream,
                                environment: [String: String]) -> Bool {
        switch mode {
        case .always: return true
        case .never: return false
        case .auto:
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
            if environment["TERM"] == "dumb" { return false }
            return isatty(stream.rawValue) == 1
        }
    }

    /// `environment()` reads the process environment into a dictionary.
    public static func environment() -> [String: String] {
        ProcessInfo.processInfo.environment
    }

    /// `write(_:to:)` writes `text` in full; a closed pipe or full disk is ignored
    /// (there is nowhere left to report it).
    public static func write(_ text: String, to stream: Stream) {
        guard !text.isEmpty else { return }
        _ = FileIO.writeAll(stream.rawValue, Array(text.utf8))
    }
}

// ReplTable owns the REPL's tables: columns aligned by display width, so Chinese names
// (two columns per character) line up with ASCII ones; a rule of dashes under the
// header; no trailing blanks. Cells are one line each (a newline is shown as `\n`).
import CRMBase
import Foundation

/// A table to print.
struct ReplTable {
    var header: [String]
    var rows: [[String]] = []

    init(_ header: [String]) { self.header = header }

    mutating func add(_ row: [String]) { rows.append(row) }

    /// The table as text, each line indented by `indent`; no header rule when the
    /// header is empty (a two-column listing).
    func render(indent: String = "") -> String {
        let all = (header.isEmpty ? [] : [header]) + rows
        let columns = all.map(\.count).max() ?? 0
        let cells = all.map { row in (0..<columns).map { $0 < row.count ? Self.clean(row[$0]) : "" } }
        var widths = [Int](repeating: 0, count: columns)
        for row in cells { for (i, c) in row.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(c)) } }
        func line(_ row: [String]) -> String {
            var out = indent
            for (i, c) in row.enumerated() {
                out += c
                if i < row.count - 1 { out += String(repeating: " ", count: widths[i] - DisplayWidth.of(c) + 2) }
            }
            while out.hasSuffix(" ") { out.removeLast() }
            return out + "\n"
        }
        var out = ""
        for (i, row) in cells.enumerated() {
            out += line(row)
            if i == 0, !header.isEmpty { out += line(widths.map { String(repeating: "-", count: $0) }) }
        }
        return out
    }

    static func clean(_ s: String) -> String {
        s.contains(where: \.isNewline) ? s.replacingOccurrences(of: "\n", with: "\\n") : s
    }
}

// ReplCommandParser owns the shape of a REPL entry: which command it is and where its
// parts are. Only the heads are parsed here (`update Lead#1`, `move l1 to 已联系`, `why
// nurture l1`); the parts written in the language itself — record bodies `{ f: expr }`,
// durations, instants, filters and bare expressions — are left as byte ranges for
// ReplEvaluator, which hands them to the language's own parser and checker so they
// mean exactly what they mean in a `.crm` file. Every mistake is a Diagnostic located
// in the entry.
import CRMBase

/// A name in the entry and where it is (byte offsets into the entry).
public struct ReplWord: Equatable, Sendable {
    public var text: String
    public var range: Range<Int>
    public init(text: String, range: Range<Int>) {
        self.text = text
        self.range = range
    }
}

/// A parsed REPL entry.
public enum ReplStatement: Equatable, Sendable {
    /// `create Lead [l1] [{ … }]` (also `given`, as in test blocks).
    case create(entity: ReplWord, alias: ReplWord?, body: Range<Int>?)
    case update(record: ReplWord, body: Range<Int>)
    case delete(record: ReplWord)
    case move(record: ReplWord, stage: ReplWord)
    /// `approve RECORD as ROLE [approval NAME] [comment TEXT]`, and `reject …`.
    case decide(record: ReplWord, approve: Bool, role: ReplWord, approval: ReplWord?, comment: Range<Int>?)
    /// `advance 7 days`: the duration expression.
    case advance(Range<Int>)
    /// `clock 2026-03-10T09:00`: the datetime (or date) expression.
    case clock(Range<Int>)
    /// `list [Lead [where EXPR]]`.
    case list(entity: ReplWord?, filter: Range<Int>?)
    case show(record: ReplWord)
    case outbox
    case audit(record: ReplWord?)
    case timers
    /// `why RULE RECORD` (also `explain`).
    case why(rule: ReplWord, record: ReplWord)
    case reload
    case undo
    case help(topic: ReplWord?)
    case quit
    /// Anything else is an expression, evaluated and printed with its type.
    case expression(Range<Int>)
    /// Blank or only a comment.
    case empty
}

/// A mistake in an entry's shape, located by byte offsets.
public struct ReplSyntaxError: Error, Equatable, Sendable {
    public var message: String
    public var range: Range<Int>
    public var label: String?
    public var help: String?
}

/// The REPL's commands, their spellings and one line of help each.
public enum ReplCommands {
    public struct Info: Sendable {
        public var name: String
        public var aliases: [String]
        public var usage: String
        public var summary: String
    }

    public static let all: [Info] = [
        Info(name: "create", aliases: ["given"], usage: "create ENTITY [NAME] { field: value, … }",
             summary: "create a record (NAME names it for later entries); its rules run"),
        Info(name: "update", aliases: [], usage: "update RECORD { field: value, … }",
             summary: "change fields of a record; a lifecycle field is moved"),
        Info(name: "delete", aliases: [], usage: "delete RECORD", summary: "delete a record"),
        Info(name: "move", aliases: [], usage: "move RECORD to STAGE", summary: "move a record's lifecycle to a stage"),
        Info(name: "approve", aliases: [], usage: "approve RECORD as ROLE [approval NAME] [comment TEXT]",
             summary: "approve the record's pending approval step as ROLE"),
        Info(name: "reject", aliases: [], usage: "reject RECORD as ROLE [approval NAME] [comment TEXT]",
             summary: "reject the record's pending approval as ROLE"),
        Info(name: "advance", aliases: [], usage: "advance DURATION",
             summary: "move the clock forward (e.g. `advance 7 days`), firing due timers"),
        Info(name: "clock", aliases: [], usage: "clock [DATETIME]",
             summary: "show the clock, or set it (a later instant fires due timers first)"),
        Info(name: "list", aliases: [], usage: "list [ENTITY [where CONDITION]]",
             summary: "records per entity, or an entity's records as a table"),
        Info(name: "show", aliases: [], usage: "show RECORD", summary: "every field of a record and its timers"),
        Info(name: "outbox", aliases: [], usage: "outbox", summary: "the messages waiting in the outbox"),
        Info(name: "audit", aliases: [], usage: "audit [RECORD]", summary: "the audit log (of one record)"),
        Info(name: "timers", aliases: [], usage: "timers", summary: "pending timers, in firing order"),
        Info(name: "why", aliases: ["explain"], usage: "why RULE RECORD",
             summary: "why a rule fired or did not for a record, with the values it read"),
        Info(name: "reload", aliases: [], usage: "reload",
             summary: "re-read the model and replay this session on it, saying what no longer applies"),
        Info(name: "undo", aliases: [], usage: "undo", summary: "take back the last change (command, advance or clock)"),
        Info(name: "help", aliases: [], usage: "help [COMMAND]", summary: "this list, or one command in detail"),
        Info(name: "quit", aliases: [":quit", ":q", "exit"], usage: ":quit", summary: "leave (Ctrl-D too)"),
    ]

    /// The command spelt `word`, by name or alias.
    public static func find(_ word: String) -> Info? {
        all.first { $0.name == word || $0.aliases.contains(word) }
    }

    /// Every spelling, for completion and "did you mean".
    public static var spellings: [String] { all.flatMap { [$0.name] + $0.aliases } }
}

/// Scans the head of an entry by Unicode scalars, keeping byte offsets.
struct ReplScanner {
    let scalars: [Unicode.Scalar]
    /// Byte offset of each scalar, plus the end.
    let offsets: [Int]
    var i = 0

    init(_ text: String) {
        var scalars: [Unicode.Scalar] = [], offsets: [Int] = []
        var o = 0
        for s in text.unicodeScalars {
            scalars.append(s)
            offsets.append(o)
            o += s.utf8.count
        }
        offsets.append(o)
        self.scalars = scalars
        self.offsets = offsets
    }

    var offset: Int { offsets[i] }
    var end: Int { offsets[scalars.count] }

    /// Skips blanks and newlines; a `#` comment runs to the end of its line.
    mutating func skipBlanks() {
        while i < scalars.count {
            let c = scalars[i]
            if c == " " || c == "\t" || c == "\n" || c == "\r" { i += 1; continue }
            if c == "#", !(i + 1 < scalars.count && scalars[i + 1] == "|") {
                while i < scalars.count, scalars[i] != "\n" { i += 1 }
                continue
            }
            break
        }
    }

    var atEnd: Bool {
        var copy = self
        copy.skipBlanks()
        return copy.i >= scalars.count
    }

    /// A name, a record name `Entity#12`, or a `:word`; nil (nothing consumed) if none.
    mutating func word() -> ReplWord? {
        skipBlanks()
        let start = i
        if i < scalars.count, scalars[i] == ":" { i += 1 }
        while i < scalars.count, ReplInput.isNameScalar(scalars[i]) { i += 1 }
        if i < scalars.count, scalars[i] == "#", i > start, i + 1 < scalars.count,
           scalars[i + 1].properties.numericType == .decimal {
            i += 1
            while i < scalars.count, scalars[i].properties.numericType == .decimal { i += 1 }
        }
        guard i > start, !(i == start + 1 && scalars[start] == ":") else { i = start; return nil }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars[start..<i])
        return ReplWord(text: text, range: offsets[start]..<offsets[i])
    }

    /// Everything left (trimmed of blanks), or nil if nothing is.
    mutating func rest() -> Range<Int>? {
        skipBlanks()
        guard i < scalars.count else { return nil }
        var last = scalars.count
        while last > i, [" ", "\t", "\n", "\r"].contains(scalars[last - 1]) { last -= 1 }
        let range = offsets[i]..<offsets[last]
        i = scalars.count
        return range
    }

    /// Whether the next name is `keyword` (consumed if so).
    mutating func keyword(_ keyword: String) -> Bool {
        let saved = i
        if let w = word(), w.text == keyword { return true }
        i = saved
        return false
    }

    /// The next character (after blanks), without consuming it.
    mutating func peek() -> Unicode.Scalar? {
        skipBlanks()
        return i < scalars.count ? scalars[i] : nil
    }
}

/// Parses entries.
public enum ReplCommandParser {
    /// `parse(_:)` recognises the command of an entry; an entry whose first name is not a
    /// command is an expression.
    public static func parse(_ text: String) throws(ReplSyntaxError) -> ReplStatement {
        var s = ReplScanner(text)
        s.skipBlanks()
        if s.atEnd { return .empty }
        let start = s.i
        guard let head = s.word(), let info = ReplCommands.find(head.text) else {
            s.i = start
            if text.unicodeScalars.first == ":", let w = s.word() {
                throw ReplSyntaxError(message: "unknown command `\(w.text)`", range: w.range, label: "not a command",
                                      help: Suggest.closest(to: w.text, among: ReplCommands.spellings).map { "did you mean `\($0)`?" })
            }
            return .expression(s.rest() ?? 0..<0)
        }
        // A command word used as a name in an expression (`score > 5` never starts with
        // one, but `list` might be a field): an operator right after it means expression.
        if !["help", "advance", "clock"].contains(info.name), let next = s.peek(), "=<>!+-*/%.([?".unicodeScalars.contains(next) {
            s.i = start
            return .expression(s.rest() ?? 0..<0)
        }
        /// The error for something missing at the next non-blank place.
        func missing(_ message: String, label: String, help: String? = nil) -> ReplSyntaxError {
            s.skipBlanks()
            let at = s.offset
            return ReplSyntaxError(message: message, range: at..<max(at, s.end), label: label,
                                   help: help ?? "usage: \(info.usage)")
        }
        func need(_ what: String, _ help: String? = nil) throws(ReplSyntaxError) -> ReplWord {
            guard let w = s.word() else {
                throw missing("`\(info.name)` needs \(what)", label: "expected \(what) here", help: help)
            }
            return w
        }
        func done() throws(ReplSyntaxError) {
            guard let extra = s.rest() else { return }
            throw ReplSyntaxError(message: "unexpected text after `\(info.name)`", range: extra,
                                  label: "not part of the command", help: "usage: \(info.usage)")
        }
        func body() throws(ReplSyntaxError) -> Range<Int> {
            guard s.peek() == "{", let r = s.rest() else {
                throw missing("`\(info.name)` needs the fields in `{ … }`", label: "expected `{`")
            }
            return r
        }
        switch info.name {
        case "create":
            let entity = try need("an entity name")
            var alias: ReplWord?
            if s.peek() != "{", !s.atEnd { alias = try need("a name for the record or `{`") }
            let fields: Range<Int>? = s.atEnd ? nil : try body()
            return .create(entity: entity, alias: alias, body: fields)
        case "update":
            let record = try need("a record (`Lead#1` or a name given at creation)")
            return .update(record: record, body: try body())
        case "delete":
            let record = try need("a record")
            try done()
            return .delete(record: record)
        case "move":
            let record = try need("a record")
            guard s.keyword("to") else { throw missing("`move` needs `to` before the stage", label: "expected `to`") }
            let stage = try need("a stage")
            try done()
            return .move(record: record, stage: stage)
        case "approve", "reject":
            let record = try need("a record")
            guard s.keyword("as") else {
                throw missing("`\(info.name)` needs `as ROLE`: who decides", label: "expected `as`")
            }
            let role = try need("a role")
            let approval = s.keyword("approval") ? try need("an approval name") : nil
            var comment: Range<Int>?
            if s.keyword("comment") {
                guard let r = s.rest() else { _ = try need("the comment, a string"); return .empty }
                comment = r
            }
            try done()
            return .decide(record: record, approve: info.name == "approve", role: role, approval: approval, comment: comment)
        case "advance":
            guard let r = s.rest() else { _ = try need("a duration such as `7 days`") ; return .empty }
            return .advance(r)
        case "clock":
            guard let r = s.rest() else { return .clock(0..<0) }
            return .clock(r)
        case "list":
            guard !s.atEnd else { return .list(entity: nil, filter: nil) }
            let entity = try need("an entity name")
            guard !s.atEnd else { return .list(entity: entity, filter: nil) }
            guard s.keyword("where") else {
                let r = s.rest() ?? s.offset..<s.offset
                throw ReplSyntaxError(message: "expected `where` and a condition after the entity", range: r,
                                      label: "expected `where`", help: "usage: \(info.usage)")
            }
            guard let filter = s.rest() else { _ = try need("a condition after `where`"); return .empty }
            return .list(entity: entity, filter: filter)
        case "show":
            let record = try need("a record")
            try done()
            return .show(record: record)
        case "audit":
            let record = s.atEnd ? nil : try need("a record")
            try done()
            return .audit(record: record)
        case "why":
            let rule = try need("a rule name")
            let record = try need("a record")
            try done()
            return .why(rule: rule, record: record)
        case "help":
            let topic = s.atEnd ? nil : s.word()
            try done()
            return .help(topic: topic)
        case "outbox": try done(); return .outbox
        case "timers": try done(); return .timers
        case "reload": try done(); return .reload
        case "undo": try done(); return .undo
        default: try done(); return .quit
        }
    }
}

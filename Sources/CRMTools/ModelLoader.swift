// ModelLoader owns turning command-line paths into source files: walking directories,
// honouring `.crmignore`, reading bytes, and reporting unreadable or empty inputs as
// `E00xx` diagnostics. It does not lex or parse.
//
// What a path means:
// - A file path is read as is, whatever its extension (naming a file is deliberate).
// - A directory is one *model*: every `*.crm` file below it, recursively, in byte-wise
//   sorted path order, skipping hidden entries (names starting with `.`) and whatever a
//   `.crmignore` in that directory or in any directory between it and the file excludes
//   (format in IgnoreFile.swift). `.crmignore` files above the named directory are not
//   consulted: the argument is the model's root.
// - Display paths are the argument as typed joined with the relative path below it
//   (`Samples` → `Samples/leads.crm`; `.` → `leads.crm`), never absolutised, so output
//   matches what the user typed and golden files stay machine-independent.
// - The same file reached twice (named directly and through its directory, or through a
//   symbolic link) is loaded once, under the first name met. Directory cycles made by
//   symbolic links are entered once.
import CRMBase

/// The files of one run, read and registered in one `SourceSet`.
public struct LoadedModel: Sendable {
    /// Every file read, in argument order, each directory's files in sorted order.
    public var sources: SourceSet
    /// One entry per command-line path that yielded at least one file.
    public var roots: [ModelRoot]
    /// `E00xx` problems met while loading (without positions).
    public var diagnostics: [Diagnostic]
    /// The files in load order.
    public var files: [SourceFile] { sources.files }

    /// `init(sources:roots:diagnostics:)` builds a model from files already in memory
    /// (the REPL, tests); `load(_:)` builds one from disk.
    public init(sources: SourceSet, roots: [ModelRoot], diagnostics: [Diagnostic] = []) {
        self.sources = sources
        self.roots = roots
        self.diagnostics = diagnostics
    }
}

/// The files contributed by one command-line path.
public struct ModelRoot: Sendable {
    /// The path as given.
    public var path: String
    /// True when the path is a directory (a whole model), false for a single file.
    public var isDirectory: Bool
    public var files: [SourceFile]

    public init(path: String, isDirectory: Bool, files: [SourceFile]) {
        self.path = path
        self.isDirectory = isDirectory
        self.files = files
    }
}

/// Reads command-line paths into a `LoadedModel`.
public struct ModelLoader {
    /// Largest file read (E0003 above it). Positions are 32-bit offsets shared by all
    /// files of a run, so 1 GiB per file leaves room for several large files.
    public static let maxFileSize = 1 << 30
    /// Total bytes a run may hold: the `SourcePos` space (UInt32) less one position per
    /// file for its EOF and position 0, which means "none".
    static let maxTotalSize = Int(UInt32.max) - 1

    // Output
    var sources = SourceSet()
    var roots: [ModelRoot] = []
    var diagnostics: [Diagnostic] = []
    // De-duplication
    var seenFiles: Set<FileIO.Identity> = []
    var totalSize = 0

    /// `load(_:)` reads every path (see the file header for what a path means).
    /// It never fails: problems become diagnostics and the remaining paths are still read.
    public static func load(_ paths: [String]) -> LoadedModel {
        var loader = ModelLoader()
        for path in paths { loader.loadArgument(path) }
        return LoadedModel(sources: loader.sources, roots: loader.roots, diagnostics: loader.diagnostics)
    }

    /// `loadArgument(_:)` reads one command-line path: a directory as a model, anything
    /// else as a single file.
    mutating func loadArgument(_ path: String) {
        switch FileIO.status(path) {
        case .failure(let failure):
            report(failure, path)
        case .success(let status) where status.isDirectory:
            var walker = DirectoryWalker(root: path, rootIdentity: status.identity)
            walker.walk()
            diagnostics += walker.diagnostics
            if walker.files.isEmpty && walker.diagnostics.isEmpty {
                diagnostics.append(Diagnostic(.noModelFiles,
                    "no `.crm` files in directory `\(path)`", at: .none,
                    help: "a model directory needs at least one `.crm` file below it (after `.crmignore`)"))
            }
            let files = walker.files.compactMap { readFile($0) }
            if !files.isEmpty { roots.append(ModelRoot(path: path, isDirectory: true, files: files)) }
        case .success:
            if let file = readFile(path) { roots.append(ModelRoot(path: path, isDirectory: false, files: [file])) }
        }
    }

    /// `readFile(_:)` reads and registers one file, or reports why it could not. Returns
    /// nil also for a file already loaded under another name.
    mutating func readFile(_ path: String) -> SourceFile? {
        if case .success(let status) = FileIO.status(path) {
            guard seenFiles.insert(status.identity).inserted else { return nil }
        }
        switch FileIO.readFile(path, limit: Self.maxFileSize) {
        case .failure(let failure):
            report(failure, path)
            return nil
        case .success(let bytes):
            guard totalSize + bytes.count + 1 <= Self.maxTotalSize else {
                diagnostics.append(Diagnostic(.fileTooLarge,
                    "cannot read `\(path)`: the files of this run exceed 4 GiB together", at: .none))
                return nil
            }
            totalSize += bytes.count + 1
            return sources.add(path: path, bytes: bytes)
        }
    }

    /// `report(_:_:)` turns a read failure into E0001 (OS reason) or E0003 (too large).
    mutating func report(_ failure: FileIO.ReadFailure, _ path: String) {
        diagnostics.append(Self.diagnostic(for: failure, path: path))
    }

    /// `diagnostic(for:path:)` is the E0001/E0003 diagnostic for a failed read of `path`.
    public static func diagnostic(for failure: FileIO.ReadFailure, path: String) -> Diagnostic {
        switch failure {
        case .system(let reason):
            return Diagnostic(.fileUnreadable, "cannot read `\(path)`: \(reason)", at: .none)
        case .tooLarge(let size):
            let mib = size >> 20
            return Diagnostic(.fileTooLarge,
                "`\(path)` is too large (\(mib) MiB; the limit is 1024 MiB per file)", at: .none)
        }
    }
}

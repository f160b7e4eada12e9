// DirectoryWalker owns the recursive walk of one model directory: which entries are
// `.crm` files of the model, in which order. Reading the files is ModelLoader's job.
import CRMBase

/// Finds the `.crm` files below one directory (rules in ModelLoader.swift's header).
struct DirectoryWalker {
    // Input
    let root: String
    // Output
    /// Display paths of the model's files, sorted byte-wise once the walk is done.
    private(set) var files: [String] = []
    /// E0001 for subdirectories or entries that could not be read.
    private(set) var diagnostics: [Diagnostic] = []
    // Cycle guard
    private var visited: Set<FileIO.Identity>

    init(root: String, rootIdentity: FileIO.Identity) {
        self.root = root
        self.visited = [rootIdentity]
    }

    /// `walk()` collects the files, then sorts them by the bytes of their paths, which is
    /// the same on every machine and locale (Go's `filepath.WalkDir` order is lexical
    /// per directory; sorting whole paths also orders `a-b.crm` before `a/x.crm`).
    mutating func walk() {
        walkDirectory(root, relative: "", ignores: [])
        files.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// `join(_:_:)` appends a name to a display path: `.` disappears and a trailing `/`
    /// typed by the user is not doubled.
    func join(_ directory: String, _ name: String) -> String {
        if directory == "." { return name }
        if directory.hasSuffix("/") { return directory + name }
        return directory + "/" + name
    }

    /// `walkDirectory(_:relative:ignores:)` visits one directory. `relative` is its path
    /// below the root ("" for the root); `ignores` are the `.crmignore` files of its
    /// ancestors up to the root.
    mutating func walkDirectory(_ path: String, relative: String, ignores: [IgnoreFile]) {
        let names: [String]
        switch FileIO.listDirectory(path) {
        case .failure(let failure):
            diagnostics.append(ModelLoader.diagnostic(for: failure, path: path))
            return
        case .success(let list):
            names = list
        }
        var ignores = ignores
        if names.contains(".crmignore"),
           case .success(let bytes) = FileIO.readFile(join(path, ".crmignore"), limit: 1 << 20) {
            ignores.append(IgnoreFile(base: relative, bytes: bytes))
        }
        for name in names.sorted() where !name.hasPrefix(".") {
            visit(name, in: path, relative: relative, ignores: ignores)
        }
    }

    /// `visit(_:in:relative:ignores:)` handles one directory entry: recurse into a
    /// directory, collect a `.crm` file, skip anything ignored or irrelevant.
    mutating func visit(_ name: String, in directory: String, relative: String, ignores: [IgnoreFile]) {
        let path = join(directory, name)
        let childRelative = relative.isEmpty ? name : relative + "/" + name
        let isCRM = name.hasSuffix(".crm")
        let status: FileIO.Status
        switch FileIO.status(path) {
        case .failure(let failure):
            // A dangling symbolic link or a vanished entry matters only if it looked
            // like part of the model.
            if isCRM && !isIgnored(childRelative, isDirectory: false, ignores) {
                diagnostics.append(ModelLoader.diagnostic(for: failure, path: path))
            }
            return
        case .success(let s):
            status = s
        }
        if isIgnored(childRelative, isDirectory: status.isDirectory, ignores) { return }
        if status.isDirectory {
            // Why: a symbolic link to an ancestor would otherwise recurse forever.
            guard visited.insert(status.identity).inserted else { return }
            walkDirectory(path, relative: childRelative, ignores: ignores)
        } else if isCRM {
            files.append(path)
        }
    }

    func isIgnored(_ relative: String, isDirectory: Bool, _ ignores: [IgnoreFile]) -> Bool {
        ignores.contains { $0.matches(relative, isDirectory: isDirectory) }
    }
}

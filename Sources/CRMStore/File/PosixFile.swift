// Thin, throwing wrappers over the POSIX calls the file store needs (open, write,
// fsync/fdatasync, ftruncate, rename, directory fsync, flock). Foundation's FileHandle
// hides fsync ordering and traps on some errors; the store must control both.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func errnoText() -> String { String(cString: strerror(errno)) }

/// An open file descriptor, closed on deinit.
final class PosixFile {
    let path: String
    private(set) var fd: Int32

    init(path: String, flags: Int32, mode: mode_t = 0o644) throws {
        self.path = path
        let fd = open(path, flags | O_CLOEXEC, mode)
        if fd < 0 { throw FileStoreError.io(path: path, operation: "open", message: errnoText()) }
        self.fd = fd
    }

    deinit { if fd >= 0 { _ = close(fd) } }

    func closeNow() {
        if fd >= 0 { _ = close(fd); fd = -1 }
    }

    /// Writes all of `buffer`, retrying short writes and EINTR.
    func writeAll(_ buffer: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < buffer.count {
            guard let base = buffer.baseAddress else { return }
            let n = write(fd, base + done, buffer.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileStoreError.io(path: path, operation: "write", message: errnoText())
            }
            done += n
        }
    }

    func writeAll(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try writeAll($0) } }

    /// Data and the metadata needed to read it back (size): what a commit needs.
    func syncData() throws {
        #if os(Linux)
        let r = fdatasync(fd)
        #else
        let r = fsync(fd)
        #endif
        if r != 0 { throw FileStoreError.io(path: path, operation: "fdatasync", message: errnoText()) }
    }

    func sync() throws {
        if fsync(fd) != 0 { throw FileStoreError.io(path: path, operation: "fsync", message: errnoText()) }
    }

    func truncate(to length: Int) throws {
        if ftruncate(fd, off_t(length)) != 0 {
            throw FileStoreError.io(path: path, operation: "truncate", message: errnoText())
        }
    }

    func seekToEnd() throws -> Int {
        let r = lseek(fd, 0, SEEK_END)
        if r < 0 { throw FileStoreError.io(path: path, operation: "seek", message: errnoText()) }
        return Int(r)
    }

    /// The whole file (from offset 0).
    func readAll() throws -> [UInt8] {
        var st = stat()
        if fstat(fd, &st) != 0 { throw FileStoreError.io(path: path, operation: "stat", message: errnoText()) }
        let size = Int(st.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        try bytes.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            while done < size {
                let n = pread(fd, base + done, size - done, off_t(done))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw FileStoreError.io(path: path, operation: "read", message: errnoText())
                }
                if n == 0 { break }
                done += n
            }
        }
        if done < size { bytes.removeLast(size - done) }
        return bytes
    }
}

enum Posix {
    static func readFile(_ path: String) throws -> [UInt8] {
        try PosixFile(path: path, flags: O_RDONLY).readAll()
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    static func fileSize(_ path: String) -> Int? {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_size) : nil
    }

    /// mkdir -p.
    static func makeDirectory(_ path: String) throws {
        if isDirectory(path) { return }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for part in path.split(separator: "/") {
            prefix += part + "/"
            if !isDirectory(prefix) && mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw FileStoreError.io(path: prefix, operation: "mkdir", message: errnoText())
            }
        }
    }

    static func listDirectory(_ path: String) throws -> [String] {
        switch DirectoryEntries.names(path) {
        case .success(let names): return names.sorted()
        case .failure(let e):
            throw FileStoreError.io(path: path, operation: "opendir", message: String(cString: strerror(e.code)))
        }
    }

    /// Makes renames and creations in the directory durable.
    static func syncDirectory(_ path: String) throws {
        let f = try PosixFile(path: path, flags: O_RDONLY | O_DIRECTORY)
        try f.sync()
    }

    static func rename(_ from: String, _ to: String) throws {
        if renameFile(from, to) != 0 { throw FileStoreError.io(path: from, operation: "rename to \(to)", message: errnoText()) }
    }

    static func remove(_ path: String) throws {
        if unlink(path) != 0 && errno != ENOENT { throw FileStoreError.io(path: path, operation: "unlink", message: errnoText()) }
    }

    /// Writes a whole file durably under a temporary name, then renames it into place.
    static func writeAtomically(_ path: String, _ bytes: [UInt8], directory: String) throws {
        let tmp = path + ".tmp"
        let f = try PosixFile(path: tmp, flags: O_WRONLY | O_CREAT | O_TRUNC)
        try f.writeAll(bytes)
        try f.sync()
        f.closeNow()
        try rename(tmp, path)
        try syncDirectory(directory)
    }
}

/// The C library's rename, under a name the `Posix.rename` wrapper does not shadow.
private func renameFile(_ from: String, _ to: String) -> Int32 {
    rename(from, to)
}

/// The entry names of a directory, without `.` and `..`, unsorted — the one reader of
/// directories for the store (snapshots, journals) and the tools (model folders). Names
/// that are not valid UTF-8 are repaired with U+FFFD.
public enum DirectoryEntries {
    /// Why a directory could not be read: the `errno` of `opendir`.
    public struct Failure: Error {
        public let code: Int32
    }

    public static func names(_ path: String) -> Result<[String], Failure> {
        guard let dir = opendir(path) else { return .failure(Failure(code: errno)) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return .success(names)
    }
}

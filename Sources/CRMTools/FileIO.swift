// FileIO owns the thin layer over POSIX file calls that the drivers need: stat, reading
// a whole file or stdin as bytes, listing a directory (CRMStore's DirectoryEntries, the
// one directory reader), and replacing a file atomically.
// It uses open/read/rename directly (not Foundation) so that failures carry the
// operating system's own reason ("No such file or directory") and bytes are never
// decoded as text: invalid UTF-8 is the lexer's to report, with byte offsets.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CRMStore

/// File-system helpers returning values or an OS reason, never throwing or trapping.
public enum FileIO {
    /// What `stat` says about a path (after following symbolic links).
    public struct Status: Sendable {
        public var isDirectory: Bool
        public var isRegular: Bool
        public var size: Int
        /// Device and inode: identifies a file or directory however it was named.
        public var identity: Identity
        /// Permission bits, kept when a file is rewritten.
        public var mode: UInt32
    }

    /// A (device, inode) pair; two paths with the same identity are the same file.
    public struct Identity: Hashable, Sendable {
        public var device: UInt64
        public var inode: UInt64
    }

    /// Why reading a file failed.
    public enum ReadFailure: Error, Sendable {
        /// The OS refused; the payload is its reason (`strerror`).
        case system(String)
        /// The file is larger than the limit; the payload is the size seen so far.
        case tooLarge(Int)
    }

    /// `reason(_:)` is the OS text for an `errno` value, e.g. "Permission denied".
    public static func reason(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }

    /// `status(_:)` stats `path`, following symbolic links; on failure returns the reason.
    public static func status(_ path: String) -> Result<Status, ReadFailure> {
        var st = stat()
        guard stat(path, &st) == 0 else { return .failure(.system(reason(errno))) }
        return .success(makeStatus(st))
    }

    static func makeStatus(_ st: stat) -> Status {
        let kind = st.st_mode & S_IFMT
        return Status(isDirectory: kind == S_IFDIR, isRegular: kind == S_IFREG,
                      size: Int(st.st_size),
                      identity: Identity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)),
                      mode: UInt32(st.st_mode & 0o7777))
    }

    /// `readFile(_:limit:)` reads the whole file at `path` as bytes. Files larger than
    /// `limit` bytes fail with `.tooLarge` before (or while, for pipes) being read.
    public static func readFile(_ path: String, limit: Int) -> Result<[UInt8], ReadFailure> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(.system(reason(errno))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failure(.system(reason(errno))) }
        let status = makeStatus(st)
        if status.isDirectory { return .failure(.system(reason(EISDIR))) }
        if status.size > limit { return .failure(.tooLarge(status.size)) }
        return readAll(fd, expected: status.size, limit: limit)
    }

    /// `readStandardInput(limit:)` reads fd 0 to its end.
    public static func readStandardInput(limit: Int) -> Result<[UInt8], ReadFailure> {
        readAll(0, expected: 0, limit: limit)
    }

    /// `readAll(_:expected:limit:)` reads `fd` to EOF in 64 KiB steps, retrying on EINTR.
    /// `expected` only sizes the first allocation; a file that grows is still read fully.
    static func readAll(_ fd: Int32, expected: Int, limit: Int) -> Result<[UInt8], ReadFailure> {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(expected + 1)
        let chunk = 1 << 16
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, chunk) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.system(reason(errno)))
            }
            if n == 0 { return .success(bytes) }
            bytes.append(contentsOf: buffer[0..<n])
            if bytes.count > limit { return .failure(.tooLarge(bytes.count)) }
        }
    }

    /// `listDirectory(_:)` returns the entry names of a directory (without `.` and `..`),
    /// unsorted. Names that are not valid UTF-8 are repaired with U+FFFD and will then
    /// fail to open; such names are rare enough not to justify a byte-path API here.
    public static func listDirectory(_ path: String) -> Result<[String], ReadFailure> {
        DirectoryEntries.names(path).mapError { .system(reason($0.code)) }   // CRMStore's PosixFile.swift
    }

    /// `replaceFile(_:with:)` writes `bytes` to a new temporary file in the same directory
    /// as `path`, copies the old file's permission bits, flushes it and renames it over
    /// `path`, so a reader sees either the old or the new content, never a mix. A symbolic
    /// link is followed, so the link stays a link and its target gets the new content.
    /// Returns the OS reason on failure (the original file is then untouched).
    public static func replaceFile(_ given: String, with bytes: [UInt8]) -> String? {
        let path = resolvingLinks(given)
        var template = Array((directory(of: path) + "/.crm-fmt-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
            guard let base = buffer.baseAddress else { return -1 }
            return mkstemp(base)
        }
        guard fd >= 0 else { return reason(errno) }
        let tempPath = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var failure: String?
        if case .success(let old) = status(path), fchmod(fd, mode_t(old.mode)) != 0 {
            failure = reason(errno)
        }
        if failure == nil { failure = writeAll(fd, bytes) }
        if failure == nil, fsync(fd) != 0 { failure = reason(errno) }
        if close(fd) != 0, failure == nil { failure = reason(errno) }
        if failure == nil, rename(tempPath, path) != 0 { failure = reason(errno) }
        if failure != nil { unlink(tempPath) }
        return failure
    }

    /// `resolvingLinks(_:)` is the canonical path of `path` (`realpath`), or `path` itself
    /// when it cannot be resolved.
    static func resolvingLinks(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// `writeAll(_:_:)` writes every byte to `fd`, retrying short writes and EINTR.
    /// Returns the OS reason on failure.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> String? {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                write(fd, raw.baseAddress.map { $0 + offset }, bytes.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                return reason(errno)
            }
            offset += n
        }
        return nil
    }

    /// `directory(of:)` is the directory part of a path as written (`.` for a bare name).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = path[..<slash]
        return dir.isEmpty ? "/" : String(dir)
    }
}

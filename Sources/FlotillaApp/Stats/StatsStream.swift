import FlotillaCore
import Logging
import SystemPackage

/// `--stats FILE|-`: one JSON object per line, at least once a second and once at exit. Keys
/// are only ever added, never renamed (the contract of the foundation issue).
///
/// The file is written in place, as a shell's `>` would: a FIFO stays a FIFO (its reader gets
/// the lines), a symlink stays a link (its target is written), `/dev/null` stays a device. A
/// write that fails (a full disk, a closed pipe, `/dev/full`) logs one warning and ends the
/// stream; the windows go on.
final class StatsStream {
    private var descriptor: FileDescriptor?
    private let closesDescriptor: Bool
    private let path: String
    private let logger: Logger
    private(set) var linesWritten = 0
    /// Set once a write failed: no more lines are attempted.
    private(set) var failure: Errno?

    /// Opens `path` for writing (created if missing, truncated if a regular file), or standard
    /// output for "-". A directory, or a path that cannot be opened, is refused.
    init(path: String, logger: Logger) throws {
        self.path = path
        self.logger = logger
        if path == "-" {
            descriptor = .standardOutput
            closesDescriptor = false
            return
        }
        do {
            // O_TRUNC empties a regular file and is ignored by FIFOs and devices; O_CREAT makes a
            // missing file (through a symlink, its target). EISDIR refuses a directory.
            descriptor = try FileDescriptor.open(FilePath(path), .writeOnly, options: [.create, .truncate, .closeOnExec],
                                                 permissions: [.ownerReadWrite, .groupRead, .otherRead], retryOnInterrupt: true)
        } catch let error as Errno {
            throw StatsError.cannotOpen(path, error)
        }
        closesDescriptor = true
    }

    var isWriting: Bool { descriptor != nil }

    func write(_ line: JSONValue) {
        guard let descriptor else { return }
        do {
            _ = try descriptor.writeAll((line.serialized + "\n").utf8)
            linesWritten += 1
        } catch {
            let errno = (error as? Errno) ?? .ioError
            failure = errno
            logger.warning("cannot write the stats to \(path == "-" ? "standard output" : "'\(path)'") (\(errno)); no more stats lines this run")
            close()
        }
    }

    private func close() {
        if closesDescriptor { try? descriptor?.close() }
        descriptor = nil
    }

    deinit {
        close()
    }
}

import Glibc
import SystemPackage

/// A file opened for reading only if it is a regular file: a FIFO would block open(2) or read(2)
/// until some writer came, a device (/dev/zero) could be read for ever. Opened without blocking;
/// a refusal carries the system's reason. What reads the user's files (the pipeline cache, the
/// gallery's images) reads them through this.
public struct RegularFile: ~Copyable {
    public enum Refusal: Error, Equatable, CustomStringConvertible {
        case cannotOpen(Errno)
        case notRegular(kind: String)

        public var description: String {
            switch self {
            case .cannotOpen(let errno): "\(errno)"
            case .notRegular(let kind): kind
            }
        }
    }

    private let descriptor: FileDescriptor
    /// The size fstat reported when the file was opened.
    public let size: Int

    public init(_ path: String) throws(Refusal) {
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(FilePath(path), .readOnly, options: [.nonBlocking, .closeOnExec])
        } catch {
            throw .cannotOpen((error as? Errno) ?? .ioError)
        }
        var status = stat()
        let kind: String? = if fstat(descriptor.rawValue, &status) != 0 {
            "\(Errno(rawValue: errno))"
        } else {
            switch status.st_mode & S_IFMT {
            case S_IFREG: nil
            case S_IFIFO: "a FIFO, not a file"
            case S_IFCHR, S_IFBLK: "a device, not a file"
            default: "not a regular file"
            }
        }
        if let kind {
            try? descriptor.close()
            throw .notRegular(kind: kind)
        }
        self.descriptor = descriptor
        size = Int(status.st_size)
    }

    /// Up to `count` bytes from where the last read ended: fewer at the end of the file or on an
    /// error.
    public func read(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: max(count, 0))
        var filled = 0
        bytes.withUnsafeMutableBytes { buffer in
            while filled < buffer.count,
                  let got = try? descriptor.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...])), got > 0 {
                filled += got
            }
        }
        return Array(bytes.prefix(filled))
    }

    deinit {
        try? descriptor.close()
    }
}

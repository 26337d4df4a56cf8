import FlotillaCore
import Foundation

/// `--stats FILE|-`: one JSON object per line, at least once a second and once at exit. Keys
/// are only ever added, never renamed (the contract of the foundation issue).
final class StatsStream {
    private let handle: FileHandle
    private let closesHandle: Bool
    private(set) var linesWritten = 0

    /// Opens (truncating) `path`, or standard output for "-".
    init(path: String) throws {
        if path == "-" {
            handle = FileHandle.standardOutput
            closesHandle = false
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw StatsError.cannotOpen(path)
        }
        self.handle = handle
        closesHandle = true
    }

    func write(_ line: JSONValue) {
        handle.write(Data((line.serialized + "\n").utf8))
        linesWritten += 1
    }

    deinit {
        if closesHandle { try? handle.close() }
    }
}

enum StatsError: Error, CustomStringConvertible {
    case cannotOpen(String)

    var description: String {
        switch self {
        case .cannotOpen(let path): "cannot write the stats file '\(path)'"
        }
    }
}

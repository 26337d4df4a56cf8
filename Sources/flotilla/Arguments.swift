import ArgumentParser
import FlotillaApp
import FlotillaCore
import FlotillaWayland
import Foundation
import Logging

// What the argument parser reads straight into Flotilla's own types (and the log level).

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// `--size 800x600`, parsed once by the argument parser.
extension Extent: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
    public var defaultValueDescription: String { description }
}

/// `--scene grid|particles|post|overview|gallery|mix`, parsed once by the argument parser.
extension SceneChoice: ExpressibleByArgument {
    public static var allValueStrings: [String] { SceneKind.allCases.map(\.rawValue) + ["mix"] }
    public var defaultValueDescription: String { "mix" }
}

/// A byte count: a whole number, or with K, M or G, with or without i and B (all binary: 64M,
/// 64MB and 64MiB are 64 MiB).
struct ByteSize: ExpressibleByArgument {
    let bytes: UInt64

    init?(argument: String) {
        guard let bytes = ByteCount.parse(argument) else { return nil }
        self.bytes = bytes
    }
}

/// Comma-separated positive counts (`1,10,100`), parsed once by the argument parser; empty for
/// none.
struct CountList: ExpressibleByArgument {
    let values: [Int]

    init(_ values: [Int]) { self.values = values }

    init?(argument: String) {
        let parts = argument.isEmpty ? [] : argument.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.allSatisfy({ ($0 ?? 0) >= 1 }) else { return nil }
        values = parts.compactMap { $0 }
    }

    var defaultValueDescription: String { values.map(String.init).joined(separator: ",") }
}

struct LoggingOptions: ParsableArguments {
    @Option(help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .notice

    func bootstrap() -> Logger {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            // Through a thread of its own: a standard error nobody reads never blocks the loop.
            var handler = StreamLogHandler(label: label, stream: QueuedStandardError())
            handler.logLevel = level
            return handler
        }
        return Logger(label: "flotilla")
    }
}

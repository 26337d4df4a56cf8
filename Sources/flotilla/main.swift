import ArgumentParser
import FlotillaApp
import FlotillaCore
import FlotillaWayland
import Foundation
import Logging
import SystemPackage

/// The only place that exits: every failure below arrives here as an error and leaves as one
/// line on standard error and a non-zero status.
struct Flotilla: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flotilla",
        abstract: "Many Wayland windows over one shared Vulkan host.",
        subcommands: [Run.self, Info.self, BenchMemory.self, BenchScale.self, BenchSchedule.self, BenchGlyphs.self, BenchLatency.self],
        defaultSubcommand: Run.self)
}

/// Ends the program with one error line and status 1. Standard error may be closed, full, a
/// broken pipe or even the compositor's socket: the line is then lost, never turned into a crash
/// (Foundation's FileHandle.write traps on EBADF and ENOSPC), and the status stays 1.
func fail(_ error: Error) -> Never {
    QueuedStandardError.writer.finish(within: .milliseconds(250))
    LineWriter.writeIfReady("flotilla: error: \(error)\n", to: .standardError)
    exit(1)
}

/// Writes a command's report to standard output; one that cannot be written (a full disk,
/// /dev/full, a closed descriptor) is an error, not a silent success.
func printReport(_ text: String) {
    do {
        _ = try FileDescriptor.standardOutput.writeAll((text + "\n").utf8)
    } catch {
        fail(ReportError.cannotWrite((error as? Errno) ?? .ioError))
    }
}

enum ReportError: Error, CustomStringConvertible {
    case cannotWrite(Errno)

    var description: String {
        switch self {
        case .cannotWrite(let errno): "cannot write to standard output: \(errno)"
        }
    }
}

// First of all: SIGINT and SIGTERM end the program cleanly (status 0) from its first
// instruction on, not only once the loop runs (start-up takes a while: the GPU, the compositor).
Signals.install()
Flotilla.main()
// The log lines still queued reach standard error, unless it does not read them.
QueuedStandardError.writer.finish(within: .milliseconds(500))

struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the GPU host's capabilities: device, driver, memory heaps, extensions in use.")

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let logger = logging.bootstrap()
        do {
            printReport(try HostReport.text(withWayland: false, logger: logger))
        } catch {
            fail(error)
        }
    }
}

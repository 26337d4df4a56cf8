import ArgumentParser
import FlotillaApp
import FlotillaCore
import FlotillaWayland
import Foundation
import Logging

/// The only place that exits: every failure below arrives here as an error and leaves as one
/// line on standard error and a non-zero status.
struct Flotilla: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flotilla",
        abstract: "Many Wayland windows over one shared Vulkan host.",
        subcommands: [Run.self, Info.self, BenchMemory.self, BenchScale.self, BenchSchedule.self, BenchGlyphs.self, BenchLatency.self],
        defaultSubcommand: Run.self)
}

func fail(_ error: Error) -> Never {
    FileHandle.standardError.write(Data("flotilla: error: \(error)\n".utf8))
    exit(1)
}

// First of all: SIGINT and SIGTERM end the program cleanly (status 0) from its first
// instruction on, not only once the loop runs (start-up takes a while: the GPU, the compositor).
EventLoop.installSignalHandlers()
Flotilla.main()

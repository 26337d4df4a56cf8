import FlotillaBench
import ArgumentParser
import FlotillaApp
import FlotillaCore
import FlotillaWayland
import Foundation
import Logging

struct BenchMemory: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-memory",
        abstract: "Measure app-owned GPU memory of every scene at 1 to 25 windows, shared and isolated.")

    @Option(help: "Folder for memory.md and memory.png.")
    var output = "docs"

    @Option(help: "Window counts, comma-separated.")
    var windows = CountList([1, 2, 5, 10, 25])

    @Option(help: "Frames each run presents per window before it is measured.")
    var frames = 12

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let logger = logging.bootstrap()
        do {
            var benchmark = MemoryBenchmark(logger: logger)
            benchmark.windowCounts = windows.values
            benchmark.frames = frames
            let rows = try benchmark.run()
            try MemoryBenchmark.write(rows, to: URL(fileURLWithPath: output), benchmark: benchmark, logger: logger)
            printReport("wrote \(output)/memory.md and \(output)/memory.png")
        } catch {
            fail(error)
        }
    }
}

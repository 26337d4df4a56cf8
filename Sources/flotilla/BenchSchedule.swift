import FlotillaBench
import ArgumentParser
import FlotillaApp
import FlotillaCore
import FlotillaWayland
import Foundation
import Logging

struct BenchSchedule: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-schedule",
        abstract: "Measure scheduling latency by priority with 10 animating windows, shared and isolated.")

    @Option(help: "Folder for scheduling.md.")
    var output = "docs"

    @Option(help: "Seconds per mode.")
    var seconds = 10

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let logger = logging.bootstrap()
        do {
            var benchmark = ScheduleBenchmark(logger: logger)
            benchmark.seconds = max(seconds, 2)
            let runs = try benchmark.run()
            let device = (try? HostReport.deviceLine(logger: logger)) ?? "this machine"
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            try benchmark.markdown(runs, device: device).write(toFile: "\(output)/scheduling.md", atomically: true, encoding: .utf8)
            printReport("wrote \(output)/scheduling.md")
        } catch {
            fail(error)
        }
    }
}

import FlotillaBench
import ArgumentParser
import FlotillaApp
import FlotillaCore
import FlotillaWayland
import Foundation
import Logging

struct BenchLatency: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-latency",
        abstract: "Measure key-to-present latency in sway (wtype) with 1 and 10 animating windows, shared and isolated.")

    @Option(help: "Folder for latency.md.")
    var output = "docs"

    @Option(help: "Window counts, comma-separated.")
    var windows = CountList([1, 10])

    @Option(help: "Modes, comma-separated: shared, isolated.")
    var modes = "shared,isolated"

    @Option(help: "Scenes, comma-separated.")
    var scenes = "particles,grid"

    @Option(help: "Key presses per run.")
    var presses = 40

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard (2...1000).contains(presses) else { throw ValidationError("--presses must be 2 to 1000") }
        guard scenes.split(separator: ",").allSatisfy({ SceneKind(rawValue: String($0)) != nil }) else {
            throw ValidationError("--scenes: each must be one of \(SceneKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard modes.split(separator: ",").allSatisfy({ $0 == "shared" || $0 == "isolated" }) else {
            throw ValidationError("--modes must be shared, isolated or both, comma-separated")
        }
    }

    func run() throws {
        let logger = logging.bootstrap()
        do {
            var benchmark = LatencyBenchmark(logger: logger)
            benchmark.windowCounts = windows.values
            benchmark.modes = modes.split(separator: ",").map { $0 == "isolated" }
            benchmark.presses = presses
            benchmark.scenes = scenes.split(separator: ",").map(String.init)
            let (rows, privateSway) = try benchmark.run()
            let device = (try? HostReport.deviceLine(logger: logger)) ?? "this machine"
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            try LatencyBenchmark.markdown(rows, device: device, privateSway: privateSway, presses: presses,
                                          interval: benchmark.intervalMilliseconds)
                .write(toFile: "\(output)/latency.md", atomically: true, encoding: .utf8)
            printReport("wrote \(output)/latency.md")
        } catch {
            fail(error)
        }
    }
}

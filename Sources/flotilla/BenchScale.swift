import FlotillaBench
import ArgumentParser
import FlotillaApp
import FlotillaCore
import FlotillaWayland
import Foundation
import Logging

struct BenchScale: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-scale",
        abstract: "Measure fps, CPU and GPU time per window-frame from 1 to 1000 windows, shared and isolated.")

    @Option(help: "Folder for scale.md and scale.png.")
    var output = "docs"

    @Option(help: "Window counts at the small size, comma-separated.")
    var small = CountList([1, 10, 100, 300, 1000])

    @Option(help: "Window counts at the large size, comma-separated.")
    var large = CountList([1, 10, 100])

    @Option(help: "Isolated runs above this many windows are left out.")
    var isolatedLimit = 300

    @Option(help: "Modes, comma-separated: shared, isolated.")
    var modes = "shared,isolated"

    @Option(help: "The scene of every window, or mix.")
    var scene = SceneChoice.mix

    @Option(help: "Recording thread counts, comma-separated (default: 1 and every core).")
    var threads: CountList?

    @Option(help: "Seconds per run.")
    var seconds = 10

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard seconds >= 3 else { throw ValidationError("--seconds must be at least 3") }
        guard modes.split(separator: ",").allSatisfy({ $0 == "shared" || $0 == "isolated" }) else {
            throw ValidationError("--modes must be shared, isolated or both, comma-separated")
        }
        if let threads, !threads.values.allSatisfy({ (1...256).contains($0) }) {
            throw ValidationError("--threads must be counts from 1 to 256, comma-separated")
        }
    }

    func run() throws {
        let logger = logging.bootstrap()
        do {
            var benchmark = ScaleBenchmark(logger: logger)
            benchmark.smallCounts = small.values
            benchmark.largeCounts = large.values
            benchmark.isolatedLimit = isolatedLimit
            benchmark.modes = modes.split(separator: ",").map { $0 == "isolated" }
            if case .one(let kind) = scene { benchmark.scene = kind.rawValue }
            if let threads { benchmark.threadCounts = threads.values }
            benchmark.seconds = seconds
            let rows = benchmark.run()
            let device = (try? HostReport.deviceLine(logger: logger)) ?? "this machine"
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            try ScaleReport.markdown(rows, device: device, seconds: seconds, scene: benchmark.scene)
                .write(toFile: "\(output)/scale.md", atomically: true, encoding: .utf8)
            try ScaleReport.plot(rows).write(to: URL(fileURLWithPath: "\(output)/scale.png"))
            printReport("wrote \(output)/scale.md and \(output)/scale.png")
        } catch {
            fail(error)
        }
    }
}

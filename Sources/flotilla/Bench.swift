import ArgumentParser
import FlotillaApp
import FlotillaBench
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

struct BenchGlyphs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-glyphs",
        abstract: "Measure finding and laying out a glyph already in the atlas.")

    @Option(help: "Folder for glyphs.md.")
    var output = "docs"

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let logger = logging.bootstrap()
        do {
            let device = (try? HostReport.deviceLine(logger: logger)) ?? "this machine"
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            try GlyphBenchmark().markdown(device: device).write(toFile: "\(output)/glyphs.md", atomically: true, encoding: .utf8)
            printReport("wrote \(output)/glyphs.md")
        } catch {
            fail(error)
        }
    }
}

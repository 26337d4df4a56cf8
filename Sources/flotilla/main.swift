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

struct LoggingOptions: ParsableArguments {
    @Option(help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .notice

    func bootstrap() -> Logger {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "flotilla")
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// `--size 800x600`, parsed once by the argument parser.
extension Extent: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
    public var defaultValueDescription: String { description }
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

/// A byte count: a whole number, or with K, M or G (binary: 64M is 64 MiB).
struct ByteSize: ExpressibleByArgument {
    let bytes: UInt64

    init?(argument: String) {
        guard let bytes = ByteCount.parse(argument) else { return nil }
        self.bytes = bytes
    }
}

/// `--scene grid|particles|post|mix`, parsed once by the argument parser.
extension SceneChoice: ExpressibleByArgument {
    public static var allValueStrings: [String] { SceneKind.available.map(\.rawValue) + ["mix"] }
    public var defaultValueDescription: String { "mix" }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Open the demo windows (the default).")

    @Option(help: "How many windows to open at start (1 to --max-windows).")
    var windows = 3

    @Option(help: "Refuse to open more windows than this (keys n, N, m).")
    var maxWindows = 256

    @Option(help: "Key actions to play, by keysym name, e.g. \"n n N w\" (the same table as the keyboard).")
    var keys: String?

    @Option(help: "Window size as WxH (e.g. 1280x720), before the compositor decides.")
    var size = Extent(width: 800, height: 600)

    @Option(help: "The scene of every window (\(SceneKind.available.map(\.rawValue).joined(separator: ", "))), or mix.")
    var scene = SceneChoice.mix

    @Flag(help: "No compositor: every window renders into an offscreen image.")
    var headless = false

    @Flag(help: "Start with the memory overlay off (o toggles it).")
    var noOverlay = false

    @Flag(help: "Give every window its own pipelines, samplers, atlas, pools and ring (to measure what sharing saves).")
    var isolated = false

    @Option(help: "Exit 0 once every window has presented N frames.")
    var frames: Int?

    @Option(help: "Exit 0 after S seconds.")
    var seconds: Double?

    @Option(help: "Write JSON-lines statistics to FILE (or - for standard output).")
    var stats: String?

    @Option(help: ArgumentHelp("Advance every window's animation by MS milliseconds a frame, whatever the clock says.",
                               discussion: "For tests and benchmarks: the same frame number gives the same image.",
                               valueName: "MS"))
    var fixedStep: Double?

    @Option(help: ArgumentHelp("Allocate at most this much GPU memory (e.g. 512M); windows past it are refused.",
                               valueName: "BYTES"))
    var memoryBudget: ByteSize?

    @Option(help: ArgumentHelp("Threads that record the windows' frames at once (default: every core; 1: all on the loop thread).",
                               valueName: "N"))
    var threads: Int?

    @Option(help: ArgumentHelp("Folder for the PNGs of `s` (default: $XDG_PICTURES_DIR, else the working directory).",
                               valueName: "DIR"))
    var screenshots: String?

    @Option(help: ArgumentHelp("Folder of PNG and JPEG files the gallery scene shows (default: the project's docs).",
                               valueName: "DIR"))
    var images: String?

    @Option(help: ArgumentHelp("Keep at most this many bytes of decoded images on the GPU (default 64M).",
                               valueName: "BYTES"))
    var imageCache: ByteSize?

    @OptionGroup var logging: LoggingOptions

    /// A century: past it a run is unbounded in all but name, and Duration's range stays far away.
    static let longestRun = 100 * 365.25 * 86_400.0

    func validate() throws {
        guard maxWindows >= 1 else { throw ValidationError("--max-windows must be at least 1") }
        guard (1...maxWindows).contains(windows) else {
            throw ValidationError("--windows must be between 1 and \(maxWindows) (--max-windows)")
        }
        if let keys, case .failure(let unknown) = KeyBindings.script(keys) {
            throw ValidationError("--keys: no action for \(unknown.names.joined(separator: ", ")); keys are \(KeyBindings.keyNames.joined(separator: " "))")
        }
        guard size.width <= 16384, size.height <= 16384 else {
            throw ValidationError("--size must be at most 16384x16384")
        }
        if let frames, frames < 1 { throw ValidationError("--frames must be at least 1") }
        if let seconds, !(seconds > 0) || !seconds.isFinite || seconds > Self.longestRun {
            throw ValidationError("--seconds must be a number of seconds greater than 0 and at most \(Int(Self.longestRun))")
        }
        if let threads, !(1...256).contains(threads) {
            throw ValidationError("--threads must be between 1 and 256")
        }
        if let fixedStep, !(fixedStep > 0 && fixedStep <= 1000) {
            throw ValidationError("--fixed-step must be a number of milliseconds greater than 0 and at most 1000")
        }
        if let images {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: images, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("--images: '\(images)' is not a folder")
            }
        }
        if let screenshots {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: screenshots, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ValidationError("--screenshots: '\(screenshots)' is not a folder")
            }
        }
        if let stats, stats != "-" {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: stats, isDirectory: &isDirectory), isDirectory.boolValue {
                throw ValidationError("--stats: '\(stats)' is a directory; give a file name (or - for standard output)")
            }
        }
    }

    func run() throws {
        let logger = logging.bootstrap()
        var options = AppOptions()
        options.windowCount = windows
        options.size = size
        options.scene = scene
        options.headless = headless
        options.isolated = isolated
        options.overlay = !noOverlay
        options.frameLimit = frames
        options.secondsLimit = seconds
        options.statsPath = stats
        options.maxWindows = maxWindows
        options.fixedStep = fixedStep.map { $0 / 1000 }
        options.memoryBudget = memoryBudget?.bytes
        options.threads = threads ?? ProcessInfo.processInfo.activeProcessorCount
        options.screenshotFolder = screenshots
        options.images = Self.imageFiles(in: images)
        if let imageCache { options.imageCacheBudget = imageCache.bytes }
        if let keys, case .success(let actions) = KeyBindings.script(keys) { options.scriptedKeys = actions }
        do {
            let application = try Application(options: options, logger: logger)
            try application.run()
        } catch {
            fail(error)
        }
    }
}

struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the GPU host's capabilities: device, driver, memory heaps, extensions in use.")

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let logger = logging.bootstrap()
        do {
            print(try HostReport.text(withWayland: false, logger: logger))
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
            print("wrote \(output)/memory.md and \(output)/memory.png")
        } catch {
            fail(error)
        }
    }
}

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
            print("wrote \(output)/scale.md and \(output)/scale.png")
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

    @Option(help: "Key presses per run.")
    var presses = 40

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard (2...1000).contains(presses) else { throw ValidationError("--presses must be 2 to 1000") }
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
            let (rows, privateSway) = try benchmark.run()
            let device = (try? HostReport.deviceLine(logger: logger)) ?? "this machine"
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            try LatencyBenchmark.markdown(rows, device: device, privateSway: privateSway, presses: presses,
                                          interval: benchmark.intervalMilliseconds, scene: benchmark.scene)
                .write(toFile: "\(output)/latency.md", atomically: true, encoding: .utf8)
            print("wrote \(output)/latency.md")
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
            print("wrote \(output)/scheduling.md")
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
            print("wrote \(output)/glyphs.md")
        } catch {
            fail(error)
        }
    }
}

func fail(_ error: Error) -> Never {
    FileHandle.standardError.write(Data("flotilla: error: \(error)\n".utf8))
    exit(1)
}

// First of all: SIGINT and SIGTERM end the program cleanly (status 0) from its first
// instruction on, not only once the loop runs (start-up takes a while: the GPU, the compositor).
EventLoop.installSignalHandlers()
Flotilla.main()

extension Run {
    /// The PNG and JPEG files of `folder` in name order; without one, the project's docs (found
    /// from the working directory, or beside an installed binary).
    static func imageFiles(in folder: String?) -> [String] {
        let candidates = folder.map { [$0] } ?? ["docs", URL(fileURLWithPath: CommandLine.arguments[0])
            .deletingLastPathComponent().appendingPathComponent("../share/flotilla/images").standardized.path]
        for candidate in candidates {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: candidate) else { continue }
            let files = names.filter { ["png", "jpg", "jpeg"].contains(($0 as NSString).pathExtension.lowercased()) }.sorted()
            if !files.isEmpty || folder != nil { return files.map { (candidate as NSString).appendingPathComponent($0) } }
        }
        return []
    }
}

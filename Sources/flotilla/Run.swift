import ArgumentParser
import FlotillaApp
import FlotillaCore
import FlotillaWayland
import Foundation
import Logging

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

    @Option(help: "The scene of every window (\(SceneKind.allCases.map(\.rawValue).joined(separator: ", "))), or mix.")
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

    @Option(help: ArgumentHelp("Allocate at most this much GPU memory (e.g. 512M, 512MiB or 1G; K, M, G with or without i and B are all binary); what would pass it is refused alone.",
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

    @Option(help: ArgumentHelp("Keep at most this many bytes of decoded images on the GPU (default 64M; units as for --memory-budget).",
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
        if let keys, case .failure(let unknown) = KeyTable.script(keys) {
            throw ValidationError("--keys: no action for \(unknown.names.joined(separator: ", ")); keys are \(KeyTable.keyNames.joined(separator: " "))")
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
        if let keys, case .success(let actions) = KeyTable.script(keys) { options.scriptedKeys = actions }
        do {
            let application = try Application(options: options, logger: logger)
            try application.run()
        } catch {
            fail(error)
        }
    }
}

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

import FlotillaApp
import FlotillaCore
import Foundation
import Logging

/// `flotilla bench-latency`: how long a key takes to reach the screen, from the compositor's own
/// presentation feedback (wp_presentation). For each compositor, scene, window count and mode, this
/// same binary runs with every window animating and `h` (the help panel, on and off) pressed `presses`
/// times in the focused window: typed by `wtype` in sway, scripted with `--keys` in weston (whose
/// headless backend has no seat). The run's key→present and frame→present figures come from its
/// last stats line, with the output's refresh period beside them for scale.
public struct LatencyBenchmark {
    public struct Configuration: Sendable {
        public let compositor: String
        public let scene: String
        public let windows: Int
        public let isolated: Bool
    }

    public struct Row: Sendable {
        public let configuration: Configuration
        public let measured: Measured?
        public let failure: String?
    }

    public struct Measured: Sendable {
        public let keys: Int
        public let keyP50: Double, keyP99: Double, keyMax: Double
        public let frameP50: Double, frameP99: Double
        /// Flotilla's share of a key's latency (key to commit) and the compositor's share of a
        /// frame's (commit to light), p50.
        public let keyToCommitP50: Double, commitToPresentP50: Double
        public let refreshMilliseconds: Double
        public let missedRefreshes: Int
        public let presented: Int
        public let discarded: Int
    }

    public var compositors = ["sway", "weston"]
    public var windowCounts = [1, 10]
    public var modes = [false, true]
    public var presses = 40
    /// Between two key presses (wtype -d), longer than a frame so each lands in a frame of its own.
    public var intervalMilliseconds = 150
    /// The GPU-heavy scene, and a text window (what a key usually changes).
    public var scenes = ["particles", "grid"]
    public var executable = "/proc/self/exe"
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public var configurations: [Configuration] {
        compositors.flatMap { compositor in
            scenes.flatMap { scene in
                modes.flatMap { isolated in
                    windowCounts.map { Configuration(compositor: compositor, scene: scene, windows: $0, isolated: isolated) }
                }
            }
        }
    }

    /// Runs every configuration; each compositor is started once (sway: the user's session if
    /// there is one).
    public func run() throws -> (rows: [Row], privateSway: Bool) {
        var rows: [Row] = []
        var privateSway = true
        for name in compositors {
            guard let kind = BenchCompositor.Kind(rawValue: name) else { continue }
            let session: BenchCompositor
            do {
                session = try BenchCompositor(kind)
            } catch {
                rows += configurations.filter { $0.compositor == name }
                    .map { Row(configuration: $0, measured: nil, failure: "\(error)") }
                continue
            }
            if kind == .sway { privateSway = session.isPrivate }
            rows += configurations.filter { $0.compositor == name }.map { measureAndLog($0, in: session) }
            session.stop()
        }
        return (rows, privateSway)
    }

    private func measureAndLog(_ configuration: Configuration, in session: BenchCompositor) -> Row {
            let row = measure(configuration, in: session)
            if let m = row.measured {
                logger.notice("\(configuration.compositor), \(configuration.scene), \(configuration.windows) windows \(configuration.isolated ? "isolated" : "shared"): key→present p50 \(String(format: "%.1f", m.keyP50)) ms, p99 \(String(format: "%.1f", m.keyP99)) ms over \(m.keys) keys")
            } else {
                logger.warning("\(configuration.compositor), \(configuration.windows) windows: \(row.failure ?? "failed")")
            }
            return row
    }

    func measure(_ configuration: Configuration, in session: BenchCompositor) -> Row {
        func failed(_ why: String) -> Row { Row(configuration: configuration, measured: nil, failure: why) }
        let stats = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-latency-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: stats) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        let keys = Array(repeating: "h", count: presses)
        process.arguments = ["run", "--windows", String(configuration.windows), "--scene", configuration.scene,
                             "--stats", stats.path] + (configuration.isolated ? ["--isolated"] : [])
            + (session.kind == .weston ? ["--keys", keys.joined(separator: " ")] : [])
        var environment = ProcessInfo.processInfo.environment
        environment.merge(session.environment) { $1 }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return failed("could not start: \(error)") }
        defer { if process.isRunning { process.terminate(); process.waitUntilExit() } }

        // Every window shows frames before the first key.
        var ready = false
        for _ in 0..<600 where !ready && process.isRunning {
            usleep(100_000)
            let counts = Self.lines(stats).last?["frames_presented"] as? [String: Int] ?? [:]
            ready = counts.count == configuration.windows && counts.values.allSatisfy { $0 >= 10 }
        }
        guard ready else { return failed(process.isRunning ? "windows did not all present within 60 s" : "exited early") }
        usleep(1_000_000)
        if session.kind == .sway {
            do {
                let status = try session.run("wtype", ["-d", String(intervalMilliseconds), keys.joined()])
                guard status == 0 else { return failed("wtype exited with status \(status)") }
            } catch {
                return failed("\(error)")
            }
        } else {
            // --keys plays one key every 0.4 s once every window has presented.
            let keysEnd = Date().addingTimeInterval(Double(presses) * 0.4 + 2)
            while Date() < keysEnd, process.isRunning { usleep(100_000) }
        }
        // The last keys' frames reach the screen, then a final stats line.
        usleep(1_500_000)
        process.interrupt()
        process.waitUntilExit()
        guard let present = Self.lines(stats).last?["present"] as? [String: Any],
              let key = present["key_to_present_ms"] as? [String: Any],
              let frame = present["frame_to_present_ms"] as? [String: Any] else {
            return failed("no presentation figures in the stats (does the compositor offer wp_presentation?)")
        }
        func number(_ value: Any?) -> Double { value as? Double ?? (value as? Int).map(Double.init) ?? 0 }
        let count = Int(number(key["count"]))
        guard count > 0 else {
            return failed("no key was measured: \(Int(number(present["presented"]))) frames presented, \(Int(number(present["discarded"]))) discarded by the compositor")
        }
        return Row(configuration: configuration, measured: Measured(
            keys: count, keyP50: number(key["p50"]), keyP99: number(key["p99"]), keyMax: number(key["max"]),
            frameP50: number(frame["p50"]), frameP99: number(frame["p99"]),
            keyToCommitP50: number((present["key_to_commit_ms"] as? [String: Any])?["p50"]),
            commitToPresentP50: number((present["commit_to_present_ms"] as? [String: Any])?["p50"]),
            refreshMilliseconds: number(present["refresh_ms"]), missedRefreshes: Int(number(present["missed_refreshes"])),
            presented: Int(number(present["presented"])), discarded: Int(number(present["discarded"]))), failure: nil)
    }

    static func lines(_ url: URL) -> [[String: Any]] {
        ((try? String(contentsOf: url, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    /// docs/latency.md.
    public static func markdown(_ rows: [Row], device: String, privateSway: Bool, presses: Int, interval: Int) -> String {
        func fixed(_ value: Double) -> String { String(format: "%.1f", value) }
        var text = """
        # Latency: from a key to the screen

        Measured by `flotilla bench-latency` on \(device). Every window animates, in the particles scene
        (GPU-heavy: a compute step and 800x600 of particles) or the grid scene (a text window), and `h`
        (the help panel, on and off) is pressed \(presses) times in the focused window:
        - **sway**: \(privateSway ? "a private headless sway (pixman renderer, 1920x1080 output)" : "the user's sway session"); `wtype` types the keys, \(interval) ms
          apart, through sway's seat;
        - **weston**: a private headless weston (pixman); its headless backend has no seat, so the keys are
          scripted (`--keys`, 0.4 s apart) and measured from the moment Flotilla acts on them.

        The times are the compositor's: wp_presentation's `presented` timestamp of the first frame that
        showed the key, minus the moment the key reached Flotilla (read from the presentation clock), so they
        include painting, the GPU, and the compositor's own composition and refresh wait.

        - **key→present**: per key, p50 / p99 / max;
        - **key→commit**: Flotilla's share of it, from the key to the commit (`vkQueuePresentKHR`) of the
          frame that shows it, p50; **commit→present**: the rest, the compositor's (and the driver's
          window-system copy), per frame, p50;
        - **frame→present**: from the start of a frame's paint to its presentation, every frame of every window;
        - **refresh**: the output's refresh period as the compositor reports it, for scale;
        - **missed refreshes**: refreshes that passed with no new frame between two frames of an animating window;
        - **discarded**: frames the compositor never showed. On a MAILBOX swapchain a key's frame is sent at
          once, without waiting for the frame callback, and replaces the frame already waiting in the
          compositor: that one is discarded, and the key is shown at the next repaint.


        """
        text += "| compositor | scene | windows | mode | keys | key→present p50 / p99 / max (ms) | key→commit p50 (ms) | commit→present p50 (ms) | frame→present p50 / p99 (ms) | refresh (ms) | frames presented | discarded | missed refreshes |\n"
        text += "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for row in rows {
            let c = row.configuration
            let mode = c.isolated ? "isolated" : "shared"
            guard let m = row.measured else {
                text += "| \(c.compositor) | \(c.scene) | \(c.windows) | \(mode) | \(row.failure ?? "failed") |||||||||\n"
                continue
            }
            text += "| \(c.compositor) | \(c.scene) | \(c.windows) | \(mode) | \(m.keys) | \(fixed(m.keyP50)) / \(fixed(m.keyP99)) / \(fixed(m.keyMax)) | \(fixed(m.keyToCommitP50)) | \(fixed(m.commitToPresentP50)) | \(fixed(m.frameP50)) / \(fixed(m.frameP99)) | \(fixed(m.refreshMilliseconds)) | \(m.presented) | \(m.discarded) | \(m.missedRefreshes) |\n"
        }
        return text
    }
}

import FlotillaApp
import FlotillaCore
import Foundation
import Logging

/// `flotilla bench-scale`: how far one process goes in windows. Each configuration (window
/// count, size, shared or isolated) is a separate headless run of this same binary (scenes
/// mixed, 60 Hz tick), measured between a stats line taken once every window has presented
/// and the run's final line: frames per second per window (lowest and median), the whole
/// process's CPU time per presented window-frame, recording time, GPU time per window-frame
/// (timestamps), passes and submissions, and memory.
public struct ScaleBenchmark {
    public struct Configuration: Sendable {
        public let windows: Int
        public let size: Extent
        public let isolated: Bool
        public let threads: Int
    }

    public struct Row: Sendable {
        public let configuration: Configuration
        /// nil when the run failed; then `failure` says why.
        public let measured: Measured?
        public let failure: String?
    }

    public struct Measured: Sendable {
        public let seconds: Double
        public let fpsMin: Double
        public let fpsMedian: Double
        public let cpuPerWindowFrameMicroseconds: Double
        public let recordP50Microseconds: Double
        public let recordP99Microseconds: Double
        public let gpuP50Milliseconds: Double?
        public let gpuP99Milliseconds: Double?
        public let framesPerPass: Double
        public let submitsPerPass: Double
        /// The ledger's bytes in use, window targets (stand-ins for swapchains) and reserve left out.
        public let bytesInUse: Int
        public let pssBytes: Int
        /// Seconds from start until every window had presented (the measure's start).
        public let startSeconds: Double
        /// Shares of the interval the loop thread spent preparing frames, recording passes (with
        /// the recording threads), in vkQueueSubmit2, and waiting for events.
        public let loopShares: (prepare: Double, record: Double, submit: Double, waiting: Double)
    }

    public var smallCounts = [1, 10, 100, 300, 1000]
    public var smallSize = Extent(width: 320, height: 240)
    public var largeCounts = [1, 10, 100]
    public var largeSize = Extent(width: 800, height: 600)
    public var modes = [false, true]
    /// Recording threads: one, and every core.
    public var threadCounts = Array(Set([1, ProcessInfo.processInfo.activeProcessorCount])).sorted()
    /// Isolated runs above this many windows are left out (each window compiles its own
    /// pipelines without a cache: minutes at 1000).
    public var isolatedLimit = 300
    public var seconds = 10
    /// `--scene` of every run: mix, or one scene.
    public var scene = "mix"
    public var executable = "/proc/self/exe"
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public var configurations: [Configuration] {
        var all: [Configuration] = []
        for isolated in modes {
            for threads in threadCounts {
                for (counts, size) in [(smallCounts, smallSize), (largeCounts, largeSize)] {
                    for windows in counts where !isolated || windows <= isolatedLimit {
                        all.append(Configuration(windows: windows, size: size, isolated: isolated, threads: threads))
                    }
                }
            }
        }
        return all
    }

    public func run() -> [Row] {
        configurations.map { configuration in
            let row = measure(configuration)
            if let measured = row.measured {
                logger.notice("\(configuration.windows) x \(configuration.size) \(configuration.isolated ? "isolated" : "shared"), \(configuration.threads) threads: fps median \(String(format: "%.1f", measured.fpsMedian)), CPU \(String(format: "%.0f", measured.cpuPerWindowFrameMicroseconds)) us per window-frame")
            } else {
                logger.warning("\(configuration.windows) x \(configuration.size): \(row.failure ?? "failed")")
            }
            return row
        }
    }

    func measure(_ configuration: Configuration) -> Row {
        let stats = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-scale-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: stats) }
        let arguments = ["run", "--headless", "--windows", String(configuration.windows),
                         "--max-windows", String(max(configuration.windows, 256)), "--scene", scene,
                         "--size", configuration.size.description, "--seconds", String(seconds), "--no-overlay",
                         "--threads", String(configuration.threads),
                         "--stats", stats.path] + (configuration.isolated ? ["--isolated"] : [])
        let status: Int32
        do {
            status = try BenchChild.run(executable, arguments)
        } catch {
            return Row(configuration: configuration, measured: nil, failure: "could not start: \(error)")
        }
        guard status == 0 else {
            return Row(configuration: configuration, measured: nil, failure: "exit status \(status)")
        }
        let lines = ((try? String(contentsOf: stats, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        guard let measured = Self.measure(lines, windows: configuration.windows) else {
            return Row(configuration: configuration, measured: nil,
                       failure: "fewer than two stats lines after every window presented (\(lines.count) lines in \(seconds) s)")
        }
        return Row(configuration: configuration, measured: measured, failure: nil)
    }

    /// The interval from the first line at which every window had presented, plus one line, to
    /// the last line.
    static func measure(_ lines: [[String: Any]], windows: Int) -> Measured? {
        func frames(_ line: [String: Any]) -> [String: Int] { line["frames_presented"] as? [String: Int] ?? [:] }
        func number(_ value: Any?) -> Double? { value as? Double ?? (value as? Int).map(Double.init) }
        guard let allPresented = lines.firstIndex(where: { line in
            let counts = frames(line)
            return counts.count == windows && counts.values.allSatisfy { $0 > 0 }
        }) else { return nil }
        let baseIndex = min(allPresented + 1, lines.count - 2)
        guard baseIndex >= allPresented, let end = lines.last, lines.count >= 2 else { return nil }
        let base = lines[baseIndex]
        guard let t0 = number(base["time_s"]), let t1 = number(end["time_s"]), t1 > t0 else { return nil }
        let before = frames(base), after = frames(end)
        let rates = after.map { id, count in Double(count - (before[id] ?? 0)) / (t1 - t0) }.sorted()
        let presented = after.reduce(0) { $0 + $1.value - (before[$1.key] ?? 0) }
        let cpu0 = number((base["cpu"] as? [String: Any])?["total_s"]) ?? 0
        let cpu = end["cpu"] as? [String: Any] ?? [:]
        let cpu1 = number(cpu["total_s"]) ?? 0
        let record = cpu["record_us"] as? [String: Any] ?? [:]
        let gpu = (end["gpu_ms"] as? [String: Any])?["window_frame"] as? [String: Any]
        let passes = (number(end["passes"]) ?? 0) - (number(base["passes"]) ?? 0)
        let submits = (number(end["submits"]) ?? 0) - (number(base["submits"]) ?? 0)
        func loop(_ line: [String: Any], _ key: String) -> Double { number((line["loop_s"] as? [String: Any])?[key]) ?? 0 }
        func share(_ key: String) -> Double { (loop(end, key) - loop(base, key)) / (t1 - t0) }
        let memory = end["memory"] as? [String: Any] ?? [:]
        let categories = memory["by_category"] as? [String: Int] ?? [:]
        let inUse = (memory["total_bytes"] as? Int ?? 0) - (categories["targets"] ?? 0) - (categories["reserve"] ?? 0)
        return Measured(
            seconds: t1 - t0, fpsMin: rates.first ?? 0, fpsMedian: rates.isEmpty ? 0 : rates[rates.count / 2],
            cpuPerWindowFrameMicroseconds: presented > 0 ? (cpu1 - cpu0) / Double(presented) * 1_000_000 : 0,
            recordP50Microseconds: number(record["p50"]) ?? 0, recordP99Microseconds: number(record["p99"]) ?? 0,
            gpuP50Milliseconds: number(gpu?["p50"]), gpuP99Milliseconds: number(gpu?["p99"]),
            framesPerPass: passes > 0 ? Double(presented) / passes : 0, submitsPerPass: passes > 0 ? submits / passes : 0,
            bytesInUse: inUse, pssBytes: (end["process"] as? [String: Any])?["pss_bytes"] as? Int ?? 0,
            startSeconds: number(lines[allPresented]["time_s"]) ?? 0,
            loopShares: (share("prepare"), share("record"), share("submit"), share("waiting")))
    }
}

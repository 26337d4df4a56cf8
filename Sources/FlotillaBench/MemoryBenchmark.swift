import FlotillaApp
import FlotillaCore
import Foundation
import Logging

/// `flotilla bench-memory`: every scene at 1, 2, 5, 10 and 25 windows, shared and isolated, each
/// a separate headless run of this same binary on this machine, measured by its own final
/// `--stats` line. Writes `memory.md` (the table) and `memory.png` (bytes against windows).
public struct MemoryBenchmark {
    public struct Row: Sendable {
        public let scene: String
        public let mode: String
        public let windows: Int
        /// Bytes in use by Flotilla's own allocations, offscreen targets left out (they stand
        /// in for swapchain images, which are the window system's).
        public let appBytes: Int
        /// Bytes taken from vkAllocateMemory for the same (blocks whole, targets left out).
        public let allocatedBytes: Int
        public let windowBytes: Int
        public let deviceAllocations: Int
        public let pipelines: Int
        public let pssBytes: Int
        /// The ledger's whole total, targets included (what the driver sees too).
        public let ledgerTotalBytes: Int
        /// The window targets' bytes (offscreen images standing in for swapchains).
        public let targetBytes: Int
        /// Heap usage reported by the driver over all heaps (VK_EXT_memory_budget), if it has it.
        public let driverUsageBytes: Int?
        /// The full-resolution intermediates' bytes (the stats line's `transients.bytes`).
        public let transientBytes: Int
    }

    public var sceneNames = ["grid", "particles", "post"]
    public var windowCounts = [1, 2, 5, 10, 25]
    public var size = Extent(width: 800, height: 600)
    public var frames = 12
    public var executable = "/proc/self/exe"
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func run() throws -> [Row] {
        var rows: [Row] = []
        for scene in sceneNames {
            for mode in ["shared", "isolated"] {
                for windows in windowCounts {
                    let row = try measure(scene: scene, isolated: mode == "isolated", windows: windows)
                    logger.notice("\(scene) \(mode) \(windows) windows: \(row.appBytes) B in use, \(row.deviceAllocations) allocations")
                    rows.append(row)
                }
            }
        }
        return rows
    }

    func measure(scene: String, isolated: Bool, windows: Int) throws -> Row {
        let stats = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-bench-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: stats) }
        let status = try BenchChild.run(executable, ["run", "--headless", "--windows", String(windows),
                                                     "--max-windows", String(max(windows, 256)), "--scene", scene,
                                                     "--size", size.description, "--frames", String(frames),
                                                     "--stats", stats.path] + (isolated ? ["--isolated"] : []))
        guard status == 0,
              let text = try? String(contentsOf: stats, encoding: .utf8),
              let lastLine = text.split(separator: "\n").last,
              let line = try JSONSerialization.jsonObject(with: Data(lastLine.utf8)) as? [String: Any],
              let memory = line["memory"] as? [String: Any],
              let categories = memory["by_category"] as? [String: Int] else {
            throw BenchmarkError.runFailed(scene: scene, windows: windows, status: status)
        }
        let total = memory["total_bytes"] as? Int ?? 0
        let targets = categories["targets"] ?? 0
        let reserve = categories["reserve"] ?? 0
        let perWindow = (memory["window_bytes"] as? [String: Int] ?? [:]).values.reduce(0, +)
        let allocations = (memory["device_allocations"] as? Int ?? 0) - (memory["target_device_allocations"] as? Int ?? 0)
        let process_ = line["process"] as? [String: Any]
        // Every heap: the ring is host-visible memory, outside the device-local heap.
        let heaps = memory["heaps"] as? [[String: Any]] ?? []
        let driverUsage = heaps.isEmpty ? nil : heaps.reduce(0) { $0 + ($1["usage"] as? Int ?? 0) }
        return Row(scene: scene, mode: isolated ? "isolated" : "shared", windows: windows,
                   appBytes: total - targets - reserve, allocatedBytes: total - targets,
                   windowBytes: perWindow - targets, deviceAllocations: allocations,
                   pipelines: line["pipelines_created"] as? Int ?? 0, pssBytes: process_?["pss_bytes"] as? Int ?? 0,
                   ledgerTotalBytes: total, targetBytes: targets, driverUsageBytes: driverUsage,
                   transientBytes: (line["transients"] as? [String: Any])?["bytes"] as? Int ?? 0)
    }

    enum BenchmarkError: Error, CustomStringConvertible {
        case runFailed(scene: String, windows: Int, status: Int32)

        var description: String {
            switch self {
            case .runFailed(let scene, let windows, let status): "the run of \(windows) \(scene) windows failed (status \(status))"
            }
        }
    }
}

extension MemoryBenchmark {
    /// Writes the table and the plot into `folder`.
    public static func write(_ rows: [Row], to folder: URL, benchmark: MemoryBenchmark, logger: Logger) throws {
        let device = (try? HostReport.deviceLine(logger: logger)) ?? "this machine"
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let markdown = MemoryReport.markdown(rows, device: device, size: benchmark.size, frames: benchmark.frames)
        try markdown.write(to: folder.appendingPathComponent("memory.md"), atomically: true, encoding: .utf8)
        var plot = MemoryPlot()
        try plot.render(rows).write(to: folder.appendingPathComponent("memory.png"))
    }
}

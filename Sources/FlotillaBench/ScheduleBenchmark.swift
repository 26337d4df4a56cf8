import FlotillaApp
import FlotillaCore
import Foundation
import Logging

/// `flotilla bench-schedule`: 10 animating windows for 10 s, headless, with scripted keys
/// (pause/resume an existing window, open a window, close it) throughout, in shared and then
/// isolated mode; reads each run's final `--stats` and writes `scheduling.md`.
public struct ScheduleBenchmark {
    public var windows = 10
    public var seconds = 10
    public var size = Extent(width: 320, height: 240)
    public var executable = "/proc/self/exe"
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// Space twice (UserInput on the newest window), then n (a new window, painted at UserInput
    /// until its first present) and w (close it): 0.4 s per key.
    var keys: String {
        Array(repeating: "space space n w", count: max(seconds * 10 / 16, 1)).joined(separator: " ")
    }

    public func run() throws -> [(mode: String, line: [String: Any])] {
        try ["shared", "isolated"].map { mode in
            let stats = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-schedule-\(UUID().uuidString).jsonl")
            defer { try? FileManager.default.removeItem(at: stats) }
            let status = try BenchChild.run(executable, ["run", "--headless", "--windows", String(windows),
                                                         "--size", size.description, "--scene", "mix",
                                                         "--seconds", String(seconds), "--keys", keys, "--stats", stats.path]
                                                + (mode == "isolated" ? ["--isolated"] : []))
            guard status == 0, let text = try? String(contentsOf: stats, encoding: .utf8),
                  let last = text.split(separator: "\n").last,
                  let line = try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any] else {
                throw MemoryBenchmark.BenchmarkError.runFailed(scene: "mix", windows: windows, status: status)
            }
            logger.notice("\(mode): done")
            return (mode, line)
        }
    }

    public func markdown(_ runs: [(mode: String, line: [String: Any])], device: String) -> String {
        func number(_ value: Any?) -> String {
            guard let value = value as? Double ?? (value as? Int).map(Double.init) else { return "—" }
            return String(format: "%.3f", value)
        }
        var text = """
        # Scheduling: latency by priority

        Measured by `flotilla bench-schedule` on \(device): \(windows) animating windows (scenes mixed) at \(size),
        headless (a steady 60 Hz tick stands in for frame callbacks), \(seconds) s per mode, keys scripted
        throughout: `space space n w` (pause and resume a window, open one, close it), one key per 0.4 s.

        - **request → submit**: from the request (a key press, a new window, a frame callback) to the
          frame's vkQueueSubmit; a key waits for its window's next frame callback, as Wayland pacing wants.
        - **ready → submit**: from the pass that found the window ready (callback fired) to the submit:
          the scheduler's own delay.
        - **inputs served late**: paints a window made between a key and the paint showing it (0: every key
          landed in the very next paint).


        """
        for (mode, line) in runs {
            let scheduler = line["scheduler"] as? [String: Any] ?? [:]
            let requests = scheduler["requests"] as? [String: Int] ?? [:]
            let paints = scheduler["paints"] as? [String: Int] ?? [:]
            let deferred = scheduler["deferred"] as? [String: Int] ?? [:]
            let latency = scheduler["latency_ms"] as? [String: [String: Any]] ?? [:]
            let ready = scheduler["ready_to_submit_ms"] as? [String: [String: Any]] ?? [:]
            text += "## \(mode)\n\n| priority | requests | paints | deferred | request → submit p50 / p99 / max (ms) | ready → submit p50 / p99 (ms) |\n"
            text += "|---|---:|---:|---:|---|---|\n"
            for key in ["user_input", "animation", "background"] {
                let l = latency[key] ?? [:], r = ready[key] ?? [:]
                let readyText = r.isEmpty ? "—" : "\(number(r["p50"])) / \(number(r["p99"]))"
                text += "| \(key) | \(requests[key] ?? 0) | \(paints[key] ?? 0) | \(deferred[key] ?? 0) | \(number(l["p50"])) / \(number(l["p99"])) / \(number(l["max"])) | \(readyText) |\n"
            }
            let spawn = scheduler["spawn_to_first_present_ms"] as? [String: Any] ?? [:]
            text += "\nKey press (n) → first present of the new window: p50 \(number(spawn["p50"])) ms, p99 \(number(spawn["p99"])) ms (\(spawn["count"] ?? 0) windows, the first \(windows) included). Inputs served late: \(scheduler["input_paints_waited_max"] ?? "—").\n\n"
        }
        if let shared = (runs.first { $0.mode == "shared" }?.line["scheduler"] as? [String: Any])?["spawn_to_first_present_ms"] as? [String: Any],
           let isolated = (runs.first { $0.mode == "isolated" }?.line["scheduler"] as? [String: Any])?["spawn_to_first_present_ms"] as? [String: Any],
           let sharedP50 = shared["p50"] as? Double, let isolatedP50 = isolated["p50"] as? Double, isolatedP50 > 0 {
            text += "## Shared / isolated\n\nKey press → first present, p50: \(String(format: "%.3f", sharedP50)) ms shared, \(String(format: "%.3f", isolatedP50)) ms isolated: ratio \(String(format: "%.2f", sharedP50 / isolatedP50)).\n"
        }
        return text
    }
}

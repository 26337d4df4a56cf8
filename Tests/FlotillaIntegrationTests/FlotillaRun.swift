import Foundation
import FlotillaCompositors
import FlotillaTestSupport

/// One `flotilla` run in a test's compositor, writing `--stats` to a file of its own: the
/// start, the stats lines and the end that the end-to-end tests share.
final class FlotillaRun {
    let child: ChildProcess
    let statsPath: String

    init(_ arguments: [String], in compositor: TestCompositor, statsName: String,
         environment extra: [String: String] = [:]) throws {
        statsPath = temporaryFile(statsName)
        child = try ChildProcess(FlotillaBinary.path, arguments + ["--stats", statsPath],
                                 environment: FlotillaBinary.environment(compositor.clientEnvironment.merging(extra) { $1 }))
    }

    var stats: StatsLines { StatsLines(path: statsPath) }
    var last: [String: Any]? { stats.last }
    var windowCount: Int { last?["windows"] as? Int ?? 0 }
    var framesPresented: [String: Int] { stats.framesPresented(last) }

    /// SIGTERM, as a desktop session's logout sends, and what the run printed.
    func terminate(timeout: Double = 20) -> ProcessResult {
        kill(child.pid, SIGTERM)
        return child.wait(timeout: timeout)
    }

    deinit {
        child.terminate()
        try? FileManager.default.removeItem(atPath: statsPath)
    }
}

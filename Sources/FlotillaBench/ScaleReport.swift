import FlotillaApp
import FlotillaCore
import Foundation

/// The markdown and the plot of `flotilla bench-scale`.
public enum ScaleReport {
    public static func markdown(_ rows: [ScaleBenchmark.Row], device: String, seconds: Int, scene: String = "mix") -> String {
        func fixed(_ value: Double?, _ digits: Int = 1) -> String {
            value.map { String(format: "%.\(digits)f", $0) } ?? "—"
        }
        var text = """
        # Scale: how many windows one process drives

        Measured by `flotilla bench-scale` on \(device): every row a separate headless run of the same
        binary (\(scene == "mix" ? "scenes mixed: grid, particles, post" : "every window the \(scene) scene"); overlay off; a 60 Hz tick stands in for frame
        callbacks), \(seconds) s each, measured from one stats line after every window had presented to the
        run's last line. **threads**: threads recording the windows' passes (`--threads`; the loop thread
        prepares every window's frame, then that many threads record their passes at once).

        - **fps**: presented frames per second of each window over that interval, the lowest and the median
          (60 is the tick: a window cannot go faster);
        - **CPU/window-frame**: user + system CPU time of the whole process over the interval, divided by the
          window-frames presented in it (on lavapipe this includes the software rasterizer's own threads);
        - **record p50/p99**: CPU time to record one window's frame (scene advance, uploads, commands);
        - **GPU p50/p99**: a pass's time on the GPU (two timestamp queries a pass) over its window-frames;
        - **frames/pass**: window-frames per `vkQueueSubmit2` (one submit and one present per pass);
        - **in use**: the ledger's bytes, window targets and block reserve left out;
        - **loop thread**: shares of the interval the loop thread spent preparing frames (scenes, uploads,
          draw lists), recording passes (with the recording threads), in `vkQueueSubmit2`, and waiting for
          events; the rest is Wayland, the scheduler, stats and housekeeping.


        """
        text += "| windows | size | mode | threads | fps min | fps median | CPU/window-frame (µs) | record p50/p99 (µs) | GPU p50/p99 (ms) | frames/pass | submits/pass | in use (MiB) | all presented after (s) | loop thread: prepare / record / submit / waiting (%) |\n"
        text += "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for row in rows {
            let configuration = row.configuration
            let mode = configuration.isolated ? "isolated" : "shared"
            guard let m = row.measured else {
                text += "| \(configuration.windows) | \(configuration.size) | \(mode) | \(configuration.threads) | \(row.failure ?? "failed") |||||||||||\n"
                continue
            }
            let gpu = m.gpuP50Milliseconds == nil ? "—" : "\(fixed(m.gpuP50Milliseconds, 3)) / \(fixed(m.gpuP99Milliseconds, 3))"
            text += "| \(configuration.windows) | \(configuration.size) | \(mode) | \(configuration.threads) | \(fixed(m.fpsMin)) | \(fixed(m.fpsMedian)) "
            text += "| \(fixed(m.cpuPerWindowFrameMicroseconds, 0)) | \(fixed(m.recordP50Microseconds, 0)) / \(fixed(m.recordP99Microseconds, 0)) "
            text += "| \(gpu) | \(fixed(m.framesPerPass)) | \(fixed(m.submitsPerPass, 2)) "
            let shares = m.loopShares
            text += "| \(fixed(Double(m.bytesInUse) / 1_048_576, 2)) | \(fixed(m.startSeconds)) "
            text += "| \(fixed(shares.prepare * 100, 0)) / \(fixed(shares.record * 100, 0)) / \(fixed(shares.submit * 100, 0)) / \(fixed(shares.waiting * 100, 0)) |\n"
        }
        text += "\n![median fps and CPU per window-frame against windows](scale.png)\n"
        return text
    }

    /// Two panels against window count (logarithmic): median fps, and CPU per window-frame.
    public static func plot(_ rows: [ScaleBenchmark.Row]) throws -> Data {
        var canvas = PlotCanvas(width: 1100, height: 520)
        let measured = rows.filter { !$0.configuration.isolated }.compactMap { row in row.measured.map { (row.configuration, $0) } }
        let mostThreads = measured.map(\.0.threads).max() ?? 1
        let maxWindows = max(measured.map(\.0.windows).max() ?? 10, 10)
        // (size, one thread?) per series: dashed for one recording thread.
        let series: [(size: Extent, oneThread: Bool)] = Array(Set(measured.map { "\($0.0.size.description)|\($0.0.threads == 1)" }))
            .sorted().compactMap { key in
                let parts = key.split(separator: "|")
                return measured.first { "\($0.0.size.description)" == parts[0] }.map { ($0.0.size, parts[1] == "true") }
            }
        let palette: [PlotCanvas.Color] = [(64, 140, 255), (230, 90, 70), (80, 180, 110), (170, 110, 220)]
        let sizes = Array(Set(series.map(\.size.description))).sorted()

        func panel(left: Int, title: String, value: (ScaleBenchmark.Measured) -> Double, unit: String) {
            let right = left + 430, top = 50, bottom = 440
            let maxValue = max(measured.map { value($0.1) }.max() ?? 1, 1)
            func x(_ windows: Int) -> Int {
                left + Int(Double(right - left) * log10(Double(max(windows, 1))) / log10(Double(maxWindows)))
            }
            func y(_ v: Double) -> Int { bottom - Int(Double(bottom - top) * v / maxValue) }
            canvas.text(title, x: left, y: 30, color: (20, 20, 20))
            for step in 0...4 {
                let v = maxValue * Double(step) / 4
                canvas.line(left, y(v), right, y(v), color: (225, 225, 225))
                canvas.text(String(format: "%.0f", v), x: left - 48, y: y(v) + 4, color: (90, 90, 90))
            }
            var decade = 1
            while decade <= maxWindows {
                canvas.line(x(decade), bottom, x(decade), bottom + 5, color: (90, 90, 90))
                canvas.text("\(decade)", x: x(decade) - 6, y: bottom + 20, color: (90, 90, 90))
                decade *= 10
            }
            canvas.text("windows (log) · \(unit)", x: left + 140, y: bottom + 42, color: (60, 60, 60))
            canvas.line(left, bottom, right, bottom, color: (60, 60, 60))
            canvas.line(left, top, left, bottom, color: (60, 60, 60))
            for (size, oneThread) in series {
                let points = measured.filter { $0.0.size == size && ($0.0.threads == 1) == oneThread }.sorted { $0.0.windows < $1.0.windows }
                let color = palette[(sizes.firstIndex(of: size.description) ?? 0) % palette.count]
                for (from, to) in zip(points, points.dropFirst()) {
                    canvas.line(x(from.0.windows), y(value(from.1)), x(to.0.windows), y(value(to.1)), color: color,
                                dashed: oneThread, thick: true)
                }
            }
        }
        panel(left: 70, title: "Median frames per second per window", value: \.fpsMedian, unit: "fps")
        panel(left: 600, title: "CPU per presented window-frame", value: \.cpuPerWindowFrameMicroseconds, unit: "µs")
        var legend = 70
        for (size, oneThread) in series {
            let color = palette[(sizes.firstIndex(of: size.description) ?? 0) % palette.count]
            canvas.line(legend, 500, legend + 30, 500, color: color, dashed: oneThread, thick: true)
            canvas.text("\(size), \(oneThread ? 1 : mostThreads) thread\(oneThread ? "" : "s")", x: legend + 36, y: 505, color: (40, 40, 40))
            legend += 250
        }
        return try canvas.finish()
    }
}

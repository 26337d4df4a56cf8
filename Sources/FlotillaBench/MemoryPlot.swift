import FlotillaApp
import FlotillaGPU
import Foundation

/// The benchmark's plot: bytes in use against window count, one line per scene and mode
/// (shared solid, isolated dashed), drawn on the CPU with labels rasterized by FreeType.
struct MemoryPlot {
    let width = 900, height = 560
    private var canvas = PlotCanvas(width: 900, height: 560)

    static let colors: [String: (UInt8, UInt8, UInt8)] = ["grid": (64, 160, 255), "particles": (255, 110, 90), "post": (90, 200, 120)]

    mutating func render(_ rows: [MemoryBenchmark.Row]) throws -> Data {
        let left = 90, right = width - 170, top = 40, bottom = height - 60
        let counts = Array(Set(rows.map(\.windows))).sorted()
        let maxBytes = max(rows.map(\.appBytes).max() ?? 1, 1)
        let maxWindows = counts.last ?? 1
        func x(_ windows: Int) -> Int { left + (right - left) * windows / maxWindows }
        func y(_ bytes: Int) -> Int { bottom - Int(Double(bottom - top) * Double(bytes) / Double(maxBytes)) }

        canvas.text("App-owned GPU bytes in use against open windows (targets left out)", x: left, y: 22, color: (20, 20, 20))
        for step in 0...4 {
            let bytes = maxBytes * step / 4
            canvas.line(left, y(bytes), right, y(bytes), color: (225, 225, 225))
            canvas.text(String(format: "%.1f MiB", Double(bytes) / 1_048_576), x: 8, y: y(bytes) + 4, color: (90, 90, 90))
        }
        for count in counts {
            canvas.line(x(count), bottom, x(count), bottom + 5, color: (90, 90, 90))
            canvas.text("\(count)", x: x(count) - 6, y: bottom + 20, color: (90, 90, 90))
        }
        canvas.text("windows", x: (left + right) / 2 - 20, y: bottom + 42, color: (60, 60, 60))
        canvas.line(left, bottom, right, bottom, color: (60, 60, 60))
        canvas.line(left, top, left, bottom, color: (60, 60, 60))

        var legend = top
        for scene in Self.colors.keys.sorted() {
            for mode in ["shared", "isolated"] {
                let series = rows.filter { $0.scene == scene && $0.mode == mode }.sorted { $0.windows < $1.windows }
                let color = Self.colors[scene] ?? (0, 0, 0)
                let dashed = mode == "isolated"
                for (from, to) in zip(series, series.dropFirst()) {
                    canvas.line(x(from.windows), y(from.appBytes), x(to.windows), y(to.appBytes), color: color, dashed: dashed, thick: true)
                }
                guard !series.isEmpty else { continue }
                canvas.line(right + 15, legend + 6, right + 45, legend + 6, color: color, dashed: dashed, thick: true)
                canvas.text("\(scene) \(mode)", x: right + 52, y: legend + 11, color: (40, 40, 40))
                legend += 20
            }
        }
        return try canvas.finish()
    }
}

import CFreeType
import FlotillaGPU
import Foundation

/// The benchmark's plot: bytes in use against window count, one line per scene and mode
/// (shared solid, isolated dashed), drawn on the CPU with labels rasterized by FreeType.
struct MemoryPlot {
    let width = 900, height = 560
    private var pixels: [UInt8]
    private let face: FT_Face?
    private let library: FT_Library?

    static let colors: [String: (UInt8, UInt8, UInt8)] = ["grid": (64, 160, 255), "particles": (255, 110, 90), "post": (90, 200, 120)]

    init() {
        pixels = [UInt8](repeating: 250, count: 900 * 560 * 3)
        var library: FT_Library?
        var face: FT_Face?
        if FT_Init_FreeType(&library) == 0, let path = FontLocator.monospace(), FT_New_Face(library, path, 0, &face) == 0 {
            FT_Set_Pixel_Sizes(face, 0, 13)
        }
        self.library = library
        self.face = face
    }

    mutating func render(_ rows: [MemoryBenchmark.Row]) -> Data {
        let left = 90, right = width - 170, top = 40, bottom = height - 60
        let counts = Array(Set(rows.map(\.windows))).sorted()
        let maxBytes = max(rows.map(\.appBytes).max() ?? 1, 1)
        let maxWindows = counts.last ?? 1
        func x(_ windows: Int) -> Int { left + (right - left) * windows / maxWindows }
        func y(_ bytes: Int) -> Int { bottom - Int(Double(bottom - top) * Double(bytes) / Double(maxBytes)) }

        text("App-owned GPU bytes in use against open windows (targets left out)", x: left, y: 22, color: (20, 20, 20))
        for step in 0...4 {
            let bytes = maxBytes * step / 4
            line(left, y(bytes), right, y(bytes), color: (225, 225, 225))
            text(String(format: "%.1f MiB", Double(bytes) / 1_048_576), x: 8, y: y(bytes) + 4, color: (90, 90, 90))
        }
        for count in counts {
            line(x(count), bottom, x(count), bottom + 5, color: (90, 90, 90))
            text("\(count)", x: x(count) - 6, y: bottom + 20, color: (90, 90, 90))
        }
        text("windows", x: (left + right) / 2 - 20, y: bottom + 42, color: (60, 60, 60))
        line(left, bottom, right, bottom, color: (60, 60, 60))
        line(left, top, left, bottom, color: (60, 60, 60))

        var legend = top
        for scene in Self.colors.keys.sorted() {
            for mode in ["shared", "isolated"] {
                let series = rows.filter { $0.scene == scene && $0.mode == mode }.sorted { $0.windows < $1.windows }
                let color = Self.colors[scene] ?? (0, 0, 0)
                let dashed = mode == "isolated"
                for (from, to) in zip(series, series.dropFirst()) {
                    line(x(from.windows), y(from.appBytes), x(to.windows), y(to.appBytes), color: color, dashed: dashed, thick: true)
                }
                guard !series.isEmpty else { continue }
                line(right + 15, legend + 6, right + 45, legend + 6, color: color, dashed: dashed, thick: true)
                text("\(scene) \(mode)", x: right + 52, y: legend + 11, color: (40, 40, 40))
                legend += 20
            }
        }
        if let face { FT_Done_Face(face) }
        if let library { FT_Done_FreeType(library) }
        return PNGWriter.encode(width: width, height: height, rgb: pixels)
    }

    private mutating func put(_ x: Int, _ y: Int, _ color: (UInt8, UInt8, UInt8), alpha: Double = 1) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let index = (y * width + x) * 3
        for (offset, channel) in [color.0, color.1, color.2].enumerated() {
            pixels[index + offset] = UInt8(Double(pixels[index + offset]) * (1 - alpha) + Double(channel) * alpha)
        }
    }

    private mutating func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, color: (UInt8, UInt8, UInt8),
                               dashed: Bool = false, thick: Bool = false) {
        let steps = max(abs(x1 - x0), abs(y1 - y0), 1)
        for step in 0...steps {
            if dashed, (step / 6) % 2 == 1 { continue }
            let x = x0 + (x1 - x0) * step / steps, y = y0 + (y1 - y0) * step / steps
            put(x, y, color)
            if thick { put(x + 1, y, color); put(x, y + 1, color) }
        }
    }

    private mutating func text(_ string: String, x: Int, y baseline: Int, color: (UInt8, UInt8, UInt8)) {
        guard let face else { return }
        var pen = x
        for scalar in string.unicodeScalars {
            guard FT_Load_Char(face, FT_ULong(scalar.value), FT_Int32(FT_LOAD_RENDER)) == 0 else { continue }
            let glyph = face.pointee.glyph.pointee
            for row in 0..<Int(glyph.bitmap.rows) {
                for column in 0..<Int(glyph.bitmap.width) {
                    let coverage = Double(glyph.bitmap.buffer[row * Int(glyph.bitmap.pitch) + column]) / 255
                    if coverage > 0 {
                        put(pen + Int(glyph.bitmap_left) + column, baseline - Int(glyph.bitmap_top) + row, color, alpha: coverage)
                    }
                }
            }
            pen += Int(glyph.advance.x >> 6)
        }
    }
}

import FlotillaApp
import FlotillaCore
import FlotillaGPU
import Foundation

/// An RGB canvas for the benchmarks' plots: lines (solid, dashed, thick) and labels rasterized
/// by the FontRegistry (the one FreeType wrapper), encoded as PNG.
struct PlotCanvas {
    let width: Int, height: Int
    private(set) var pixels: [UInt8]
    /// nil when no font can be opened: the plot is drawn without its labels.
    private let fonts = try? FontRegistry()
    static let labelPixels = 13

    typealias Color = (UInt8, UInt8, UInt8)

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 250, count: width * height * 3)
    }

    /// The PNG.
    func finish() throws -> Data {
        Data(try PNGWriter.encode(width: width, height: height, rgb: pixels))
    }

    mutating func put(_ x: Int, _ y: Int, _ color: Color, alpha: Double = 1) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let index = (y * width + x) * 3
        for (offset, channel) in [color.0, color.1, color.2].enumerated() {
            pixels[index + offset] = UInt8(Double(pixels[index + offset]) * (1 - alpha) + Double(channel) * alpha)
        }
    }

    mutating func line(_ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, color: Color, dashed: Bool = false, thick: Bool = false) {
        let steps = max(abs(x1 - x0), abs(y1 - y0), 1)
        for step in 0...steps {
            if dashed, (step / 6) % 2 == 1 { continue }
            let x = x0 + (x1 - x0) * step / steps, y = y0 + (y1 - y0) * step / steps
            put(x, y, color)
            if thick { put(x + 1, y, color); put(x, y + 1, color) }
        }
    }

    mutating func text(_ string: String, x: Int, y baseline: Int, color: Color) {
        guard let fonts else { return }
        var pen = x
        for scalar in string.unicodeScalars {
            let glyph = fonts.rasterize(GlyphKey(font: 0, pixelSize: Self.labelPixels, codepoint: scalar.value))
            for row in 0..<glyph.height {
                for column in 0..<glyph.width {
                    let coverage = Double(glyph.pixels[row * glyph.width + column]) / 255
                    if coverage > 0 {
                        put(pen + glyph.bearingX + column, baseline - glyph.bearingY + row, color, alpha: coverage)
                    }
                }
            }
            pen += glyph.advance
        }
    }
}

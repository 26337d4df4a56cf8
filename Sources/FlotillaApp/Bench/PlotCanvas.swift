import CFreeType
import FlotillaGPU
import Foundation

/// An RGB canvas for the benchmarks' plots: lines (solid, dashed, thick) and labels rasterized
/// by FreeType, encoded as PNG.
struct PlotCanvas {
    let width: Int, height: Int
    private var pixels: [UInt8]
    private var face: FT_Face?
    private var library: FT_Library?

    typealias Color = (UInt8, UInt8, UInt8)

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 250, count: width * height * 3)
        if FT_Init_FreeType(&library) == 0, let path = FontLocator.monospace(), FT_New_Face(library, path, 0, &face) == 0 {
            FT_Set_Pixel_Sizes(face, 0, 13)
        }
    }

    /// The PNG; the font is released, so this is the canvas's last use.
    mutating func finish() -> Data {
        if let face { FT_Done_Face(face) }
        if let library { FT_Done_FreeType(library) }
        face = nil
        library = nil
        return PNGWriter.encode(width: width, height: height, rgb: pixels)
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

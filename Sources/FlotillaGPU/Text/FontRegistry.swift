import CFreeType
import FlotillaCore

/// The fonts Flotilla draws text with, opened once through FreeType.
/// Font 0 is the shipped DejaVu Sans Mono.
public final class FontRegistry {
    public struct Bitmap {
        public let width: Int, height: Int
        public let bearingX: Int, bearingY: Int
        public let advance: Int
        public let pixels: [UInt8]
    }

    private var library: FT_Library?
    private var faces: [FT_Face] = []

    public init() throws {
        guard FT_Init_FreeType(&library) == 0 else { throw FontError.freeType("FT_Init_FreeType", -1) }
        guard let path = FontLocator.monospace() else { throw FontError.noFont(searched: FontLocator.candidates()) }
        var face: FT_Face?
        let error = FT_New_Face(library, path, 0, &face)
        guard error == 0, let face else { throw FontError.freeType("FT_New_Face", error) }
        faces.append(face)
    }

    deinit {
        faces.forEach { FT_Done_Face($0) }
        FT_Done_FreeType(library)
    }

    /// Line height and ascender of `font` at `pixelSize`, for laying out lines.
    public func lineMetrics(font: Int, pixelSize: Int) -> (ascender: Int, lineHeight: Int) {
        let face = faces[font]
        FT_Set_Pixel_Sizes(face, 0, FT_UInt(pixelSize))
        let metrics = face.pointee.size.pointee.metrics
        return (Int(metrics.ascender >> 6), Int((metrics.ascender - metrics.descender) >> 6))
    }

    /// Rasterizes one glyph (8-bit coverage).
    public func rasterize(_ key: GlyphKey) -> Bitmap {
        let face = faces[key.font]
        FT_Set_Pixel_Sizes(face, 0, FT_UInt(key.pixelSize))
        guard FT_Load_Char(face, FT_ULong(key.codepoint), FT_Int32(FT_LOAD_RENDER)) == 0 else {
            return Bitmap(width: 0, height: 0, bearingX: 0, bearingY: 0, advance: key.pixelSize / 2, pixels: [])
        }
        let glyph = face.pointee.glyph.pointee
        let width = Int(glyph.bitmap.width), height = Int(glyph.bitmap.rows)
        var pixels = [UInt8](repeating: 0, count: width * height)
        for row in 0..<height {
            for column in 0..<width {
                pixels[row * width + column] = glyph.bitmap.buffer[row * Int(glyph.bitmap.pitch) + column]
            }
        }
        return Bitmap(width: width, height: height, bearingX: Int(glyph.bitmap_left), bearingY: Int(glyph.bitmap_top),
                      advance: Int(glyph.advance.x >> 6), pixels: pixels)
    }
}

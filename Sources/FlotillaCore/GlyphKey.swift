

/// Which glyph: font, pixel size (so each output scale gets crisp glyphs), and code point.
public struct GlyphKey: Hashable, Sendable {
    public let font: Int
    public let pixelSize: Int
    public let codepoint: UInt32

    public init(font: Int, pixelSize: Int, codepoint: UInt32) {
        self.font = font
        self.pixelSize = pixelSize
        self.codepoint = codepoint
    }
}

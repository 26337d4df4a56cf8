

/// Where a glyph is in the atlas and how to place it on the baseline.
public struct GlyphSlot: Sendable, Equatable {
    public let x: Int, y: Int, width: Int, height: Int
    public let bearingX: Int, bearingY: Int
    public let advance: Int
    let shelf: Int
}

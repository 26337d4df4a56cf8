import CVulkan
import FlotillaCore

/// One instance of the glyphs pipeline: a grid cell and the glyph it shows, placed by the
/// shared text atlas.
public struct GlyphInstance: Equatable {
    public var column: UInt16
    public var row: UInt16
    /// The glyph's top-left texel in the atlas, and its size.
    public var atlasX: UInt16 = 0
    public var atlasY: UInt16 = 0
    public var width: UInt8 = 0
    public var height: UInt8 = 0
    /// Offset in the cell: bearing x (two's complement) and the top (ascender minus bearing y).
    public var bearingX: UInt8 = 0
    public var top: UInt8 = 0
    public var brightness: UInt8
    public var tint: UInt8
    public var spare: UInt16 = 0

    public init(column: UInt16, row: UInt16, brightness: UInt8, tint: UInt8) {
        self.column = column
        self.row = row
        self.brightness = brightness
        self.tint = tint
    }

    /// Shows `slot` (nil: nothing) with the line's `ascender`.
    public mutating func show(_ slot: GlyphSlot?, ascender: Int) {
        guard let slot, slot.width > 0 else {
            width = 0
            height = 0
            return
        }
        atlasX = UInt16(slot.x)
        atlasY = UInt16(slot.y)
        width = UInt8(clamping: slot.width)
        height = UInt8(clamping: slot.height)
        bearingX = UInt8(bitPattern: Int8(clamping: slot.bearingX))
        top = UInt8(clamping: max(ascender - slot.bearingY, 0))
    }
}

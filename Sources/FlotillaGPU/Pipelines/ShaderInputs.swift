import CVulkan
import FlotillaCore

// What the shaders read from buffers and push constants, laid out as shaders/*.glsl declare it:
// the text pipeline's instances, the grid's glyph instances, and the particles' compute step.

/// One instance of the text pipeline: a glyph (or a solid quad) in pixels, its atlas rectangle
/// in texture coordinates, and a premultiplied RGBA8 colour.
public struct TextInstance {
    public var x: Float, y: Float, width: Float, height: Float
    public var u0: Float, v0: Float, u1: Float, v1: Float
    public var color: UInt32

    public init(x: Float, y: Float, width: Float, height: Float, u0: Float, v0: Float, u1: Float, v1: Float, color: UInt32) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.u0 = u0
        self.v0 = v0
        self.u1 = u1
        self.v1 = v1
        self.color = color
    }

    /// A rectangle of one colour: it samples the inside of the atlas's white block (`white`),
    /// away from its edges, so filtering never mixes in a neighbour.
    public static func solid(_ x: Float, _ y: Float, _ width: Float, _ height: Float, color: UInt32,
                             white: GlyphSlot) -> TextInstance {
        TextInstance(x: x, y: y, width: width, height: height, u0: Float(white.x) + 1, v0: Float(white.y) + 1,
                     u1: Float(white.x) + 3, v1: Float(white.y) + 3, color: color)
    }

    /// A glyph of the atlas with its pen at (`penX`, `baseline`), in `color`.
    public static func glyph(_ slot: GlyphSlot, penX: Float, baseline: Float, color: UInt32) -> TextInstance {
        TextInstance(x: penX + Float(slot.bearingX), y: baseline - Float(slot.bearingY),
                     width: Float(slot.width), height: Float(slot.height),
                     u0: Float(slot.x), v0: Float(slot.y), u1: Float(slot.x + slot.width), v1: Float(slot.y + slot.height),
                     color: color)
    }
}

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

/// The compute view of the push-constant range (shaders/particles.comp): one step of a
/// window's particles. 48 bytes, so the set's range is that long.
public struct ParticleStep: Sendable {
    public var width: Float
    public var height: Float
    public var time: Float
    public var step: Float
    public var count: UInt32
    /// Particles from this index on are spawned fresh.
    public var firstNew: UInt32
    public var seed: UInt32
    public var spare: UInt32 = 0
    public var rescaleX: Float
    public var rescaleY: Float
    public var padding: (Float, Float) = (0, 0)

    public init(width: Float, height: Float, time: Float, step: Float, count: UInt32, firstNew: UInt32, seed: UInt32,
                rescaleX: Float = 1, rescaleY: Float = 1) {
        self.width = width
        self.height = height
        self.time = time
        self.step = step
        self.count = count
        self.firstNew = firstNew
        self.seed = seed
        self.rescaleX = rescaleX
        self.rescaleY = rescaleY
    }

    /// Bytes of one particle in the storage buffer (shaders/particle.glsl).
    public static let particleStride = 32
    /// Invocations of one workgroup of particles.comp.
    public static let workgroupSize = 64
}

import CVulkan
import FlotillaCore

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
}

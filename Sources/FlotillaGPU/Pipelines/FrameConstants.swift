import CVulkan
import FlotillaCore

/// The push constants every graphics pipeline of the set reads (shaders/frame.glsl): the set's
/// whole 48-byte range (the compute step reads the same bytes as ParticleStep).
public struct FrameConstants: Sendable {
    public var width: Float
    public var height: Float
    public var time: Float
    public var hue: Float
    /// Per pipeline: glyphs (cell width, height, grid origin x, y); post (uv scale x, y, source
    /// width, height).
    public var params: (Float, Float, Float, Float)
    /// Per pipeline: post (output scale, exposure, bloom strength).
    public var extra: (Float, Float, Float, Float) = (0, 0, 0, 0)

    public init(width: Float, height: Float, time: Float, hue: Float, params: (Float, Float, Float, Float) = (0, 0, 0, 0)) {
        self.width = width
        self.height = height
        self.time = time
        self.hue = hue
        self.params = params
    }
}

import CVulkan
import FlotillaCore

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

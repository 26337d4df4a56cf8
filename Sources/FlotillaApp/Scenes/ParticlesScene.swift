import CVulkan
import FlotillaCore
import FlotillaGPU
import Foundation

/// Thousands of glowing particles drifting through a slowly turning flow field, streamed every
/// frame through the host's shared ring buffer (no per-window buffer at all).
final class ParticlesScene: Scene {
    private struct Particle {
        var x: Float, y: Float
        var velocityX: Float, velocityY: Float
        var hueShift: Float
        var size: Float
        var age: Float
        var lifetime: Float
    }

    let kind = SceneKind.particles
    private var particles: [Particle] = []
    private var generator: SplitMix64
    private var time: Float = 0
    private var extent = Extent(width: 0, height: 0)
    private var hue: Float = 0
    /// Radius multiplier: the post scene draws particles into a small texture and enlarges them.
    var sizeScale: Float = 1

    init(seed: UInt64) {
        generator = SplitMix64(seed: seed)
    }

    /// One particle per 160 pixels, between 400 and 6000.
    static func particleCount(for extent: Extent) -> Int {
        min(max(extent.pixelCount / 160, 400), 6000)
    }

    func advance(by seconds: Double, in extent: Extent) {
        let step = Float(min(seconds, 0.1))
        time += step
        if extent != self.extent { respawnAll(in: extent) }
        let width = Float(extent.width), height = Float(extent.height)
        let unit = Float(max(extent.height, 1))
        let inertia = 1 - exp(-3 * step)
        for index in particles.indices {
            var particle = particles[index]
            // The curl of a drifting potential: a divergence-free flow, so particles swirl
            // around each other but never pile up on a few lines.
            let flow = Self.curl(x: particle.x / unit, y: particle.y / unit, time: time)
            particle.velocityX += (flow.x * unit * 0.16 - particle.velocityX) * inertia
            particle.velocityY += (flow.y * unit * 0.16 - particle.velocityY) * inertia
            particle.x += particle.velocityX * step
            particle.y += particle.velocityY * step
            particle.age += step
            let outside = particle.x < -30 || particle.x > width + 30 || particle.y < -30 || particle.y > height + 30
            if particle.age > particle.lifetime || outside {
                particle = spawn(width: width, height: height)
            }
            particles[index] = particle
        }
    }

    /// (dψ/dy, -dψ/dx) of ψ = sin(2.1x + 0.3t)·cos(1.7y − 0.2t) + 0.5·sin(3.3(x − y) + 0.45t)
    /// + 0.35·cos(4.7x + 2.9y − 0.31t), in units of the window's height.
    static func curl(x: Float, y: Float, time: Float) -> (x: Float, y: Float) {
        let a = 2.1 * x + 0.3 * time, b = 1.7 * y - 0.2 * time
        let c = 3.3 * (x - y) + 0.45 * time
        let d = 4.7 * x + 2.9 * y - 0.31 * time
        let dx = 2.1 * cos(a) * cos(b) + 0.5 * 3.3 * cos(c) - 0.35 * 4.7 * sin(d)
        let dy = -1.7 * sin(a) * sin(b) - 0.5 * 3.3 * cos(c) - 0.35 * 2.9 * sin(d)
        return (dy, -dx)
    }

    func record(_ frame: FrameContext, constants: FrameConstants) throws {
        hue = constants.hue
        let commandBuffer = frame.commandBuffer
        let pipelines = frame.pipelines
        pipelines.push(constants, into: commandBuffer)
        vkCmdBindPipeline(commandBuffer, VK_PIPELINE_BIND_POINT_GRAPHICS, pipelines.background)
        vkCmdDraw(commandBuffer, 3, 1, 0, 0)

        guard !particles.isEmpty else { return }
        let bytes = UInt64(particles.count * MemoryLayout<ParticleInstance>.stride)
        let slice = try frame.resources.ring.allocate(bytes, alignment: 16, serial: frame.serial)
        let instances = slice.pointer.bindMemory(to: ParticleInstance.self, capacity: particles.count)
        let referenceHeight = Float(max(extent.height, 1)) / 600 * sizeScale
        for (index, particle) in particles.enumerated() {
            let speed = min((particle.velocityX * particle.velocityX + particle.velocityY * particle.velocityY).squareRoot()
                / (Float(max(extent.height, 1)) * 0.35), 1)
            // Fade in over the first second and out over the last one.
            let fade = min(particle.age, particle.lifetime - particle.age, 1)
            let color = Self.packedColor(hue: hue + particle.hueShift + speed * 0.1,
                                         saturation: 0.8 - 0.45 * speed,
                                         value: (0.3 + 0.7 * speed) * max(fade, 0))
            instances[index] = ParticleInstance(x: particle.x, y: particle.y,
                                                radius: particle.size * referenceHeight * (0.8 + 0.6 * speed), color: color)
        }
        vkCmdBindPipeline(commandBuffer, VK_PIPELINE_BIND_POINT_GRAPHICS, pipelines.particles)
        var buffer: VkBuffer? = slice.buffer
        var offset = slice.offset
        vkCmdBindVertexBuffers(commandBuffer, 0, 1, &buffer, &offset)
        vkCmdDraw(commandBuffer, 4, UInt32(particles.count), 0, 0)
    }

    func destroy(after serial: UInt64) {
        // Nothing of its own on the GPU: its instances live in the ring.
        particles.removeAll()
    }

    private func respawnAll(in extent: Extent) {
        let width = Float(extent.width), height = Float(extent.height)
        let count = Self.particleCount(for: extent)
        if self.extent.width > 0, !particles.isEmpty {
            // Resized: keep the particles, rescaled into the new size; add or drop the difference.
            let scaleX = width / Float(self.extent.width), scaleY = height / Float(self.extent.height)
            for index in particles.indices {
                particles[index].x *= scaleX
                particles[index].y *= scaleY
            }
        }
        while particles.count < count {
            var particle = spawn(width: width, height: height)
            // Spread the first generation's ages so they do not all fade at once.
            particle.age = generator.nextUnit() * particle.lifetime * 0.8
            particles.append(particle)
        }
        if particles.count > count { particles.removeLast(particles.count - count) }
        self.extent = extent
    }

    private func spawn(width: Float, height: Float) -> Particle {
        Particle(x: generator.nextUnit() * width, y: generator.nextUnit() * height,
                 velocityX: 0, velocityY: 0,
                 hueShift: (generator.nextUnit() - 0.5) * 0.18,
                 size: 2.5 + 5 * generator.nextUnit() * generator.nextUnit(),
                 age: 0, lifetime: 4 + 6 * generator.nextUnit())
    }

    /// HSV to linear RGBA8, alpha 1.
    static func packedColor(hue: Float, saturation: Float, value: Float) -> UInt32 {
        let h = (hue - hue.rounded(.down)) * 6
        let c = value * saturation
        let x = c * (1 - abs(h.truncatingRemainder(dividingBy: 2) - 1))
        let m = value - c
        let (r, g, b): (Float, Float, Float) = switch Int(h) {
        case 0: (c, x, 0)
        case 1: (x, c, 0)
        case 2: (0, c, x)
        case 3: (0, x, c)
        case 4: (x, 0, c)
        default: (c, 0, x)
        }
        func byte(_ channel: Float) -> UInt32 { UInt32(min(max(channel + m, 0), 1) * 255 + 0.5) }
        return byte(r) | byte(g) << 8 | byte(b) << 16 | 255 << 24
    }
}

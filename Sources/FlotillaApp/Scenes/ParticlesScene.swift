import CVulkan
import FlotillaCore
import FlotillaGPU

/// Thousands of glowing particles drifting through a slowly turning flow field. Their state
/// lives in one storage buffer per window (checked out of the buffer pool, charged to the
/// window) and is advanced on the GPU by a compute step at the start of each pass, with every other
/// window's: the CPU only records a dispatch and a draw, however many particles there are.
final class ParticlesScene: Scene {
    let kind = SceneKind.particles
    private let seed: UInt32
    /// The particle buffer, and what it was laid out for.
    private var state: PooledBuffer?
    private var count = 0
    private var extent = Extent(width: 0, height: 0)
    /// The target the next frame draws into, and the time not yet simulated.
    private var wantedExtent = Extent(width: 0, height: 0)
    private var pendingStep: Float = 0
    private var time: Float = 0
    /// Radius multiplier (the post scene's are a little larger, for its glow).
    var sizeScale: Float = 1
    /// The output scale: the particle count follows the logical size, so a HiDPI window shows
    /// the same scene as a scale-1 one, only sharper.
    private var scale = DisplayScale.one

    init(seed: UInt64) {
        self.seed = UInt32(truncatingIfNeeded: seed ^ (seed >> 32))
    }

    /// One particle per 160 logical pixels, between 400 and 6000.
    static func particleCount(for extent: Extent, scale: DisplayScale = .one) -> Int {
        let logicalPixels = Double(extent.pixelCount) / (scale.factor * scale.factor)
        return min(max(Int(logicalPixels / 160), 400), 6000)
    }

    /// Bytes of the particle buffer of a target of `extent`.
    static func stateBytes(for extent: Extent, scale: DisplayScale = .one) -> Int {
        particleCount(for: extent, scale: scale) * ParticleStep.particleStride
    }

    func setScale(_ scale: DisplayScale) {
        self.scale = scale
    }

    func advance(by seconds: Double, in extent: Extent) {
        // Steps longer than 0.1 s (a window that was hidden) are cut, as a stalled frame would be.
        pendingStep = min(pendingStep + Float(seconds), 0.1)
        wantedExtent = extent
    }

    /// A new buffer when the particle count changes (the old particles copied over now, the rest
    /// spawned by the step), then one step of every particle, made visible to the draw: the step
    /// joins the pass's compute batch, which runs every window's step before any window's pass.
    func prepare(_ frame: FrameContext, constants: FrameConstants) throws {
        let commandBuffer = frame.commandBuffer
        let pipelines = frame.pipelines
        let wanted = Self.particleCount(for: wantedExtent, scale: scale)
        var firstNew = count
        if state == nil || wanted != count {
            let replacement = try frame.resources.bufferPool.checkout(wanted * ParticleStep.particleStride, for: frame.owner)
            firstNew = 0
            if let old = state.take() {
                // The previous frame's step wrote the old buffer and its draw read it.
                Barriers.memory(commandBuffer,
                                srcStage: VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_2_VERTEX_SHADER_BIT,
                                srcAccess: VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT,
                                dstStage: VK_PIPELINE_STAGE_2_TRANSFER_BIT, dstAccess: VK_ACCESS_2_TRANSFER_READ_BIT)
                let kept = min(count, wanted)
                var region = VkBufferCopy(srcOffset: 0, dstOffset: 0, size: UInt64(kept * ParticleStep.particleStride))
                vkCmdCopyBuffer(commandBuffer, old.buffer.buffer, replacement.buffer.buffer, 1, &region)
                Barriers.bufferWritten(commandBuffer, replacement.buffer.buffer, dstStage: VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                                       dstAccess: VK_ACCESS_2_SHADER_STORAGE_READ_BIT | VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT)
                firstNew = kept
                // This frame's copy is its last reader.
                old.release(after: frame.serial)
            }
            state = .some(replacement)
            count = wanted
        }
        guard let buffer = state?.buffer else { return }
        let resized = extent.width > 0 && extent != wantedExtent
        let step = pendingStep
        time += step
        pendingStep = 0
        let parameters = ParticleStep(
            width: Float(wantedExtent.width), height: Float(wantedExtent.height), time: time, step: step,
            count: UInt32(count), firstNew: UInt32(firstNew), seed: seed,
            rescaleX: resized ? Float(wantedExtent.width) / Float(extent.width) : 1,
            rescaleY: resized ? Float(wantedExtent.height) / Float(extent.height) : 1)
        extent = wantedExtent
        // The step goes with every other window's, before any window's pass (the pass's barriers
        // order it after the previous frame's draw and before this one's).
        frame.computeSteps.dispatch(pipelines.particleStep, binding: pipelines.binding, step: parameters, storage: buffer.buffer,
                                    bytes: UInt64(count * ParticleStep.particleStride),
                                    groups: UInt32((count + ParticleStep.workgroupSize - 1) / ParticleStep.workgroupSize),
                                    readBy: VK_PIPELINE_STAGE_2_VERTEX_SHADER_BIT)
    }

    func record(_ frame: DrawContext, constants: FrameConstants) throws {
        let draws = frame.draws
        let pipelines = frame.pipelines
        var constants = constants
        constants.params.1 = sizeScale
        draws.push(constants)
        draws.bind(pipelines.background)
        draws.draw(vertices: 3)

        guard let buffer = state?.buffer, count > 0 else { return }
        draws.bind(pipelines.particles)
        draws.bindStorage(buffer.buffer, bytes: UInt64(count * ParticleStep.particleStride))
        draws.draw(vertices: 4, instances: UInt32(count))
    }

    /// The particle buffer and how many particles it holds (for tests that read it back).
    var stateBuffer: (buffer: BufferRef, count: Int)? {
        guard let buffer = state?.buffer else { return nil }
        return (buffer, count)
    }

    func release(after serial: UInt64) {
        state.take()?.release(after: serial)
        count = 0
        extent = Extent(width: 0, height: 0)
    }
}

import CVulkan
import FlotillaCore
import FlotillaGPU

/// The particles at the window's full resolution, in HDR, with bloom, tone mapped onto a CRT.
/// Every intermediate (the floating-point scene image in the host's HDR format, and the five
/// 16-bit float bloom levels) is lent by the
/// resource set's TransientTargets for the frame being recorded: in shared mode one set serves
/// every window, handed from frame to frame with a barrier.
final class PostScene: Scene {
    let kind = SceneKind.post
    private let inner: ParticlesScene
    /// This frame's targets, between prepare and record.
    private var lease: TransientTargets.Lease?
    private var scale = DisplayScale.one

    /// Light above this (in linear HDR units) blooms.
    static let bloomThreshold: Float = 0.4
    /// How much of the blurred light is added back (0: no bloom).
    var bloomStrength: Float = 2

    init(seed: UInt64) {
        inner = ParticlesScene(seed: seed ^ 0x5EED)
        inner.sizeScale = 1.25
    }

    func advance(by seconds: Double, in extent: Extent) {
        inner.advance(by: seconds, in: extent)
    }

    func setScale(_ scale: DisplayScale) {
        self.scale = scale
        inner.setScale(scale)
    }

    func prepare(_ frame: FrameContext, constants: FrameConstants) throws {
        let lease = try frame.resources.transients.lend(for: frame.extent)
        self.lease = lease
        // One set for the HDR image and the bloom chain (whose pipelines draw into the levels' format).
        let pipelines = try frame.resources.pipelineSet(for: frame.resources.transients.sceneFormat)
        let inside = frame.drawing(into: lease.sceneExtent, with: pipelines)
        // The particles' compute step, before any pass begins (into the prelude, like all below).
        try inner.prepare(inside, constants: constants)
        let prelude = frame.prelude
        prelude.use(pipelines)

        // Every image of the chain becomes a colour attachment at once (one barrier, with the
        // compute step's): whatever frame used them before (this window's or another's, earlier
        // on the queue) is done with them after it; their contents are not needed. From here on
        // each pass ends with one barrier, which makes its image readable by the next.
        Self.beginWriting(prelude, lease.scene)
        for image in lease.bloom { Self.beginWriting(prelude, image) }
        // The scene, in HDR.
        prelude.beginRendering(lease.scene.view, extent: lease.sceneExtent, clear: (0, 0, 0))
        var sceneConstants = constants
        sceneConstants.width = Float(lease.sceneExtent.width)
        sceneConstants.height = Float(lease.sceneExtent.height)
        sceneConstants.params = (0, 0, 0, 0)
        let sceneDraws = frame.drawContext(extent: lease.sceneExtent, pipelines: pipelines, into: prelude)
        try inner.record(sceneDraws, constants: sceneConstants)
        prelude.endRendering()
        Self.finishWriting(prelude, lease.scene)

        // Down the chain: each level a filtered half of the one above (the first keeps only
        // light above the threshold); then up again, each level adding the blurred one below.
        let sampler = frame.resources.samplers.linear
        var source = (image: lease.scene, extent: lease.sceneExtent)
        for (level, image) in lease.bloom.enumerated() {
            let extent = lease.bloomExtents[level]
            prelude.beginRendering(image.view, extent: extent, clear: (0, 0, 0))
            draw(pipelines.bloomDown, from: source, into: extent, threshold: level == 0 ? Self.bloomThreshold : 0,
                 sampler: sampler, prelude: prelude)
            prelude.endRendering()
            Self.finishWriting(prelude, image)
            source = (image, extent)
        }
        for level in stride(from: lease.bloom.count - 2, through: 0, by: -1) {
            let image = lease.bloom[level], extent = lease.bloomExtents[level]
            // Written before and sampled since: make the write visible again and wait for the reads.
            prelude.transition(image.image, from: VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                               to: VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                               srcStage: VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                               dstStage: VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                               dstAccess: VK_ACCESS_2_COLOR_ATTACHMENT_READ_BIT | VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT)
            prelude.beginRendering(image.view, extent: extent, clear: nil)
            draw(pipelines.bloomUp, from: (lease.bloom[level + 1], lease.bloomExtents[level + 1]), into: extent,
                 threshold: 0, sampler: sampler, prelude: prelude)
            prelude.endRendering()
            Self.finishWriting(prelude, image)
        }
        prelude.use(frame.pipelines)
    }

    func record(_ frame: DrawContext, constants: FrameConstants) throws {
        guard let lease else { return }
        defer { self.lease = nil }
        let bloom = lease.bloom[0], bloomExtent = lease.bloomExtents[0]
        var constants = constants
        constants.params = (Float(lease.sceneExtent.width) / Float(lease.scene.extent.width),
                            Float(lease.sceneExtent.height) / Float(lease.scene.extent.height),
                            Float(bloomExtent.width) / Float(bloom.extent.width),
                            Float(bloomExtent.height) / Float(bloom.extent.height))
        constants.extra = (Float(scale.factor), 1.0, bloomStrength, 0)
        let draws = frame.draws
        draws.push(constants)
        let sampler = frame.resources.samplers.linear
        draws.bindTextures((lease.scene.view, sampler), (bloom.view, sampler))
        draws.bind(frame.pipelines.post)
        draws.draw(vertices: 3)
    }

    func release(after serial: UInt64) {
        lease = nil
        inner.release(after: serial)
    }

    /// One full-screen step of the bloom chain: `source` (its used part) filtered into `extent`.
    private func draw(_ pipeline: VkPipeline, from source: (image: ImageRef, extent: Extent), into extent: Extent,
                      threshold: Float, sampler: VkSampler, prelude: DrawList) {
        let size = source.image.extent
        var constants = FrameConstants(width: Float(extent.width), height: Float(extent.height), time: threshold, hue: 0)
        constants.params = (Float(source.extent.width) / Float(size.width), Float(source.extent.height) / Float(size.height),
                            1 / Float(size.width), 1 / Float(size.height))
        prelude.push(constants)
        prelude.bindTexture(source.image.view, sampler: sampler)
        prelude.bind(pipeline)
        prelude.draw(vertices: 3)
    }

    /// A lent image becomes a colour attachment: after every earlier use on the queue (written
    /// as an attachment, sampled by a fragment shader), its old contents discarded.
    private static func beginWriting(_ prelude: DrawList, _ image: ImageRef) {
        prelude.transition(image.image, from: VK_IMAGE_LAYOUT_UNDEFINED, to: VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                           srcStage: VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT | VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                           srcAccess: VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                           dstStage: VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                           dstAccess: VK_ACCESS_2_COLOR_ATTACHMENT_READ_BIT | VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT)
    }

    /// Written as an attachment, now sampled by the next pass's fragment shader.
    private static func finishWriting(_ prelude: DrawList, _ image: ImageRef) {
        prelude.transition(image.image, from: VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, to: VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                           srcStage: VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                           srcAccess: VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                           dstStage: VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, dstAccess: VK_ACCESS_2_SHADER_SAMPLED_READ_BIT)
    }
}

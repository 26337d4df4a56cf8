import CVulkan
import FlotillaCore
import FlotillaGPU

/// The particles, drawn small into a texture checked out of the texture pool for each frame (a
/// power-of-two bucket, given back when the frame is submitted and reused once it is done on the
/// GPU), then put on screen by a CRT post-process pass with the shared linear sampler.
final class PostScene: Scene {
    let kind = SceneKind.post
    private let inner: ParticlesScene
    /// This frame's texture, between prepare and record.
    private var texture: LentTexture?

    /// The scene texture's longer side, and its format: 16-bit colour, so one frame's texture
    /// (a 256 x 256 bucket at most) is 128 KiB and a window's two frames in flight fit in 256 KiB.
    /// R5G6B5 is a blendable colour attachment on every Vulkan device; it and the low resolution
    /// are the old tube's look.
    static let longSide = 256
    static let format = VK_FORMAT_R5G6B5_UNORM_PACK16

    init(seed: UInt64) {
        inner = ParticlesScene(seed: seed ^ 0x5EED)
        inner.sizeScale = 2.2
    }

    static func sceneExtent(for extent: Extent) -> Extent {
        let scale = Double(longSide) / Double(max(extent.width, extent.height, 1))
        return Extent(width: max(Int(Double(extent.width) * scale), 16), height: max(Int(Double(extent.height) * scale), 16))
    }

    func advance(by seconds: Double, in extent: Extent) {
        inner.advance(by: seconds, in: Self.sceneExtent(for: extent))
    }

    func prepare(_ frame: FrameContext, constants: FrameConstants) throws {
        let size = Self.sceneExtent(for: frame.extent)
        let texture = try frame.transientTexture(
            size, format: Self.format,
            usage: VkImageUsageFlags(VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT.rawValue | VK_IMAGE_USAGE_SAMPLED_BIT.rawValue))
        self.texture = texture
        let commandBuffer = frame.commandBuffer
        let scenePipelines = try frame.resources.pipelineSet(for: Self.format)
        let inside = frame.drawing(into: size, with: scenePipelines)
        // The particles' compute step, before the scene's pass begins.
        try inner.prepare(inside, constants: constants)
        Barriers.transition(commandBuffer, texture.image.image, from: VK_IMAGE_LAYOUT_UNDEFINED,
                            to: VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                            srcStage: VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                            dstStage: VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                            dstAccess: VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT)
        Rendering.begin(commandBuffer, texture.image.view, extent: size, clear: (0, 0, 0))
        var sceneConstants = constants
        sceneConstants.width = Float(size.width)
        sceneConstants.height = Float(size.height)
        // Dither about one step of a 5-bit channel, against banding in the dark background.
        sceneConstants.params = (1.0 / 40, 0, 0, 0)
        try inner.record(inside, constants: sceneConstants)
        vkCmdEndRendering(commandBuffer)
        Barriers.transition(commandBuffer, texture.image.image, from: VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                            to: VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                            srcStage: VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                            srcAccess: VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                            dstStage: VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, dstAccess: VK_ACCESS_2_SHADER_SAMPLED_READ_BIT)
    }

    func record(_ frame: FrameContext, constants: FrameConstants) throws {
        guard let texture else { return }
        defer { self.texture = nil }
        var constants = constants
        constants.params = (Float(texture.extent.width) / Float(texture.bucket.width),
                            Float(texture.extent.height) / Float(texture.bucket.height),
                            Float(texture.extent.width), Float(texture.extent.height))
        let pipelines = frame.pipelines
        pipelines.push(constants, into: frame.commandBuffer)
        pipelines.bindTexture(texture.image.view, sampler: frame.resources.samplers.linear, into: frame.commandBuffer)
        vkCmdBindPipeline(frame.commandBuffer, VK_PIPELINE_BIND_POINT_GRAPHICS, pipelines.post)
        vkCmdDraw(frame.commandBuffer, 3, 1, 0, 0)
    }

    func destroy(after serial: UInt64) {
        texture = nil
        inner.destroy(after: serial)
    }
}

import CVulkan
import FlotillaCore
import FlotillaGPU

/// The particles, drawn small into a texture checked out of the texture pool each frame (a
/// power-of-two bucket, given back once that frame is done on the GPU), then put on screen by
/// a CRT post-process pass with the shared linear sampler.
final class PostScene: Scene {
    let kind = SceneKind.post
    private let inner: ParticlesScene
    private var texture: PooledTexture?
    private var time: Float = 0

    /// The scene texture's longer side: a 256 x 256 bucket (256 KiB) at most, and the
    /// pixelated look of an old tube.
    static let longSide = 256

    init(seed: UInt64) {
        inner = ParticlesScene(seed: seed ^ 0x5EED)
        inner.sizeScale = 2.2
    }

    static func sceneExtent(for extent: Extent) -> Extent {
        let scale = Double(longSide) / Double(max(extent.width, extent.height, 1))
        return Extent(width: max(Int(Double(extent.width) * scale), 16), height: max(Int(Double(extent.height) * scale), 16))
    }

    func advance(by seconds: Double, in extent: Extent) {
        time += Float(seconds)
        inner.advance(by: seconds, in: Self.sceneExtent(for: extent))
    }

    func prepare(_ frame: FrameContext, constants: FrameConstants) throws {
        // Last frame's texture goes back now: the pool reuses it once that frame is done.
        texture?.release()
        let size = Self.sceneExtent(for: frame.extent)
        let texture = try frame.resources.texturePool.checkout(
            size, format: frame.pipelines.format,
            usage: VkImageUsageFlags(VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT.rawValue | VK_IMAGE_USAGE_SAMPLED_BIT.rawValue),
            for: frame.owner)
        self.texture = texture
        let commandBuffer = frame.commandBuffer
        Barriers.transition(commandBuffer, texture.image.image, from: VK_IMAGE_LAYOUT_UNDEFINED,
                            to: VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                            after: VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT,
                            before: VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                            writes: VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT)
        Rendering.begin(commandBuffer, texture.image.view, extent: size, clear: (0, 0, 0))
        var inside = constants
        inside.width = Float(size.width)
        inside.height = Float(size.height)
        try inner.record(frame, constants: inside)
        vkCmdEndRendering(commandBuffer)
        Barriers.transition(commandBuffer, texture.image.image, from: VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                            to: VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                            after: VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                            afterWrites: VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
                            before: VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, writes: VK_ACCESS_2_SHADER_SAMPLED_READ_BIT)
    }

    func record(_ frame: FrameContext, constants: FrameConstants) throws {
        guard let texture else { return }
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

    func destroy() {
        texture?.release()
        texture = nil
        inner.destroy()
    }
}

import CVulkan
import FlotillaCore

/// A pipeline set's layout and the push-descriptor entry point: all that recording draws with
/// the set needs. @unchecked: a layout handle and a device-level C entry point, both usable
/// from any thread (Vulkan synchronizes on the command buffer, which one thread records).
public struct PipelineBinding: @unchecked Sendable {
    let layout: VulkanHandle
    let pushDescriptor: PFN_vkCmdPushDescriptorSetKHR

    /// Every stage of the set reads the one push-constant range.
    static let constantStages = VkShaderStageFlags(VK_SHADER_STAGE_VERTEX_BIT.rawValue | VK_SHADER_STAGE_FRAGMENT_BIT.rawValue
        | VK_SHADER_STAGE_COMPUTE_BIT.rawValue)
    static let constantBytes = max(MemoryLayout<FrameConstants>.size, MemoryLayout<ParticleStep>.size)

    func push(_ constants: FrameConstants, into commandBuffer: VkCommandBuffer) {
        var constants = constants
        vkCmdPushConstants(commandBuffer, layout.raw, Self.constantStages, 0, UInt32(MemoryLayout<FrameConstants>.size), &constants)
    }

    func push(_ step: ParticleStep, into commandBuffer: VkCommandBuffer) {
        var step = step
        vkCmdPushConstants(commandBuffer, layout.raw, Self.constantStages, 0, UInt32(MemoryLayout<ParticleStep>.size), &step)
    }

    /// Combined image samplers at `bindings` (0: a draw's texture, 2: the second one).
    func bindTextures(_ textures: [(view: VkImageView, sampler: VkSampler)], at bindings: [UInt32],
                      into commandBuffer: VkCommandBuffer) {
        let images = textures.map {
            VkDescriptorImageInfo(sampler: $0.sampler, imageView: $0.view, imageLayout: VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL)
        }
        images.withUnsafeBufferPointer { imagePointer in
            var writes = [VkWriteDescriptorSet](repeating: VkWriteDescriptorSet(), count: images.count)
            for index in writes.indices {
                writes[index].sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET
                writes[index].dstBinding = bindings[index]
                writes[index].descriptorCount = 1
                writes[index].descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER
                writes[index].pImageInfo = imagePointer.baseAddress! + index
            }
            pushDescriptor(commandBuffer, VK_PIPELINE_BIND_POINT_GRAPHICS, layout.raw, 0, UInt32(writes.count), writes)
        }
    }

    func bindStorage(_ buffer: VkBuffer, bytes: UInt64, at bindPoint: VkPipelineBindPoint, into commandBuffer: VkCommandBuffer) {
        var info = VkDescriptorBufferInfo(buffer: buffer, offset: 0, range: bytes)
        var write = VkWriteDescriptorSet()
        write.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET
        write.dstBinding = 1
        write.descriptorCount = 1
        write.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER
        withUnsafePointer(to: &info) { infoPointer in
            write.pBufferInfo = infoPointer
            pushDescriptor(commandBuffer, bindPoint, layout.raw, 0, 1, &write)
        }
    }
}

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

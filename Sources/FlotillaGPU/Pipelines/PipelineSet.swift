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

/// Every pipeline Flotilla draws and computes with, their one layout and its push-descriptor set
/// layout (binding 0: the texture of a draw; binding 1: a storage buffer, the particles;
/// binding 2: a second texture, the post composite's bloom),
/// made once per colour format and shared by all windows of a ResourceSet.
public final class PipelineSet {
    public let format: VkFormat
    public let textureLayout: VkDescriptorSetLayout
    public let layout: VkPipelineLayout
    public let background: VkPipeline
    public let particles: VkPipeline
    public let glyphs: VkPipeline
    public let post: VkPipeline
    public let text: VkPipeline
    /// Colour images in quads (the text pipeline's instances): the overview's thumbnails.
    public let image: VkPipeline
    /// Advances a window's particles (shaders/particles.comp).
    public let particleStep: VkPipeline
    /// The bloom chain's steps: down (opaque) and up (added onto the level below).
    public let bloomDown: VkPipeline
    public let bloomUp: VkPipeline
    private let device: VkDevice
    /// vkCmdPushDescriptorSetKHR, an extension entry point the host looked up.
    private let pushDescriptor: PFN_vkCmdPushDescriptorSetKHR

    /// How many VkPipelines one set holds.
    public static let pipelineCount = 9

    init(host: GpuHost, format: VkFormat, cache: VkPipelineCache?) throws {
        device = host.device
        pushDescriptor = host.pushDescriptor
        self.format = format
        textureLayout = try Self.makeTextureLayout(device)
        do {
            layout = try Self.makeLayout(device, textureLayout)
        } catch {
            vkDestroyDescriptorSetLayout(device, textureLayout, nil)
            throw error
        }
        var made: [VkPipeline] = []
        do {
            let builder = PipelineBuilder(device: device, layout: layout, format: format, cache: cache)
            made.append(try builder.make(vertex: ShaderCode.backgroundVertex, fragment: ShaderCode.backgroundFragment,
                                         topology: VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST, blend: .opaque))
            made.append(try builder.make(vertex: ShaderCode.particlesVertex, fragment: ShaderCode.particlesFragment,
                                         topology: VK_PRIMITIVE_TOPOLOGY_TRIANGLE_STRIP, blend: .additive))
            made.append(try builder.make(vertex: ShaderCode.glyphsVertex, fragment: ShaderCode.glyphsFragment,
                                         topology: VK_PRIMITIVE_TOPOLOGY_TRIANGLE_STRIP, blend: .additive,
                                         instances: .glyphs))
            made.append(try builder.make(vertex: ShaderCode.backgroundVertex, fragment: ShaderCode.postFragment,
                                         topology: VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST, blend: .opaque))
            made.append(try builder.make(vertex: ShaderCode.textVertex, fragment: ShaderCode.textFragment,
                                         topology: VK_PRIMITIVE_TOPOLOGY_TRIANGLE_STRIP, blend: .premultipliedOver,
                                         instances: .text))
            made.append(try builder.makeCompute(ShaderCode.particlesCompute))
            made.append(try builder.make(vertex: ShaderCode.backgroundVertex, fragment: ShaderCode.bloomDownFragment,
                                         topology: VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST, blend: .opaque))
            made.append(try builder.make(vertex: ShaderCode.backgroundVertex, fragment: ShaderCode.bloomUpFragment,
                                         topology: VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST, blend: .additive))
            made.append(try builder.make(vertex: ShaderCode.textVertex, fragment: ShaderCode.imageFragment,
                                         topology: VK_PRIMITIVE_TOPOLOGY_TRIANGLE_STRIP, blend: .premultipliedOver,
                                         instances: .text))
        } catch {
            made.forEach { vkDestroyPipeline(host.device, $0, nil) }
            vkDestroyPipelineLayout(host.device, layout, nil)
            vkDestroyDescriptorSetLayout(host.device, textureLayout, nil)
            throw error
        }
        background = made[0]
        particles = made[1]
        glyphs = made[2]
        post = made[3]
        text = made[4]
        particleStep = made[5]
        bloomDown = made[6]
        bloomUp = made[7]
        image = made[8]
    }

    func destroy() {
        for pipeline in [background, particles, glyphs, post, text, particleStep, bloomDown, bloomUp, image] {
            vkDestroyPipeline(device, pipeline, nil)
        }
        vkDestroyPipelineLayout(device, layout, nil)
        vkDestroyDescriptorSetLayout(device, textureLayout, nil)
    }

    /// What recording with the set's layout needs, as a value any recording thread may hold.
    public var binding: PipelineBinding { PipelineBinding(layout: VulkanHandle(layout), pushDescriptor: pushDescriptor) }

    private static func makeTextureLayout(_ device: VkDevice) throws -> VkDescriptorSetLayout {
        var texture = VkDescriptorSetLayoutBinding()
        texture.binding = 0
        texture.descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER
        texture.descriptorCount = 1
        texture.stageFlags = VkShaderStageFlags(VK_SHADER_STAGE_FRAGMENT_BIT.rawValue)
        var storage = VkDescriptorSetLayoutBinding()
        storage.binding = 1
        storage.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER
        storage.descriptorCount = 1
        storage.stageFlags = VkShaderStageFlags(VK_SHADER_STAGE_VERTEX_BIT.rawValue | VK_SHADER_STAGE_COMPUTE_BIT.rawValue)
        var info = VkDescriptorSetLayoutCreateInfo()
        info.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO
        info.flags = VkDescriptorSetLayoutCreateFlags(VK_DESCRIPTOR_SET_LAYOUT_CREATE_PUSH_DESCRIPTOR_BIT_KHR.rawValue)
        var second = texture
        second.binding = 2
        let bindings = [texture, storage, second]
        info.bindingCount = UInt32(bindings.count)
        var layout: VkDescriptorSetLayout?
        let result = bindings.withUnsafeBufferPointer { bindingPointer in
            info.pBindings = bindingPointer.baseAddress
            return vkCreateDescriptorSetLayout(device, &info, nil, &layout)
        }
        try check(result, "vkCreateDescriptorSetLayout")
        return layout!
    }

    private static func makeLayout(_ device: VkDevice, _ textureLayout: VkDescriptorSetLayout) throws -> VkPipelineLayout {
        var range = VkPushConstantRange()
        range.stageFlags = PipelineBinding.constantStages
        range.size = UInt32(PipelineBinding.constantBytes)
        var setLayout: VkDescriptorSetLayout? = textureLayout
        var info = VkPipelineLayoutCreateInfo()
        info.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO
        var layout: VkPipelineLayout?
        let result = withUnsafePointer(to: &range) { rangePointer in
            withUnsafePointer(to: &setLayout) { setLayoutPointer in
                info.pushConstantRangeCount = 1
                info.pPushConstantRanges = rangePointer
                info.setLayoutCount = 1
                info.pSetLayouts = setLayoutPointer
                return vkCreatePipelineLayout(device, &info, nil, &layout)
            }
        }
        try check(result, "vkCreatePipelineLayout")
        return layout!
    }
}

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

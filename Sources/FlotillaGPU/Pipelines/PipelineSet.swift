import CVulkan
import FlotillaCore

/// The push constants every pipeline of the set reads (shaders/frame.glsl): 32 bytes.
public struct FrameConstants {
    public var width: Float
    public var height: Float
    public var time: Float
    public var hue: Float
    /// Per pipeline: glyphs (cell width, height, grid origin x, y); post (uv scale x, y, source
    /// width, height).
    public var params: (Float, Float, Float, Float)

    public init(width: Float, height: Float, time: Float, hue: Float, params: (Float, Float, Float, Float) = (0, 0, 0, 0)) {
        self.width = width
        self.height = height
        self.time = time
        self.hue = hue
        self.params = params
    }
}

/// One instance of the particles pipeline: centre and radius in pixels, RGBA8 colour.
public struct ParticleInstance {
    public var x: Float
    public var y: Float
    public var radius: Float
    public var color: UInt32

    public init(x: Float, y: Float, radius: Float, color: UInt32) {
        self.x = x
        self.y = y
        self.radius = radius
        self.color = color
    }
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

/// Every pipeline Flotilla draws with, their one layout and the push-descriptor set layout of
/// their one texture, made once per colour format and shared by all windows of a ResourceSet.
public final class PipelineSet {
    public let format: VkFormat
    public let textureLayout: VkDescriptorSetLayout
    public let layout: VkPipelineLayout
    public let background: VkPipeline
    public let particles: VkPipeline
    public let glyphs: VkPipeline
    public let post: VkPipeline
    public let text: VkPipeline
    private let device: VkDevice
    /// vkCmdPushDescriptorSetKHR, an extension entry point the host looked up.
    private let pushDescriptor: PFN_vkCmdPushDescriptorSetKHR

    /// How many VkPipelines one set holds.
    public static let pipelineCount = 5

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
                                         topology: VK_PRIMITIVE_TOPOLOGY_TRIANGLE_STRIP, blend: .additive,
                                         instances: .particles))
            made.append(try builder.make(vertex: ShaderCode.glyphsVertex, fragment: ShaderCode.glyphsFragment,
                                         topology: VK_PRIMITIVE_TOPOLOGY_TRIANGLE_STRIP, blend: .additive,
                                         instances: .glyphs))
            made.append(try builder.make(vertex: ShaderCode.backgroundVertex, fragment: ShaderCode.postFragment,
                                         topology: VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST, blend: .opaque))
            made.append(try builder.make(vertex: ShaderCode.textVertex, fragment: ShaderCode.textFragment,
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
    }

    func destroy() {
        for pipeline in [background, particles, glyphs, post, text] { vkDestroyPipeline(device, pipeline, nil) }
        vkDestroyPipelineLayout(device, layout, nil)
        vkDestroyDescriptorSetLayout(device, textureLayout, nil)
    }

    /// Sets the frame's push constants for every pipeline of the set.
    public func push(_ constants: FrameConstants, into commandBuffer: VkCommandBuffer) {
        var constants = constants
        let stages = VkShaderStageFlags(VK_SHADER_STAGE_VERTEX_BIT.rawValue | VK_SHADER_STAGE_FRAGMENT_BIT.rawValue)
        vkCmdPushConstants(commandBuffer, layout, stages, 0, UInt32(MemoryLayout<FrameConstants>.size), &constants)
    }

    /// Binds `view` with `sampler` as the set's one texture (a push descriptor: no pools, no sets).
    public func bindTexture(_ view: VkImageView, sampler: VkSampler, into commandBuffer: VkCommandBuffer) {
        var image = VkDescriptorImageInfo(sampler: sampler, imageView: view, imageLayout: VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL)
        var write = VkWriteDescriptorSet()
        write.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET
        write.dstBinding = 0
        write.descriptorCount = 1
        write.descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER
        withUnsafePointer(to: &image) { imagePointer in
            write.pImageInfo = imagePointer
            pushDescriptor(commandBuffer, VK_PIPELINE_BIND_POINT_GRAPHICS, layout, 0, 1, &write)
        }
    }

    private static func makeTextureLayout(_ device: VkDevice) throws -> VkDescriptorSetLayout {
        var binding = VkDescriptorSetLayoutBinding()
        binding.binding = 0
        binding.descriptorType = VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER
        binding.descriptorCount = 1
        binding.stageFlags = VkShaderStageFlags(VK_SHADER_STAGE_FRAGMENT_BIT.rawValue)
        var info = VkDescriptorSetLayoutCreateInfo()
        info.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO
        info.flags = VkDescriptorSetLayoutCreateFlags(VK_DESCRIPTOR_SET_LAYOUT_CREATE_PUSH_DESCRIPTOR_BIT_KHR.rawValue)
        info.bindingCount = 1
        var layout: VkDescriptorSetLayout?
        let result = withUnsafePointer(to: &binding) { bindingPointer in
            info.pBindings = bindingPointer
            return vkCreateDescriptorSetLayout(device, &info, nil, &layout)
        }
        try check(result, "vkCreateDescriptorSetLayout")
        return layout!
    }

    private static func makeLayout(_ device: VkDevice, _ textureLayout: VkDescriptorSetLayout) throws -> VkPipelineLayout {
        var range = VkPushConstantRange()
        range.stageFlags = VkShaderStageFlags(VK_SHADER_STAGE_VERTEX_BIT.rawValue | VK_SHADER_STAGE_FRAGMENT_BIT.rawValue)
        range.size = UInt32(MemoryLayout<FrameConstants>.size)
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

import CVulkan
import FlotillaCore

/// Every pipeline Flotilla draws and computes with, their one layout and its push-descriptor set
/// layout (binding 0: the texture of a draw; binding 1: a storage buffer, the particles;
/// binding 2: a second texture, the post composite's bloom),
/// made once per colour format and shared by all windows of a ResourceSet.
public final class PipelineSet {
    /// The set's pipelines by name; one list (`allCases`) makes them and destroys them.
    public enum Name: Int, CaseIterable, Sendable {
        case background, particles, glyphs, post, text
        /// Colour images in quads (the text pipeline's instances): thumbnails, pictures.
        case image
        /// Advances a window's particles (shaders/particles.comp).
        case particleStep
        /// The bloom chain's steps: down (opaque) and up (added onto the level below). They draw
        /// into the bloom levels' format (TransientTargets.bloomFormat) whatever the set's format,
        /// so the post scene draws its HDR image and its bloom chain with one set.
        case bloomDown, bloomUp

        /// How the pipeline of this name is made.
        func make(with builder: PipelineBuilder) throws -> VkPipeline {
            switch self {
            case .background:
                try builder.make(vertex: ShaderCode.backgroundVertex, fragment: ShaderCode.backgroundFragment,
                                 topology: VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST, blend: .opaque)
            case .particles:
                try builder.make(vertex: ShaderCode.particlesVertex, fragment: ShaderCode.particlesFragment,
                                 topology: VK_PRIMITIVE_TOPOLOGY_TRIANGLE_STRIP, blend: .additive)
            case .glyphs:
                try builder.make(vertex: ShaderCode.glyphsVertex, fragment: ShaderCode.glyphsFragment,
                                 topology: VK_PRIMITIVE_TOPOLOGY_TRIANGLE_STRIP, blend: .additive, instances: .glyphs)
            case .post:
                try builder.make(vertex: ShaderCode.backgroundVertex, fragment: ShaderCode.postFragment,
                                 topology: VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST, blend: .opaque)
            case .text:
                try builder.make(vertex: ShaderCode.textVertex, fragment: ShaderCode.textFragment,
                                 topology: VK_PRIMITIVE_TOPOLOGY_TRIANGLE_STRIP, blend: .premultipliedOver, instances: .text)
            case .image:
                try builder.make(vertex: ShaderCode.textVertex, fragment: ShaderCode.imageFragment,
                                 topology: VK_PRIMITIVE_TOPOLOGY_TRIANGLE_STRIP, blend: .premultipliedOver, instances: .text)
            case .particleStep:
                try builder.makeCompute(ShaderCode.particlesCompute)
            case .bloomDown:
                try builder.make(vertex: ShaderCode.backgroundVertex, fragment: ShaderCode.bloomDownFragment,
                                 topology: VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST, blend: .opaque, into: TransientTargets.bloomFormat)
            case .bloomUp:
                try builder.make(vertex: ShaderCode.backgroundVertex, fragment: ShaderCode.bloomUpFragment,
                                 topology: VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST, blend: .additive, into: TransientTargets.bloomFormat)
            }
        }
    }

    public let format: VkFormat
    public let textureLayout: VkDescriptorSetLayout
    public let layout: VkPipelineLayout
    /// Indexed by `Name.rawValue`.
    private let pipelines: [VkPipeline]
    private let device: VkDevice
    /// vkCmdPushDescriptorSetKHR, an extension entry point the host looked up.
    private let pushDescriptor: PFN_vkCmdPushDescriptorSetKHR

    /// How many VkPipelines one set holds.
    public static var pipelineCount: Int { Name.allCases.count }

    public subscript(name: Name) -> VkPipeline { pipelines[name.rawValue] }
    public var background: VkPipeline { self[.background] }
    public var particles: VkPipeline { self[.particles] }
    public var glyphs: VkPipeline { self[.glyphs] }
    public var post: VkPipeline { self[.post] }
    public var text: VkPipeline { self[.text] }
    public var image: VkPipeline { self[.image] }
    public var particleStep: VkPipeline { self[.particleStep] }
    public var bloomDown: VkPipeline { self[.bloomDown] }
    public var bloomUp: VkPipeline { self[.bloomUp] }

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
            for name in Name.allCases {
                assert(made.count == name.rawValue)
                made.append(try name.make(with: builder))
            }
        } catch {
            made.forEach { vkDestroyPipeline(host.device, $0, nil) }
            vkDestroyPipelineLayout(host.device, layout, nil)
            vkDestroyDescriptorSetLayout(host.device, textureLayout, nil)
            throw error
        }
        pipelines = made
    }

    func destroy() {
        for pipeline in pipelines { vkDestroyPipeline(device, pipeline, nil) }
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

import CVulkan

/// The push constants every pipeline of the set reads (shaders/frame.glsl): 16 bytes.
public struct FrameConstants {
    public var width: Float
    public var height: Float
    public var time: Float
    public var hue: Float

    public init(width: Float, height: Float, time: Float, hue: Float) {
        self.width = width
        self.height = height
        self.time = time
        self.hue = hue
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

/// Every pipeline Flotilla draws with, and their one layout, made once per colour format and
/// shared by all windows that render to that format.
public final class PipelineSet {
    public let format: VkFormat
    public let layout: VkPipelineLayout
    public let background: VkPipeline
    public let particles: VkPipeline
    private let device: VkDevice

    init(device: VkDevice, format: VkFormat) throws {
        self.device = device
        self.format = format
        layout = try Self.makeLayout(device)
        var made: [VkPipeline] = []
        do {
            let builder = PipelineBuilder(device: device, layout: layout, format: format)
            made.append(try builder.make(vertex: ShaderCode.backgroundVertex, fragment: ShaderCode.backgroundFragment,
                                         topology: VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST, blend: .opaque))
            made.append(try builder.make(vertex: ShaderCode.particlesVertex, fragment: ShaderCode.particlesFragment,
                                         topology: VK_PRIMITIVE_TOPOLOGY_TRIANGLE_STRIP, blend: .additive,
                                         instances: .particles))
        } catch {
            made.forEach { vkDestroyPipeline(device, $0, nil) }
            vkDestroyPipelineLayout(device, layout, nil)
            throw error
        }
        background = made[0]
        particles = made[1]
    }

    /// How many VkPipelines one set holds.
    public static let pipelineCount = 2

    func destroy() {
        vkDestroyPipeline(device, background, nil)
        vkDestroyPipeline(device, particles, nil)
        vkDestroyPipelineLayout(device, layout, nil)
    }

    private static func makeLayout(_ device: VkDevice) throws -> VkPipelineLayout {
        var range = VkPushConstantRange()
        range.stageFlags = VkShaderStageFlags(VK_SHADER_STAGE_VERTEX_BIT.rawValue | VK_SHADER_STAGE_FRAGMENT_BIT.rawValue)
        range.size = UInt32(MemoryLayout<FrameConstants>.size)
        var info = VkPipelineLayoutCreateInfo()
        info.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO
        var layout: VkPipelineLayout?
        let result = withUnsafePointer(to: &range) { rangePointer in
            info.pushConstantRangeCount = 1
            info.pPushConstantRanges = rangePointer
            return vkCreatePipelineLayout(device, &info, nil, &layout)
        }
        try check(result, "vkCreatePipelineLayout")
        return layout!
    }
}

extension GpuHost {
    /// The shared pipeline set for a colour format, made on first use.
    public func pipelineSet(for format: VkFormat) throws -> PipelineSet {
        if let set = pipelineSets[format.rawValue] { return set }
        let set = try PipelineSet(device: device, format: format)
        pipelineSets[format.rawValue] = set
        pipelinesCreated += PipelineSet.pipelineCount
        return set
    }
}

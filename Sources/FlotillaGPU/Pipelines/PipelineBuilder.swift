import CVulkan

/// Fills the long VkGraphicsPipelineCreateInfo for the pipelines of a PipelineSet: dynamic
/// rendering to one colour format, viewport and scissor dynamic, no depth; and the compute
/// pipelines, over the same layout.
struct PipelineBuilder {
    enum Blend { case opaque, additive, premultipliedOver }
    enum Instances { case none, glyphs, text }

    let device: VkDevice
    let layout: VkPipelineLayout
    let format: VkFormat
    let cache: VkPipelineCache?

    /// A graphics pipeline drawing into `format`, or into `target` where a pipeline of the set
    /// draws into images of another format (the bloom chain's).
    func make(vertex: [UInt32], fragment: [UInt32], topology: VkPrimitiveTopology, blend: Blend,
              instances: Instances = .none, into target: VkFormat? = nil) throws -> VkPipeline {
        let vertexModule = try makeModule(vertex)
        defer { vkDestroyShaderModule(device, vertexModule, nil) }
        let fragmentModule = try makeModule(fragment)
        defer { vkDestroyShaderModule(device, fragmentModule, nil) }

        var stages = [VkPipelineShaderStageCreateInfo](repeating: VkPipelineShaderStageCreateInfo(), count: 2)
        for (index, (stage, module)) in [(VK_SHADER_STAGE_VERTEX_BIT, vertexModule),
                                          (VK_SHADER_STAGE_FRAGMENT_BIT, fragmentModule)].enumerated() {
            stages[index].sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO
            stages[index].stage = stage
            stages[index].module = module
        }

        let arena = ScratchArena()
        let entry = arena.store(cString: "main")
        for index in stages.indices { stages[index].pName = entry }

        var vertexInput = VkPipelineVertexInputStateCreateInfo()
        vertexInput.sType = VK_STRUCTURE_TYPE_PIPELINE_VERTEX_INPUT_STATE_CREATE_INFO
        let (stride, attributes): (Int, [VkVertexInputAttributeDescription]) = switch instances {
        case .none: (0, [])
        case .text: (MemoryLayout<TextInstance>.stride, [
            VkVertexInputAttributeDescription(location: 0, binding: 0, format: VK_FORMAT_R32G32B32A32_SFLOAT, offset: 0),
            VkVertexInputAttributeDescription(location: 1, binding: 0, format: VK_FORMAT_R32G32B32A32_SFLOAT, offset: 16),
            VkVertexInputAttributeDescription(location: 2, binding: 0, format: VK_FORMAT_R8G8B8A8_UNORM, offset: 32),
        ])
        case .glyphs: (MemoryLayout<GlyphInstance>.stride, [
            VkVertexInputAttributeDescription(location: 0, binding: 0, format: VK_FORMAT_R16G16_UINT, offset: 0),
            VkVertexInputAttributeDescription(location: 1, binding: 0, format: VK_FORMAT_R16G16_UINT, offset: 4),
            VkVertexInputAttributeDescription(location: 2, binding: 0, format: VK_FORMAT_R8G8B8A8_UINT, offset: 8),
            VkVertexInputAttributeDescription(location: 3, binding: 0, format: VK_FORMAT_R8G8B8A8_UINT, offset: 12),
        ])
        }
        if !attributes.isEmpty {
            vertexInput.vertexBindingDescriptionCount = 1
            vertexInput.pVertexBindingDescriptions = UnsafePointer(arena.store(VkVertexInputBindingDescription(
                binding: 0, stride: UInt32(stride), inputRate: VK_VERTEX_INPUT_RATE_INSTANCE)))
            vertexInput.vertexAttributeDescriptionCount = UInt32(attributes.count)
            vertexInput.pVertexAttributeDescriptions = UnsafePointer(arena.store(array: attributes))
        }

        var inputAssembly = VkPipelineInputAssemblyStateCreateInfo()
        inputAssembly.sType = VK_STRUCTURE_TYPE_PIPELINE_INPUT_ASSEMBLY_STATE_CREATE_INFO
        inputAssembly.topology = topology

        var viewport = VkPipelineViewportStateCreateInfo()
        viewport.sType = VK_STRUCTURE_TYPE_PIPELINE_VIEWPORT_STATE_CREATE_INFO
        viewport.viewportCount = 1
        viewport.scissorCount = 1

        var raster = VkPipelineRasterizationStateCreateInfo()
        raster.sType = VK_STRUCTURE_TYPE_PIPELINE_RASTERIZATION_STATE_CREATE_INFO
        raster.polygonMode = VK_POLYGON_MODE_FILL
        raster.cullMode = VkCullModeFlags(VK_CULL_MODE_NONE.rawValue)
        raster.frontFace = VK_FRONT_FACE_COUNTER_CLOCKWISE
        raster.lineWidth = 1

        var multisample = VkPipelineMultisampleStateCreateInfo()
        multisample.sType = VK_STRUCTURE_TYPE_PIPELINE_MULTISAMPLE_STATE_CREATE_INFO
        multisample.rasterizationSamples = VK_SAMPLE_COUNT_1_BIT

        var attachment = VkPipelineColorBlendAttachmentState()
        attachment.colorWriteMask = VkColorComponentFlags(VK_COLOR_COMPONENT_R_BIT.rawValue | VK_COLOR_COMPONENT_G_BIT.rawValue
            | VK_COLOR_COMPONENT_B_BIT.rawValue | VK_COLOR_COMPONENT_A_BIT.rawValue)
        if blend == .additive {
            // Premultiplied light added onto what is there; alpha is left untouched.
            attachment.blendEnable = VkBool32(VK_TRUE)
            attachment.srcColorBlendFactor = VK_BLEND_FACTOR_ONE
            attachment.dstColorBlendFactor = VK_BLEND_FACTOR_ONE
            attachment.colorBlendOp = VK_BLEND_OP_ADD
            attachment.srcAlphaBlendFactor = VK_BLEND_FACTOR_ZERO
            attachment.dstAlphaBlendFactor = VK_BLEND_FACTOR_ONE
            attachment.alphaBlendOp = VK_BLEND_OP_ADD
        }
        if blend == .premultipliedOver {
            // Premultiplied colour over what is there.
            attachment.blendEnable = VkBool32(VK_TRUE)
            attachment.srcColorBlendFactor = VK_BLEND_FACTOR_ONE
            attachment.dstColorBlendFactor = VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA
            attachment.colorBlendOp = VK_BLEND_OP_ADD
            attachment.srcAlphaBlendFactor = VK_BLEND_FACTOR_ONE
            attachment.dstAlphaBlendFactor = VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA
            attachment.alphaBlendOp = VK_BLEND_OP_ADD
        }
        var colorBlend = VkPipelineColorBlendStateCreateInfo()
        colorBlend.sType = VK_STRUCTURE_TYPE_PIPELINE_COLOR_BLEND_STATE_CREATE_INFO
        colorBlend.attachmentCount = 1
        colorBlend.pAttachments = UnsafePointer(arena.store(attachment))

        var dynamic = VkPipelineDynamicStateCreateInfo()
        dynamic.sType = VK_STRUCTURE_TYPE_PIPELINE_DYNAMIC_STATE_CREATE_INFO
        dynamic.dynamicStateCount = 2
        dynamic.pDynamicStates = UnsafePointer(arena.store(array: [VK_DYNAMIC_STATE_VIEWPORT, VK_DYNAMIC_STATE_SCISSOR]))

        var rendering = VkPipelineRenderingCreateInfo()
        rendering.sType = VK_STRUCTURE_TYPE_PIPELINE_RENDERING_CREATE_INFO
        rendering.colorAttachmentCount = 1
        rendering.pColorAttachmentFormats = UnsafePointer(arena.store(target ?? format))

        var info = VkGraphicsPipelineCreateInfo()
        info.sType = VK_STRUCTURE_TYPE_GRAPHICS_PIPELINE_CREATE_INFO
        info.pNext = UnsafeRawPointer(arena.store(rendering))
        info.stageCount = UInt32(stages.count)
        info.pStages = UnsafePointer(arena.store(array: stages))
        info.pVertexInputState = UnsafePointer(arena.store(vertexInput))
        info.pInputAssemblyState = UnsafePointer(arena.store(inputAssembly))
        info.pViewportState = UnsafePointer(arena.store(viewport))
        info.pRasterizationState = UnsafePointer(arena.store(raster))
        info.pMultisampleState = UnsafePointer(arena.store(multisample))
        info.pColorBlendState = UnsafePointer(arena.store(colorBlend))
        info.pDynamicState = UnsafePointer(arena.store(dynamic))
        info.layout = layout
        var pipeline: VkPipeline?
        let result = vkCreateGraphicsPipelines(device, cache, 1, &info, nil, &pipeline)
        try check(result, "vkCreateGraphicsPipelines")
        return pipeline!
    }

    /// A compute pipeline over the same layout.
    func makeCompute(_ code: [UInt32]) throws -> VkPipeline {
        let module = try makeModule(code)
        defer { vkDestroyShaderModule(device, module, nil) }
        let arena = ScratchArena()
        var info = VkComputePipelineCreateInfo()
        info.sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO
        info.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO
        info.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT
        info.stage.module = module
        info.stage.pName = arena.store(cString: "main")
        info.layout = layout
        var pipeline: VkPipeline?
        try check(vkCreateComputePipelines(device, cache, 1, &info, nil, &pipeline), "vkCreateComputePipelines")
        return pipeline!
    }

    private func makeModule(_ code: [UInt32]) throws -> VkShaderModule {
        var module: VkShaderModule?
        let result = code.withUnsafeBufferPointer { words in
            var info = VkShaderModuleCreateInfo()
            info.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO
            info.codeSize = words.count * 4
            info.pCode = words.baseAddress
            return vkCreateShaderModule(device, &info, nil, &module)
        }
        try check(result, "vkCreateShaderModule")
        return module!
    }
}

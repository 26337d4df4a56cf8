import CVulkan
import FlotillaCore

extension WindowGPUState {
    /// The one frame path of every window, swapchain or offscreen: take a free slot, acquire an
    /// image without waiting, prepare the scene (its uploads into the pass's prologue), gather
    /// its draws for the window's command buffer, and add it to `pass`, which records, submits
    /// and presents every window of the pass together.
    /// Returns `.recorded`, or without drawing whenever something is not ready.
    /// `prepare` records what must come before the window's pass (uploads, compute steps, offscreen
    /// passes); `record` draws inside it. `beforePresent` runs once the frame is certain to be
    /// presented (Wayland: request the next frame callback, which must precede the commit that
    /// present makes).
    public func record(into pass: FramePass, clearColor: (Float, Float, Float),
                       prepare: (FrameContext) throws -> Void = { _ in },
                       record: (DrawContext) throws -> Void, beforePresent: @escaping () -> Void = {}) throws -> FrameOutcome {
        precondition(pass.host === host, "a window records into a pass of its own host")
        guard slots.isReady else { return .notReady }
        let slot = slots.slot
        let image: TargetImage
        switch try target.acquire(signalling: slot.acquired) {
        case .image(let acquired): image = acquired
        case .notReady: return .notReady
        case .outOfDate:
            try target.resize(to: target.extent)
            return .rebuilt
        }

        // Uploads and copies the scene makes while it prepares go into the pass's prologue,
        // which runs before every window's pass.
        let pipelines = try resources.pipelineSet(for: target.format)
        let context = FrameContext(commandBuffer: try pass.prologueCommandBuffer(), uploads: pass.uploads,
                                   computeSteps: pass.computeSteps,
                                   extent: target.extent,
                                   pipelines: pipelines, resources: resources, owner: owner, host: host,
                                   serial: pass.serial, prelude: DrawList(binding: pipelines.binding),
                                   epilogue: FrameEpilogue(), canCopyFrom: target.canCopyFrom)
        try prepare(context)
        let drawing = context.drawContext()
        try record(drawing)
        // From the pool of the thread that will record it.
        let commandBuffer = try pass.nextCommandBuffer()
        let job = RenderJob(commandBuffer: VulkanHandle(commandBuffer), view: VulkanHandle(image.view),
                            extent: target.extent, clear: clearColor, prelude: context.prelude.recorded,
                            draws: drawing.draws.recorded)
        pass.add(FramePass.Frame(window: self, image: image, commandBuffer: commandBuffer,
                                 acquired: image.waitsForAcquire ? slot.acquired : nil, beforePresent: beforePresent,
                                 job: job, finish: PassEpilogue.Image(image: image.image, extent: target.extent,
                                                                      finalLayout: target.finalLayout,
                                                                      copies: context.epilogue.copies)))
        return .recorded
    }

    /// What the pass's present meant for this window: a frame counted if it was shown, the
    /// target rebuilt if it no longer matches its surface.
    func finishPresent(_ outcome: PresentOutcome) throws -> FrameOutcome {
        switch outcome {
        case .presented:
            framesPresented += 1
            return .presented
        case .presentedSuboptimal:
            framesPresented += 1
            try target.resize(to: target.extent)
            return .presented
        case .outOfDate:
            // Nothing reached the screen: no frame is counted; the next pass draws again.
            try target.resize(to: target.extent)
            return .rebuilt
        }
    }
}

/// Dynamic rendering, as every pass of Flotilla begins it.
public enum Rendering {
    /// Starts rendering into `view` over `extent` (the top-left part of a larger image, or all
    /// of it), cleared to `clear` or, when nil, keeping what is there, with viewport and
    /// scissor set.
    public static func begin(_ commandBuffer: VkCommandBuffer, _ view: VkImageView, extent: Extent,
                             clear: (Float, Float, Float)?) {
        var attachment = VkRenderingAttachmentInfo()
        attachment.sType = VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO
        attachment.imageView = view
        attachment.imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL
        attachment.loadOp = clear == nil ? VK_ATTACHMENT_LOAD_OP_LOAD : VK_ATTACHMENT_LOAD_OP_CLEAR
        attachment.storeOp = VK_ATTACHMENT_STORE_OP_STORE
        if let clear { attachment.clearValue.color.float32 = (clear.0, clear.1, clear.2, 1) }
        var info = VkRenderingInfo()
        info.sType = VK_STRUCTURE_TYPE_RENDERING_INFO
        info.renderArea = VkRect2D(offset: VkOffset2D(x: 0, y: 0),
                                   extent: VkExtent2D(width: UInt32(extent.width), height: UInt32(extent.height)))
        info.layerCount = 1
        info.colorAttachmentCount = 1
        withUnsafePointer(to: &attachment) { attachmentPointer in
            info.pColorAttachments = attachmentPointer
            vkCmdBeginRendering(commandBuffer, &info)
        }
        var viewport = VkViewport(x: 0, y: 0, width: Float(extent.width), height: Float(extent.height),
                                  minDepth: 0, maxDepth: 1)
        vkCmdSetViewport(commandBuffer, 0, 1, &viewport)
        var scissor = info.renderArea
        vkCmdSetScissor(commandBuffer, 0, 1, &scissor)
    }
}

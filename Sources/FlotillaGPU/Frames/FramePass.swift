import CVulkan
import Dispatch
import FlotillaCore
import Synchronization

/// The frames of one scheduler pass, prepared one by one on the loop thread in the scheduler's
/// order (UserInput first), their passes recorded on `threads` threads at once (each from its
/// own command pool), then sent to the GPU together: one `vkQueueSubmit2` of one batch, the
/// pass's prologue (uploads, every image made a colour attachment in one barrier), the windows'
/// command buffers in that order, and the epilogue (every image on to present or readback, in
/// one barrier, and the frames' copies); and one
/// `vkQueuePresentKHR` carrying every swapchain, with a result per swapchain so an out-of-date
/// window rebuilds alone. Every frame of the pass has the pass's serial: the timeline value the
/// last batch signals, which (a signal covers everything earlier in submission order) marks
/// them all done.
public final class FramePass {
    struct Frame {
        let window: WindowGPUState
        let image: TargetImage
        let commandBuffer: VkCommandBuffer
        let acquired: VkSemaphore?
        let beforePresent: () -> Void
        let job: RenderJob
        let finish: PassEpilogue.Image
    }

    public let host: GpuHost
    /// The serial every frame of the pass is tagged with.
    public let serial: UInt64
    private var frames: [Frame] = []
    private var finished = false
    /// The pair of timestamp queries this pass writes, if it is timed.
    private var timingQueries: (pool: VulkanHandle, first: UInt32)?
    /// Recorded on the loop thread before every window's pass: the start timestamp, the uploads
    /// the windows made while preparing, and one barrier that makes every window's image a
    /// colour attachment.
    private var prologue: VkCommandBuffer?
    /// The windows' buffer uploads, recorded at the end of the prologue.
    let uploads = UploadBatch()
    /// The windows' compute steps, recorded after the uploads.
    public let computeSteps = ComputeBatch()

    /// Threads that record the windows' passes (1: all on the calling thread).
    public let threads: Int

    public init(host: GpuHost, threads: Int = 1) {
        self.host = host
        self.threads = max(threads, 1)
        serial = host.beginPass()
        host.recordingPools.begin(threads: self.threads)
    }

    /// The command buffer of the next frame, from the pool of the thread that will record it.
    func nextCommandBuffer() throws -> VkCommandBuffer {
        try host.recordingPools.commandBuffer(thread: frames.count % threads)
    }

    /// The pass's prologue, begun on first use (with the pass's start timestamp, if timed):
    /// where windows record what must precede every window's pass. The loop thread records it,
    /// from thread 0's pool, while no recording thread runs.
    func prologueCommandBuffer() throws -> VkCommandBuffer {
        if let prologue { return prologue }
        let commandBuffer = try host.recordingPools.commandBuffer(thread: 0)
        try Self.begin(commandBuffer)
        prologue = commandBuffer
        if let timing = host.passTiming, let queries = timing.queries(for: serial, completed: host.completedSerial()) {
            timingQueries = queries
            vkCmdResetQueryPool(commandBuffer, queries.pool.raw, queries.first, 2)
            vkCmdWriteTimestamp2(commandBuffer, VkPipelineStageFlags2(VK_PIPELINE_STAGE_2_TOP_OF_PIPE_BIT),
                                 queries.pool.raw, queries.first)
        }
        return commandBuffer
    }

    deinit {
        if !finished { host.endPass() }
    }

    /// Frames recorded so far.
    public var count: Int { frames.count }

    func add(_ frame: Frame) {
        precondition(!finished, "a frame was recorded into a pass that was already submitted")
        frames.append(frame)
    }

    /// Submits every recorded frame, runs their `beforePresent`s (Wayland: the frame callback
    /// request that must precede present's commit), presents them, and returns each frame's
    /// outcome in recording order: `.presented`, or `.rebuilt` when its target was out of date.
    /// An empty pass submits nothing.
    public func submitAndPresent() throws -> [(window: WindowGPUState, outcome: FrameOutcome)] {
        precondition(!finished, "a pass is submitted once")
        finished = true
        defer {
            // A timed pass that failed before its submission gives its queries back.
            if let timingQueries, host.lastSubmittedSerial < serial { host.passTiming?.submitted(first: timingQueries.first, frames: 0) }
            host.endPass()
        }
        guard !frames.isEmpty else { return [] }
        let clock = ContinuousClock()
        let began = clock.now
        let epilogue = try recordPasses()
        try host.failIfLossInjected()
        let recorded = clock.now
        try submit(epilogue: epilogue)
        host.passTimes.record += recorded - began
        host.passTimes.submit += clock.now - recorded
        for frame in frames { frame.window.slots.finish(serial: serial) }
        for frame in frames { frame.beforePresent() }
        let presenting = clock.now
        host.blockIfPresentStallInjected()
        let results = try present()
        host.passTimes.present += clock.now - presenting
        return try zip(frames, results).map { frame, result in
            (frame.window, try frame.window.finishPresent(try frame.window.target.presented(frame.image, result: result)))
        }
    }

    /// Ends the prologue with one barrier moving every frame's image (its old contents
    /// discarded) to colour attachment; records every frame's second half (its pass, replayed
    /// from its draw list), frame i on thread i mod `threads`, each thread only command buffers
    /// of its own pool; then the epilogue (every image to where it goes next, the frames'
    /// copies, the end timestamp). Returns the epilogue.
    private func recordPasses() throws -> VkCommandBuffer {
        let prologue = try prologueCommandBuffer()
        let uploaded = uploads.record(into: prologue)
        let computed = computeSteps.record(into: prologue)
        // A swapchain image's transition waits for its acquire semaphore, whose wait stage is
        // COLOR_ATTACHMENT_OUTPUT; an offscreen image's for the previous frame's readback. The
        // uploads' and the compute steps' barriers go with it.
        Barriers.transitions(prologue, frames.map {
            ImageTransition($0.image.image, from: VK_IMAGE_LAYOUT_UNDEFINED, to: VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                            srcStage: VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT | VK_PIPELINE_STAGE_2_TRANSFER_BIT,
                            dstStage: VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                            dstAccess: VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT)
        }, memory: Barriers.joined(uploaded, computed))
        try check(vkEndCommandBuffer(prologue), "vkEndCommandBuffer")

        let jobs = frames.map(\.job)
        let threads = min(self.threads, jobs.count)
        if threads > 1 {
            let failure = Mutex<VulkanError?>(nil)
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                for index in stride(from: thread, to: jobs.count, by: threads) {
                    do {
                        try jobs[index].record()
                    } catch let error as VulkanError {
                        failure.withLock { $0 = $0 ?? error }
                    } catch {
                        failure.withLock { $0 = $0 ?? VulkanError(operation: "recording", result: VK_ERROR_UNKNOWN) }
                    }
                }
            }
            if let error = failure.withLock({ $0 }) { throw error }
        } else {
            for job in jobs { try job.record() }
        }

        let epilogue = try host.recordingPools.commandBuffer(thread: 0)
        try Self.begin(epilogue)
        PassEpilogue.record(frames.map(\.finish), into: epilogue)
        if let timingQueries {
            vkCmdWriteTimestamp2(epilogue, VkPipelineStageFlags2(VK_PIPELINE_STAGE_2_BOTTOM_OF_PIPE_BIT),
                                 timingQueries.pool.raw, timingQueries.first + 1)
        }
        try check(vkEndCommandBuffer(epilogue), "vkEndCommandBuffer")
        return epilogue
    }

    private static func begin(_ commandBuffer: VkCommandBuffer) throws {
        var begin = VkCommandBufferBeginInfo()
        begin.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO
        begin.flags = VkCommandBufferUsageFlags(VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT.rawValue)
        try check(vkBeginCommandBuffer(commandBuffer, &begin), "vkBeginCommandBuffer")
    }

    /// One batch: the prologue, every window's command buffer in the scheduler's order, the
    /// epilogue. It waits for every acquired image and signals every presented image's
    /// semaphore and the timeline.
    private func submit(epilogue: VkCommandBuffer) throws {
        try host.submitToQueue([prologue!] + frames.map(\.commandBuffer) + [epilogue],
                               waits: frames.compactMap(\.acquired), signals: frames.compactMap(\.image.renderFinished),
                               serial: serial)
        host.recordingPools.submitted(serial: serial)
        if let timingQueries { host.passTiming?.submitted(first: timingQueries.first, frames: frames.count) }
        host.passSubmitted(serial, frames: frames.count)
    }

    /// One present for every swapchain frame; offscreen frames are "presented" by their target.
    private func present() throws -> [VkResult] {
        var results = [VkResult](repeating: VK_SUCCESS, count: frames.count)
        var positions: [Int] = []
        var swapchains: [VkSwapchainKHR?] = []
        var indices: [UInt32] = []
        var waits: [VkSemaphore?] = []
        for (position, frame) in frames.enumerated() {
            guard let request = frame.window.target.presentRequest(for: frame.image) else { continue }
            positions.append(position)
            swapchains.append(request.swapchain)
            indices.append(request.index)
            waits.append(request.wait)
        }
        guard !positions.isEmpty else { return results }
        var perSwapchain = [VkResult](repeating: VK_SUCCESS, count: positions.count)
        let overall = swapchains.withUnsafeBufferPointer { swapchainPointer in
            indices.withUnsafeBufferPointer { indexPointer in
                waits.withUnsafeBufferPointer { waitPointer in
                    perSwapchain.withUnsafeMutableBufferPointer { resultPointer in
                        var info = VkPresentInfoKHR()
                        info.sType = VK_STRUCTURE_TYPE_PRESENT_INFO_KHR
                        info.waitSemaphoreCount = UInt32(waits.count)
                        info.pWaitSemaphores = waitPointer.baseAddress
                        info.swapchainCount = UInt32(swapchains.count)
                        info.pSwapchains = swapchainPointer.baseAddress
                        info.pImageIndices = indexPointer.baseAddress
                        info.pResults = resultPointer.baseAddress
                        return vkQueuePresentKHR(host.queue, &info)
                    }
                }
            }
        }
        host.presentCalls += 1
        // A device-wide failure (device lost, out of memory) may leave the per-swapchain
        // results unwritten: it is the pass's, not one window's.
        if overall != VK_SUCCESS, overall != VK_SUBOPTIMAL_KHR, overall != VK_ERROR_OUT_OF_DATE_KHR,
           !perSwapchain.contains(overall) {
            throw VulkanError(operation: "vkQueuePresentKHR", result: overall)
        }
        for (slot, position) in positions.enumerated() { results[position] = perSwapchain[slot] }
        return results
    }
}

public enum FrameOutcome: Equatable {
    case presented
    /// Recorded into a FramePass, which will submit and present it.
    case recorded
    /// The slot's previous frame is still on the GPU, or no image is free: try next pass.
    case notReady
    /// The target had to be rebuilt at its size; nothing was drawn.
    case rebuilt
}

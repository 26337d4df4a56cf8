import CVulkan
import Dispatch
import FlotillaCore
import Synchronization

/// The frames of one scheduler pass, prepared one by one on the loop thread in the scheduler's
/// order (UserInput first), their passes recorded on `threads` threads at once (each from its
/// own command pool), then sent to the GPU together: one `vkQueueSubmit2` whose batches are the windows'
/// command buffers in that order (each batch waits only for its own acquired image), and one
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
    }

    public let host: GpuHost
    /// The serial every frame of the pass is tagged with.
    public let serial: UInt64
    private var frames: [Frame] = []
    private var finished = false
    /// The pair of timestamp queries this pass writes, if it is timed.
    private var timingQueries: UInt32?

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
            if let timingQueries, host.lastSubmittedSerial < serial { host.passTiming?.submitted(first: timingQueries, frames: 0) }
            host.endPass()
        }
        guard !frames.isEmpty else { return [] }
        let clock = ContinuousClock()
        let began = clock.now
        try recordPasses()
        try host.failIfLossInjected()
        let recorded = clock.now
        try submit()
        host.passTimes.record += recorded - began
        host.passTimes.submit += clock.now - recorded
        for frame in frames { frame.window.slots.finish(serial: serial) }
        for frame in frames { frame.beforePresent() }
        let presenting = clock.now
        let results = try present()
        host.passTimes.present += clock.now - presenting
        return try zip(frames, results).map { frame, result in
            (frame.window, try frame.window.finishPresent(try frame.window.target.presented(frame.image, result: result)))
        }
    }

    /// Every frame's second half (its pass, replayed from its draw list), frame i on thread
    /// i mod `threads`: each thread records only command buffers of its own pool.
    private func recordPasses() throws {
        var timedJobs = frames.map(\.job)
        if let timing = host.passTiming, let queries = timing.queries(for: serial, completed: host.completedSerial()) {
            timingQueries = queries.first
            timedJobs[0].startTimestamp = (queries.pool, queries.first)
            timedJobs[timedJobs.count - 1].endTimestamp = (queries.pool, queries.first + 1)
        }
        let jobs = timedJobs
        let threads = min(self.threads, jobs.count)
        guard threads > 1 else {
            for job in jobs { try job.record() }
            return
        }
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
    }

    private func submit() throws {
        var commandInfos: [VkCommandBufferSubmitInfo] = []
        var waits: [VkSemaphoreSubmitInfo] = []
        var signals: [VkSemaphoreSubmitInfo] = []
        var counts: [(waits: Int, signals: Int)] = []
        for (position, frame) in frames.enumerated() {
            var command = VkCommandBufferSubmitInfo()
            command.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_SUBMIT_INFO
            command.commandBuffer = frame.commandBuffer
            commandInfos.append(command)
            var count = (waits: 0, signals: 0)
            if let acquired = frame.acquired {
                waits.append(Self.semaphore(acquired, stage: VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT))
                count.waits = 1
            }
            if let finished = frame.image.renderFinished {
                signals.append(Self.semaphore(finished, stage: VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT))
                count.signals += 1
            }
            if position == frames.count - 1 {
                signals.append(Self.semaphore(host.timeline, stage: VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, value: serial))
                count.signals += 1
            }
            counts.append(count)
        }
        let result = commandInfos.withUnsafeBufferPointer { commandPointer in
            waits.withUnsafeBufferPointer { waitPointer in
                signals.withUnsafeBufferPointer { signalPointer in
                    var submits: [VkSubmitInfo2] = []
                    var waitAt = 0, signalAt = 0
                    for (position, count) in counts.enumerated() {
                        var submit = VkSubmitInfo2()
                        submit.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO_2
                        submit.commandBufferInfoCount = 1
                        submit.pCommandBufferInfos = commandPointer.baseAddress! + position
                        submit.waitSemaphoreInfoCount = UInt32(count.waits)
                        submit.pWaitSemaphoreInfos = count.waits > 0 ? waitPointer.baseAddress! + waitAt : nil
                        submit.signalSemaphoreInfoCount = UInt32(count.signals)
                        submit.pSignalSemaphoreInfos = count.signals > 0 ? signalPointer.baseAddress! + signalAt : nil
                        waitAt += count.waits
                        signalAt += count.signals
                        submits.append(submit)
                    }
                    return vkQueueSubmit2(host.queue, UInt32(submits.count), submits, nil)
                }
            }
        }
        try check(result, "vkQueueSubmit2")
        host.recordingPools.submitted(serial: serial)
        if let timingQueries { host.passTiming?.submitted(first: timingQueries, frames: frames.count) }
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

    private static func semaphore(_ semaphore: VkSemaphore, stage: UInt64, value: UInt64 = 0) -> VkSemaphoreSubmitInfo {
        var info = VkSemaphoreSubmitInfo()
        info.sType = VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO
        info.semaphore = semaphore
        info.value = value
        info.stageMask = VkPipelineStageFlags2(stage)
        return info
    }
}

import CVulkan
import Glibc

extension GpuHost {
    /// The serial the next submission will signal on the timeline.
    public var nextSerial: UInt64 { clock.next }

    /// The highest serial the GPU has finished.
    public func completedSerial() -> UInt64 {
        clock.completed()
    }

    public func isComplete(_ serial: UInt64) -> Bool {
        serial <= lastSubmittedSerial && (serial == 0 || completedSerial() >= serial)
    }

    /// Waits until the GPU has finished `serial` (one window's submission, never the whole
    /// device), at most `timeout` nanoseconds. Returns false on timeout.
    public func wait(for serial: UInt64, timeout: UInt64) throws -> Bool {
        guard serial > 0, !isLost else { return true }
        precondition(serial <= lastSubmittedSerial, "waiting for serial \(serial) that was never submitted")
        var value = serial
        var semaphore: VkSemaphore? = timeline
        var info = VkSemaphoreWaitInfo()
        info.sType = VK_STRUCTURE_TYPE_SEMAPHORE_WAIT_INFO
        info.semaphoreCount = 1
        let result = withUnsafePointer(to: &semaphore) { semaphores in
            withUnsafePointer(to: &value) { values in
                info.pSemaphores = semaphores
                info.pValues = values
                return vkWaitSemaphores(device, &info, timeout)
            }
        }
        if result == VK_TIMEOUT { return false }
        try check(result, "vkWaitSemaphores")
        return true
    }

    /// Waits, at most `timeout`, for everything submitted so far, then runs the releases it made
    /// safe. For the end of the program only: the loop never waits on the whole queue.
    public func finishSubmittedWork(timeout: Duration) -> Bool {
        let nanoseconds = UInt64(max(timeout, .zero) / .nanoseconds(1))
        guard (try? wait(for: lastSubmittedSerial, timeout: nanoseconds)) == true else { return false }
        collectCompletedWork()
        return true
    }

    /// Submits one command buffer on the shared queue, outside any frame pass (uploads at
    /// creation, readbacks). Returns the submission's serial.
    @discardableResult
    public func submit(_ commandBuffer: VkCommandBuffer) throws -> UInt64 {
        precondition(!passOpen, "a submission while a frame pass records would take the pass's serial")
        try failIfLossInjected()
        let serial = nextSerial
        try submitToQueue([commandBuffer], waits: [], signals: [], serial: serial)
        clock.lastSubmitted = serial
        submitCalls += 1
        return serial
    }

    /// The one `vkQueueSubmit2` of the program, for a frame pass and for a one-shot submission:
    /// `commandBuffers` in order, each of `waits` (an acquired swapchain image) waited for before
    /// colour is written (so uploads need not wait), each of `signals` (an image's
    /// render-finished semaphore, for present) and the timeline at `serial` signalled when all
    /// is done.
    func submitToQueue(_ commandBuffers: [VkCommandBuffer], waits: [VkSemaphore], signals: [VkSemaphore],
                       serial: UInt64) throws {
        func info(_ semaphore: VkSemaphore, stage: VkPipelineStageFlagBits2, value: UInt64 = 0) -> VkSemaphoreSubmitInfo {
            var info = VkSemaphoreSubmitInfo()
            info.sType = VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO
            info.semaphore = semaphore
            info.value = value
            info.stageMask = VkPipelineStageFlags2(stage)
            return info
        }
        let commandInfos = commandBuffers.map { commandBuffer in
            var command = VkCommandBufferSubmitInfo()
            command.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_SUBMIT_INFO
            command.commandBuffer = commandBuffer
            return command
        }
        let waitInfos = waits.map { info($0, stage: VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT) }
        let signalInfos = signals.map { info($0, stage: VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT) }
            + [info(timeline, stage: VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, value: serial)]
        let result = commandInfos.withUnsafeBufferPointer { commandPointer in
            waitInfos.withUnsafeBufferPointer { waitPointer in
                signalInfos.withUnsafeBufferPointer { signalPointer in
                    var submit = VkSubmitInfo2()
                    submit.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO_2
                    submit.commandBufferInfoCount = UInt32(commandPointer.count)
                    submit.pCommandBufferInfos = commandPointer.baseAddress
                    submit.waitSemaphoreInfoCount = UInt32(waitPointer.count)
                    submit.pWaitSemaphoreInfos = waitPointer.baseAddress
                    submit.signalSemaphoreInfoCount = UInt32(signalPointer.count)
                    submit.pSignalSemaphoreInfos = signalPointer.baseAddress
                    return vkQueueSubmit2(queue, 1, &submit, nil)
                }
            }
        }
        try check(result, "vkQueueSubmit2")
    }

    /// The device is lost (a call returned VK_ERROR_DEVICE_LOST, or an injected fault said so):
    /// wait for what the device may still be running (on a really lost device this returns at
    /// once), then count everything submitted as finished, so that tearing down waits for
    /// nothing. Objects of a lost device may still be destroyed; they may not be used.
    public func markLost() {
        guard !isLost else { return }
        vkDeviceWaitIdle(device)
        clock.isLost = true
    }

    public var isLost: Bool { clock.isLost }

    /// `FLOTILLA_FAULT=device-lost@...`: once the fault is due, the next submission does not
    /// reach the queue and fails as a lost device's would.
    func failIfLossInjected() throws {
        guard let fault = configuration.deviceLoss else { return }
        let due: Bool
        switch fault.trigger {
        case .afterSubmits(let count): due = submitCalls >= count
        case .afterSeconds(let seconds): due = (ContinuousClock.now - created) >= .seconds(seconds)
        }
        guard due else { return }
        throw VulkanError(operation: "vkQueueSubmit2 (FLOTILLA_FAULT=\(fault))", result: VK_ERROR_DEVICE_LOST)
    }

    /// `FLOTILLA_FAULT=present-blocks@seconds=S`: once due, the present blocks for good, as one
    /// stuck in a driver or a compositor does; only a signal's watchdog ends the process then.
    func blockIfPresentStallInjected() {
        guard let seconds = configuration.presentBlocksAfter, (ContinuousClock.now - created) >= .seconds(seconds) else { return }
        configuration.logger.warning("FLOTILLA_FAULT: the present blocks from now on")
        while true { sleep(3600) }
    }

    /// A FramePass begins: it takes the next serial, and nothing else submits until it ends.
    func beginPass() -> UInt64 {
        precondition(!passOpen, "one frame pass at a time")
        passOpen = true
        return nextSerial
    }

    func passSubmitted(_ serial: UInt64, frames: Int) {
        clock.lastSubmitted = serial
        submitCalls += 1
        passesSubmitted += 1
    }

    func endPass() {
        passOpen = false
    }

    /// Runs `release` once everything submitted so far has finished on the GPU: the way to
    /// destroy anything a recorded frame may still use.
    public func releaseAfterSubmittedWork(_ release: @escaping () -> Void) {
        deferred.enqueue(after: lastSubmittedSerial, release)
    }

    /// End of an event-loop pass: runs the releases the GPU has made safe and reclaims ring space.
    public func collectCompletedWork(now: ContinuousClock.Instant = .now) {
        let completed = completedSerial()
        deferred.collect(completed: completed)
        passTiming?.collect(completed: completed)
        for set in resourceSets {
            set.reclaim(completed: completed, now: now)
            set.bufferPool.trim(now: now)
            set.texturePool.trim(now: now)
        }
        // After the pools and sets: what they released for finished submissions goes now too.
        memory.collect(completed: completed)
        memory.trim(now: now)
    }

    /// Out of memory: every idle pooled item the GPU is done with, and every empty block, goes now.
    /// It only frees: it runs inside a failed allocation, so nothing here may allocate (the
    /// intermediates' reclaim can remake a set; it is left to the loop).
    func releaseIdleMemory() {
        let completed = completedSerial()
        let later = ContinuousClock.now.advanced(by: .seconds(3600))
        for set in resourceSets {
            set.bufferPool.reclaim(completed: completed)
            set.texturePool.reclaim(completed: completed)
            set.bufferPool.trim(now: later)
            set.texturePool.trim(now: later)
        }
        memory.collect(completed: completed)
        memory.trim(now: later)
        logger.info("idle pool items and empty blocks released")
    }

    func allocateCommandBuffers(_ count: Int) throws -> [VkCommandBuffer] {
        var info = VkCommandBufferAllocateInfo()
        info.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO
        info.commandPool = commandPool
        info.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY
        info.commandBufferCount = UInt32(count)
        var buffers = [VkCommandBuffer?](repeating: nil, count: count)
        try check(vkAllocateCommandBuffers(device, &info, &buffers), "vkAllocateCommandBuffers")
        return buffers.map { $0! }
    }

    func freeCommandBuffers(_ buffers: [VkCommandBuffer]) {
        var handles = buffers.map { Optional($0) }
        vkFreeCommandBuffers(device, commandPool, UInt32(handles.count), &handles)
    }

    func makeBinarySemaphore() throws -> VkSemaphore {
        var info = VkSemaphoreCreateInfo()
        info.sType = VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO
        var semaphore: VkSemaphore?
        try check(vkCreateSemaphore(device, &info, nil, &semaphore), "vkCreateSemaphore")
        return semaphore!
    }
}

/// The GPU's progress as serials: every submission signals the host's timeline semaphore with
/// the next one. Pools and resource sets read it to know when the GPU is done with something;
/// holding it (not the host) keeps them free of reference cycles. The host owns the semaphore.
public final class SubmissionClock {
    private let device: VkDevice
    let semaphore: VkSemaphore
    /// The serial of the newest submission (0: none yet).
    public internal(set) var lastSubmitted: UInt64 = 0
    /// The device is lost: nothing submitted will run any more, so all of it counts as done
    /// (a lost device's timeline may never reach it, and nothing may wait for it forever).
    var isLost = false

    init(device: VkDevice, semaphore: VkSemaphore) {
        self.device = device
        self.semaphore = semaphore
    }

    /// The serial the next submission will signal.
    public var next: UInt64 { lastSubmitted + 1 }

    /// The highest serial the GPU has finished.
    public func completed() -> UInt64 {
        if isLost { return lastSubmitted }
        var value: UInt64 = 0
        vkGetSemaphoreCounterValue(device, semaphore, &value)
        return value
    }
}

extension GpuHost {
    /// Records and submits a command buffer outside any window's frame (uploads at creation,
    /// readbacks). Returns its serial; the command buffer is freed once that serial completes.
    @discardableResult
    public func submitOneShot(_ record: (VkCommandBuffer) throws -> Void) throws -> UInt64 {
        let commandBuffer = try allocateCommandBuffers(1)[0]
        var begin = VkCommandBufferBeginInfo()
        begin.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO
        begin.flags = VkCommandBufferUsageFlags(VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT.rawValue)
        do {
            try check(vkBeginCommandBuffer(commandBuffer, &begin), "vkBeginCommandBuffer")
            try record(commandBuffer)
            try check(vkEndCommandBuffer(commandBuffer), "vkEndCommandBuffer")
            let serial = try submit(commandBuffer)
            releaseAfterSubmittedWork { [self] in freeCommandBuffers([commandBuffer]) }
            return serial
        } catch {
            freeCommandBuffers([commandBuffer])
            throw error
        }
    }
}

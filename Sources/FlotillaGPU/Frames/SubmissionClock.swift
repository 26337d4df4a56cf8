import CVulkan

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

import CVulkan
import DequeModule

/// The host's pool of binary semaphores that presents wait on. Without
/// VK_EXT_swapchain_maintenance1 nothing tells when a present has finished waiting, so such a
/// semaphore can never safely be destroyed while the device runs: a closing window returns
/// its semaphores here, and they are handed out again only once a submission made after that
/// present has completed (the queue has moved past it). All are destroyed at host teardown,
/// after the device is idle.
final class PresentSemaphores {
    private let device: VkDevice
    private var free: [VkSemaphore] = []
    /// Returned semaphores with the serial that must complete before reuse.
    private var returned: Deque<(serial: UInt64, semaphore: VkSemaphore)> = []
    private(set) var created = 0

    init(device: VkDevice) {
        self.device = device
    }

    func take(completed: UInt64) throws -> VkSemaphore {
        while let first = returned.first, first.serial <= completed {
            free.append(returned.removeFirst().semaphore)
        }
        if let semaphore = free.popLast() { return semaphore }
        var info = VkSemaphoreCreateInfo()
        info.sType = VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO
        var semaphore: VkSemaphore?
        try check(vkCreateSemaphore(device, &info, nil, &semaphore), "vkCreateSemaphore")
        created += 1
        return semaphore!
    }

    /// Gives semaphores back; reusable once `serial` (a later submission) completes.
    func recycle(_ semaphores: [VkSemaphore], after serial: UInt64) {
        for semaphore in semaphores { returned.append((serial, semaphore)) }
    }

    var count: Int { free.count + returned.count }

    /// Teardown only: the device is idle.
    func destroy() {
        for semaphore in free { vkDestroySemaphore(device, semaphore, nil) }
        for entry in returned { vkDestroySemaphore(device, entry.semaphore, nil) }
        free.removeAll()
        returned.removeAll()
    }
}

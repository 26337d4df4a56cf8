import CVulkan

/// The per-frame-in-flight resources of one window (vkcube's split): an acquire semaphore per
/// slot, reused only once the slot's last submission has finished. Command buffers come
/// from the recording thread's pool for each pass (RecordingPools); per-image resources (views,
/// present semaphores) belong to the target.
final class FrameSlots {
    struct Slot {
        let acquired: VkSemaphore
        /// Timeline serial of the slot's last submission (0: never used).
        var serial: UInt64 = 0
    }

    private let host: GpuHost
    private(set) var slots: [Slot]
    private(set) var current = 0

    init(host: GpuHost, count: Int) throws {
        self.host = host
        var made: [Slot] = []
        do {
            for _ in 0..<count { made.append(Slot(acquired: try host.makeBinarySemaphore())) }
        } catch {
            made.forEach { vkDestroySemaphore(host.device, $0.acquired, nil) }
            throw error
        }
        slots = made
    }

    var slot: Slot { slots[current] }

    /// Whether the current slot may be reused now; never waits.
    var isReady: Bool { host.isComplete(slots[current].serial) }

    func finish(serial: UInt64) {
        slots[current].serial = serial
        current = (current + 1) % slots.count
    }

    /// Serial of the newest submission of any slot: once it completes, the window is idle.
    var lastSerial: UInt64 { slots.map(\.serial).max() ?? 0 }

    /// Destroys now: the caller has waited for `lastSerial`.
    func destroy() {
        slots.forEach { vkDestroySemaphore(host.device, $0.acquired, nil) }
        slots = []
    }
}

import CVulkan
import DequeModule
import FlotillaCore

/// What one window holds on the GPU: its target and its frame slots, nothing shared. Pipelines,
/// memory and the ring are the host's.
public final class WindowGPUState {
    public let owner: MemoryOwner
    public let host: GpuHost
    /// The host's shared set, or the window's own under `--isolated`.
    public let resources: ResourceSet
    public private(set) var target: SurfaceTarget
    let slots: FrameSlots
    public internal(set) var framesPresented = 0
    private var destroyed = false

    /// Two frames in flight: the CPU records one while the GPU draws the other.
    public static let framesInFlight = 2

    public init(host: GpuHost, owner: MemoryOwner, target: SurfaceTarget, resources: ResourceSet? = nil) throws {
        self.host = host
        self.owner = owner
        self.target = target
        self.resources = resources ?? host.shared
        slots = try FrameSlots(host: host, count: Self.framesInFlight)
    }

    /// Destroys the window's target, slots (and, under `--isolated`, its resource set) once the
    /// GPU no longer uses them, then runs `afterwards` (the Wayland objects, which must outlive
    /// the swapchain). Never waits and never frees early: a window whose last frame is still on
    /// the GPU (a 16384x16384 frame on a software rasterizer takes seconds) is torn down by the
    /// host's release queue when that frame finishes. Returns whether it happened at once.
    @discardableResult
    public func destroy(afterwards: @escaping () -> Void = {}) -> Bool {
        guard !destroyed else { return true }
        destroyed = true
        let tearDown = { [target, slots, resources, host] in
            target.destroy()
            slots.destroy()
            if resources !== host.shared { resources.destroy() }
            afterwards()
        }
        if host.isComplete(slots.lastSerial) {
            tearDown()
            return true
        }
        host.logger.info("\(owner): its last frame is still on the GPU; released when it finishes")
        host.releaseAfterSubmittedWork(tearDown)
        return false
    }

    deinit {
        precondition(destroyed, "WindowGPUState of \(owner) dropped without destroy()")
    }

    public func resize(to extent: Extent) throws {
        try target.resize(to: extent)
    }

    /// The window's newest submission has finished on the GPU.
    public var isIdle: Bool { host.isComplete(slots.lastSerial) }
}

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

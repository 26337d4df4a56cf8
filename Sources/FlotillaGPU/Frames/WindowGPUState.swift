import CVulkan
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

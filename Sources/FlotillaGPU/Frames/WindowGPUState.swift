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

/// What a scene prepares with, for one frame of one window (before its pass): `commandBuffer`
/// for the rare work that must be recorded here and now (uploads of new glyphs and changed
/// cells, copies into a resized buffer), and `prelude` for the frame's regular work before the
/// pass (compute steps, offscreen passes), which a recording thread replays after them.
public struct FrameContext {
    public let commandBuffer: VkCommandBuffer
    public let extent: Extent
    public let pipelines: PipelineSet
    public let resources: ResourceSet
    /// The window that records: what it checks out is charged to it.
    public let owner: MemoryOwner
    public let host: GpuHost
    /// The serial this frame's submission will have: ring slices are tagged with it.
    public let serial: UInt64
    public let prelude: DrawList
    /// Copies out of the finished frame (thumbnail, screenshot pixels), made after its pass.
    public let epilogue: FrameEpilogue
    /// Whether the frame's image may be copied from (see SurfaceTarget.canCopyFrom).
    public let canCopyFrom: Bool

    /// The same frame, drawing into an offscreen pass of another size and format.
    public func drawing(into extent: Extent, with pipelines: PipelineSet) -> FrameContext {
        FrameContext(commandBuffer: commandBuffer, extent: extent, pipelines: pipelines, resources: resources,
                     owner: owner, host: host, serial: serial, prelude: prelude, epilogue: epilogue,
                     canCopyFrom: canCopyFrom)
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

import CVulkan
import FlotillaCore

/// The device-memory suballocator: few large vkAllocateMemory blocks per memory type, carved
/// first-fit with each request's alignment, and every byte charged to the MemoryLedger.
///
/// - bufferImageGranularity: linear resources (buffers) and optimal-tiling images never share a
///   block, so neighbours can never alias across that granularity.
/// - nonCoherentAtomSize: host-visible ranges are aligned and sized to it, so a flush of one
///   range never touches a neighbour's bytes.
/// - Requests of half a block or more get a dedicated allocation of their exact size.
/// - A block empty for `emptyGrace` is freed (`trim`).
/// - A block holds what one owner made: `shared`, or one isolated window (its own blocks).
/// - Space of a block that no one holds is charged to the block's owner as `reserve`: the
///   ledger's total is always the bytes Vulkan gave us.
public final class DeviceMemory {
    /// Buffers and optimal-tiling images, in blocks of their own (bufferImageGranularity); and
    /// window targets (offscreen stand-ins for swapchain images), each a dedicated allocation,
    /// counted apart.
    public enum ResourceKind: Sendable { case linear, optimal, target }

    final class Block {
        let id: Int
        let memory: VkDeviceMemory
        let size: UInt64
        let typeIndex: UInt32
        let kind: ResourceKind
        let mapped: UnsafeMutableRawPointer?
        /// Whose allocations it holds (and who its unused space is charged to).
        let group: MemoryOwner
        /// Free ranges, sorted by offset, never adjacent (merged on free).
        var free: [Range<UInt64>]
        var usedBytes: UInt64 = 0
        /// When the block last became empty; it is freed once empty for `emptyGrace`.
        var emptySince: ContinuousClock.Instant?

        init(id: Int, memory: VkDeviceMemory, size: UInt64, typeIndex: UInt32, kind: ResourceKind,
             mapped: UnsafeMutableRawPointer?, group: MemoryOwner = .shared) {
            self.id = id
            self.group = group
            self.memory = memory
            self.size = size
            self.typeIndex = typeIndex
            self.kind = kind
            self.mapped = mapped
            self.free = [0..<size]
        }
    }

    struct Live {
        let blockID: Int?
        let range: Range<UInt64>
        let memory: VkDeviceMemory
        var owner: MemoryOwner
        let category: MemoryCategory
    }

    let device: VkDevice
    /// The GPU's progress: released allocations wait on it.
    let clock: SubmissionClock
    let memoryTypes: [VkMemoryType]
    let nonCoherentAtomSize: UInt64
    /// The size of a new block; a larger one is made when a request needs more.
    public let blockSize: UInt64
    var blocks: [Int: Block] = [:]
    var live: [Int: Live] = [:]
    var nextID = 1
    public internal(set) var ledger = MemoryLedger()
    /// vkAllocateMemory objects alive: blocks plus dedicated allocations.
    public internal(set) var deviceAllocationCount = 0
    /// Of those, the ones holding window targets.
    public var targetAllocationCount: Int { blocks.values.filter { $0.kind == .target }.count + dedicatedTargets }
    var dedicatedTargets = 0
    /// Bytes alive from vkAllocateMemory (blocks whole, dedicated allocations exact).
    public internal(set) var deviceBytes: UInt64 = 0
    private var destroyed = false
    /// `--memory-budget`: vkAllocateMemory is not asked for more than this, in all.
    public var budget: UInt64?
    /// Allocations refused (over the budget, or out of memory after the idle items went).
    public internal(set) var refusals = 0
    /// Fault injection (`FLOTILLA_FAULT=out-of-device-memory@allocation=N`): the Nth call for
    /// device memory fails as if the device were out of memory, retry included.
    public var failingAllocation: Int?
    /// Calls for device memory so far (each vkAllocateMemory asked for, or refused).
    public internal(set) var allocationRequests = 0
    /// Frees what is idle (pooled items nobody holds, empty blocks) when an allocation fails,
    /// before it is tried once more. Set by the host.
    var relieve: () -> Void = {}
    /// Released allocations (and the objects bound to them) waiting for the GPU to finish the
    /// submission their release named, in submission order.
    var retiring = DeferredQueue()
    /// The newest serial the GPU was seen to have finished.
    var completedSerial: UInt64 = 0
    /// Allocations dropped without a release: each is a bug, and the tests expect 0.
    public internal(set) var droppedAllocations = 0

    init(device: VkDevice, physicalDevice: VkPhysicalDevice, capabilities: HostCapabilities, clock: SubmissionClock,
         blockSize: UInt64 = 8 << 20) {
        self.device = device
        self.clock = clock
        var properties = VkPhysicalDeviceMemoryProperties()
        vkGetPhysicalDeviceMemoryProperties(physicalDevice, &properties)
        memoryTypes = withUnsafeBytes(of: properties.memoryTypes) { raw in
            Array(raw.bindMemory(to: VkMemoryType.self).prefix(Int(properties.memoryTypeCount)))
        }
        nonCoherentAtomSize = max(capabilities.nonCoherentAtomSize, 1)
        self.blockSize = blockSize
    }

    /// How long an empty block is kept for reuse before it goes back to the driver, so a window
    /// that closes and reopens does not churn vkAllocateMemory.
    public static let emptyGrace = Duration.seconds(3)

    /// Live suballocations and dedicated allocations handed out and not yet freed.
    public var liveAllocationCount: Int { live.count }
    public var blockCount: Int { blocks.count }

    /// Frees every block once the device is idle: every allocation must have been released.
    func destroy() {
        retiring.drainAll()
        precondition(live.isEmpty, "DeviceMemory destroyed with \(live.count) allocations still held")
        for block in blocks.values { releaseBlock(block) }
        blocks.removeAll()
        destroyed = true
    }

    deinit {
        precondition(destroyed || blocks.isEmpty, "DeviceMemory dropped without destroy()")
    }
}

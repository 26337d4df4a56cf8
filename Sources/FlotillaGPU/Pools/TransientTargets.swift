import BasicContainers
import CVulkan
import DequeModule
import FlotillaCore

/// Full-resolution intermediate targets (an HDR scene image and a bloom chain of halving
/// images) lent to one frame at a time while it is recorded. Frames are recorded one after
/// another and run on one queue in that order, so the next frame, of any window, may reuse a
/// set at once: a pipeline barrier at its start (from UNDEFINED, after every earlier use in
/// submission order) is all the reuse needs; nobody waits for the GPU.
///
/// One set serves every window of a resource set. It is sized to the largest window that asked
/// (smaller windows draw into its top-left part with their own viewport and scissor): a set per
/// size class would hold one set per distinct window size, where this holds the largest once.
/// It grows when a larger window asks (the old set goes after the GPU's last use of it) and
/// shrinks back when nothing that large was asked for `shrinkGrace`. Frames in flight do not
/// multiply it. Under `--isolated`, each window's set holds `copies` sets (one per frame in
/// flight, as a renderer of its own would), lent in turn.
public final class TransientTargets {
    public struct Lease {
        /// The HDR scene image and the bloom levels (level 1 is half the scene's size, and so on).
        public let scene: ImageRef
        public let bloom: [ImageRef]
        /// The part in use by this frame: the scene's and each bloom level's.
        public let sceneExtent: Extent
        public let bloomExtents: [Extent]
    }

    public static let bloomLevels = 5
    public static let shrinkGrace = Duration.seconds(3)

    /// One scene image and its bloom levels, owned together and released together.
    private struct TargetSet: ~Copyable {
        /// The scene image first, then the bloom levels.
        var images = UniqueArray<GpuImage>()
        var bytes: UInt64 = 0

        var lease: (scene: ImageRef, bloom: [ImageRef]) {
            var bloom: [ImageRef] = []
            for index in 1..<images.count { bloom.append(images[index].ref) }
            return (images[0].ref, bloom)
        }

        mutating func append(_ image: consuming GpuImage) {
            bytes += image.allocation.size
            images.append(image)
        }

        consuming func release(after serial: UInt64) {
            while let image = images.popLast() { image.release(after: serial) }
        }
    }

    let memory: DeviceMemory
    let clock: SubmissionClock
    public let owner: MemoryOwner
    /// The scene image's format: the host's HDR format (HostCapabilities.hdrFormat).
    public let sceneFormat: VkFormat
    /// The bloom levels stay 16-bit floats: each up step adds blurred light onto a level, and a
    /// packed 32-bit float's 5 to 6 bits of mantissa round small additions away (measured: the
    /// light around bright particles 1% weaker).
    public static let bloomFormat = VK_FORMAT_R16G16B16A16_SFLOAT
    public let copies: Int
    private var sets = UniqueArray<TargetSet>()
    private var allocated = Extent(width: 0, height: 0)
    private var nextCopy = 0
    /// Sets replaced by a grow or shrink: released after their last use, and counted here until
    /// the GPU has finished it (their memory is alive until then).
    private var retired: Deque<(serial: UInt64, bytes: UInt64)> = []
    /// The largest extent asked for since the last shrink check, and when that check was.
    private var largestAsked = Extent(width: 0, height: 0)
    private var lastCheck = ContinuousClock.now
    public private(set) var highWater = 0
    public private(set) var leases = 0

    init(memory: DeviceMemory, clock: SubmissionClock, owner: MemoryOwner, sceneFormat: VkFormat, copies: Int) {
        self.memory = memory
        self.clock = clock
        self.owner = owner
        self.sceneFormat = sceneFormat
        self.copies = copies
    }

    /// Sets alive now (retired ones included) and their bytes.
    public var setCount: Int { sets.count + retired.count }
    public var bytes: UInt64 {
        var total = retired.reduce(0) { $0 + $1.bytes }
        for index in 0..<sets.count { total += sets[index].bytes }
        return total
    }

    /// The targets for one frame of `extent`, until the frame being recorded is submitted.
    public func lend(for extent: Extent) throws -> Lease {
        largestAsked = Extent(width: max(largestAsked.width, extent.width), height: max(largestAsked.height, extent.height))
        if extent.width > allocated.width || extent.height > allocated.height || sets.isEmpty {
            try remake(Extent(width: max(extent.width, allocated.width), height: max(extent.height, allocated.height)))
        }
        let (scene, bloom) = sets[nextCopy].lease
        nextCopy = (nextCopy + 1) % sets.count
        leases += 1
        var extents: [Extent] = []
        var level = extent
        for _ in bloom {
            level = Extent(width: max((level.width + 1) / 2, 1), height: max((level.height + 1) / 2, 1))
            extents.append(level)
        }
        return Lease(scene: scene, bloom: bloom, sceneExtent: extent, bloomExtents: extents)
    }

    /// Forgets retired sets the GPU is done with; shrinks to what was asked recently.
    func reclaim(completed: UInt64, now: ContinuousClock.Instant) {
        while let first = retired.first, first.serial <= completed { retired.removeFirst() }
        guard now - lastCheck >= Self.shrinkGrace else { return }
        let wanted = largestAsked
        lastCheck = now
        largestAsked = Extent(width: 0, height: 0)
        guard !sets.isEmpty else { return }
        if wanted.pixelCount == 0 {
            // Nobody drew through it for a while: let it go.
            retire()
            allocated = Extent(width: 0, height: 0)
        } else if wanted.pixelCount * 2 < allocated.pixelCount {
            try? remake(wanted)
        }
    }

    /// Teardown: the sets go after the last submission.
    func destroy() {
        retire()
        retired.removeAll()
    }

    private func remake(_ extent: Extent) throws {
        var made = UniqueArray<TargetSet>()
        do {
            for _ in 0..<copies { made.append(try makeSet(extent)) }
        } catch {
            // Nothing has used them yet.
            while let set = made.popLast() { set.release(after: 0) }
            throw error
        }
        retire()
        sets = made
        allocated = extent
        nextCopy = 0
        highWater = max(highWater, setCount)
    }

    /// The current sets go once the submission being recorded now (the last that may use them) is done.
    private func retire() {
        while let set = sets.popLast() {
            retired.append((clock.next, set.bytes))
            set.release(after: clock.next)
        }
    }

    private func makeSet(_ extent: Extent) throws -> TargetSet {
        let usage = VkImageUsageFlags(VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT.rawValue | VK_IMAGE_USAGE_SAMPLED_BIT.rawValue)
        var set = TargetSet()
        do {
            set.append(try memory.makeColorImage(extent: extent, format: sceneFormat, usage: usage,
                                                 owner: owner, category: .transients))
            var level = extent
            for _ in 0..<Self.bloomLevels {
                level = Extent(width: max((level.width + 1) / 2, 1), height: max((level.height + 1) / 2, 1))
                set.append(try memory.makeColorImage(extent: level, format: Self.bloomFormat, usage: usage,
                                                     owner: owner, category: .transients))
            }
        } catch {
            set.release(after: 0)
            throw error
        }
        return set
    }
}

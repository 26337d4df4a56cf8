import CVulkan
import FlotillaCore
import Foundation

/// Colour textures bucketed by format, usage and power-of-two width and height. A checkout serves
/// any size up to its bucket; the user draws into the top-left `extent` of it. Returned textures
/// are reused only after the GPU finished the frame that last used them.
public final class TexturePool {
    /// What the pool needs of the host, and nothing that holds the host: no reference cycle,
    /// and usable while the host tears down.
    let memory: DeviceMemory
    let clock: SubmissionClock
    public let owner: MemoryOwner
    private var shelves = PoolShelves<TextureBucket, GpuImage>(
        size: { $0.allocation.size },
        // Idle or pending past its serial: the GPU has finished with it.
        destroy: { $0.release(after: 0) })
    /// Idle textures older than this are destroyed, so the pool shrinks back after a burst.
    public static let idleGrace = Duration.seconds(3)

    init(memory: DeviceMemory, clock: SubmissionClock, owner: MemoryOwner) {
        self.memory = memory
        self.clock = clock
        self.owner = owner
    }

    public var statistics: PoolStatistics { shelves.statistics }

    public func checkout(_ extent: Extent, format: VkFormat, usage: VkImageUsageFlags,
                         for holder: MemoryOwner) throws -> PooledTexture {
        reclaim(completed: clock.completed())
        let bucket = TextureBucket(format: format.rawValue, usage: usage, fitting: extent)
        let image = try shelves.take(bucket)
            ?? memory.makeColorImage(extent: bucket.extent, format: format, usage: usage, owner: owner, category: .textures)
        memory.transfer(image.allocation, to: holder)
        let ref = image.ref
        let ticket = shelves.lend(image, key: bucket, to: holder)
        return PooledTexture(pool: self, ticket: ticket, image: ref, bucket: bucket, extent: extent, holder: holder)
    }

    /// Called by PooledTexture.release(after:): charged back to the pool, reusable after `serial`.
    func giveBack(_ ticket: Int, holder: MemoryOwner, after serial: UInt64, dropped: Bool = false) {
        shelves.withLent(ticket) { memory.transfer($0.allocation, to: owner) }
        shelves.giveBack(ticket, from: holder, after: serial, dropped: dropped)
    }

    public func reclaim(completed: UInt64) {
        shelves.reclaim(completed: completed)
    }

    public func trim(now: ContinuousClock.Instant) {
        shelves.trim(now: now, grace: Self.idleGrace)
    }

    func destroy() {
        shelves.destroyAll()
    }
}

/// A checked-out texture; like PooledBuffer it cannot be copied, goes back only through
/// `release(after:)`, and holds a ticket and the image's handles while the pool keeps owning
/// the GpuImage. `extent` is the part in use.
public struct PooledTexture: ~Copyable {
    /// Kept by hand, as PooledBuffer's pool is, so that `discard` may skip the deinit.
    private let pool: Unmanaged<TexturePool>
    private let ticket: Int
    public let image: ImageRef
    public let bucket: TextureBucket
    public let extent: Extent
    public let holder: MemoryOwner

    init(pool: TexturePool, ticket: Int, image: ImageRef, bucket: TextureBucket, extent: Extent, holder: MemoryOwner) {
        self.pool = Unmanaged.passRetained(pool)
        self.ticket = ticket
        self.image = image
        self.bucket = bucket
        self.extent = extent
        self.holder = holder
    }

    /// What a frame's recording needs of it, as a copyable value.
    public var lent: LentTexture { LentTexture(image: image, bucket: bucket, extent: extent) }

    /// Hands the texture back; nobody gets it before the GPU has finished `serial`.
    public consuming func release(after serial: UInt64) {
        pool.takeRetainedValue().giveBack(ticket, holder: holder, after: serial)
        discard self
    }

    deinit {
        let pool = pool.takeRetainedValue()
        pool.giveBack(ticket, holder: holder, after: pool.clock.next, dropped: true)
    }
}

/// A pooled texture's image as lent for one frame's recording: the frame (or another owner)
/// keeps the checkout, which alone can give the texture back.
public struct LentTexture {
    public let image: ImageRef
    public let bucket: TextureBucket
    /// The part in use, from the top-left corner of the bucket.
    public let extent: Extent
}

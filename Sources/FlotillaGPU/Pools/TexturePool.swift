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
    private var shelves = PoolShelves<TextureBucket, GpuImage>(size: { $0.allocation.size })
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
        shelves.checkedOut(image, to: holder)
        return PooledTexture(pool: self, image: image, bucket: bucket, extent: extent, holder: holder)
    }

    func giveBack(_ image: GpuImage, bucket: TextureBucket, holder: MemoryOwner, after serial: UInt64, dropped: Bool = false) {
        memory.transfer(image.allocation, to: owner)
        shelves.giveBack(image, key: bucket, from: holder, after: serial, dropped: dropped)
    }

    public func reclaim(completed: UInt64) {
        shelves.reclaim(completed: completed, destroy: memory.destroy)
    }

    public func trim(now: ContinuousClock.Instant) {
        shelves.trim(now: now, grace: Self.idleGrace, destroy: memory.destroy)
    }

    func destroy() {
        shelves.destroyAll(memory.destroy)
    }
}

/// A checked-out texture; like PooledBuffer it cannot be copied and goes back only through
/// `release(after:)`. `extent` is the part in use.
public struct PooledTexture: ~Copyable {
    /// Kept by hand, as PooledBuffer's pool is, so that `discard` may skip the deinit.
    private let pool: Unmanaged<TexturePool>
    public let image: GpuImage
    public let bucket: TextureBucket
    public let extent: Extent
    public let holder: MemoryOwner

    init(pool: TexturePool, image: GpuImage, bucket: TextureBucket, extent: Extent, holder: MemoryOwner) {
        self.pool = Unmanaged.passRetained(pool)
        self.image = image
        self.bucket = bucket
        self.extent = extent
        self.holder = holder
    }

    /// What a frame's recording needs of it, as a copyable value.
    public var lent: LentTexture { LentTexture(image: image, bucket: bucket, extent: extent) }

    /// Hands the texture back; nobody gets it before the GPU has finished `serial`.
    public consuming func release(after serial: UInt64) {
        pool.takeRetainedValue().giveBack(image, bucket: bucket, holder: holder, after: serial)
        discard self
    }

    deinit {
        let pool = pool.takeRetainedValue()
        pool.giveBack(image, bucket: bucket, holder: holder, after: pool.clock.next, dropped: true)
    }
}

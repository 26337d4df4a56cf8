import CVulkan
import DequeModule
import FlotillaCore
import Foundation

/// Colour textures bucketed by format, usage and power-of-two width and height. A checkout serves
/// any size up to its bucket; the user draws into the top-left `extent` of it. Returned textures
/// are reused only after the GPU finished the frame that last used them.
public final class TexturePool {
    // unowned(unsafe): the host owns this and destroys it inside its own deinit, where a checked
    // unowned reference would trap; it is never read after the host is gone.
    unowned(unsafe) let host: GpuHost
    public let owner: MemoryOwner
    /// Idle items with the time they became idle; the newest is handed out first.
    private var idle: [TextureBucket: [(item: GpuImage, since: ContinuousClock.Instant)]] = [:]
    /// Idle items older than this are destroyed, so pools shrink back after a burst of windows.
    public static let idleGrace = Duration.seconds(3)
    private var pending: Deque<(serial: UInt64, image: GpuImage, bucket: TextureBucket)> = []
    public private(set) var statistics = PoolStatistics()
    var liveCheckouts = 0

    init(host: GpuHost, owner: MemoryOwner) {
        self.host = host
        self.owner = owner
    }

    public func checkout(_ extent: Extent, format: VkFormat, usage: VkImageUsageFlags,
                         for holder: MemoryOwner) throws -> PooledTexture {
        reclaim(completed: host.completedSerial())
        let bucket = TextureBucket(format: format.rawValue, usage: usage, fitting: extent)
        let image: GpuImage
        if let reused = idle[bucket]?.popLast()?.item {
            statistics.hits += 1
            statistics.idleBytes -= reused.allocation.size
            image = reused
        } else {
            statistics.misses += 1
            image = try host.makeColorImage(extent: bucket.extent, format: format, usage: usage,
                                            owner: owner, category: .textures)
        }
        host.memory.transfer(image.allocation, to: holder)
        statistics.checkedOutBytes += image.allocation.size
        statistics.checkedOutByOwner[holder, default: 0] += image.allocation.size
        liveCheckouts += 1
        return PooledTexture(pool: self, image: image, bucket: bucket, extent: extent, holder: holder)
    }

    func giveBack(_ image: GpuImage, bucket: TextureBucket, holder: MemoryOwner, after serial: UInt64) {
        host.memory.transfer(image.allocation, to: owner)
        statistics.checkedOutBytes -= image.allocation.size
        statistics.checkedOutByOwner[holder, default: 0] -= image.allocation.size
        if statistics.checkedOutByOwner[holder] == 0 { statistics.checkedOutByOwner[holder] = nil }
        statistics.pendingBytes += image.allocation.size
        liveCheckouts -= 1
        pending.append((serial, image, bucket))
    }

    public func reclaim(completed: UInt64) {
        while let first = pending.first, first.serial <= completed {
            pending.removeFirst()
            statistics.pendingBytes -= first.image.allocation.size
            idle[first.bucket, default: []].append((first.image, .now))
            statistics.idleBytes += first.image.allocation.size
        }
    }

    /// Destroys idle items unused for longer than `idleGrace`.
    public func trim(now: ContinuousClock.Instant) {
        for key in idle.keys {
            let (expired, kept) = idle[key]!.reduce(into: ([GpuImage](), [(item: GpuImage, since: ContinuousClock.Instant)]())) { split, entry in
                if now - entry.since > Self.idleGrace { split.0.append(entry.item) } else { split.1.append(entry) }
            }
            for item in expired {
                statistics.idleBytes -= item.allocation.size
                host.destroy(item)
            }
            idle[key] = kept.isEmpty ? nil : kept
        }
    }

    func destroy() {
        precondition(liveCheckouts == 0, "TexturePool destroyed with \(liveCheckouts) textures checked out")
        reclaim(completed: .max)
        for entries in idle.values { entries.forEach { host.destroy($0.item) } }
        idle.removeAll()
        statistics.idleBytes = 0
    }
}

/// A checked-out texture; returns itself like PooledBuffer. `extent` is the part in use.
public final class PooledTexture {
    private let pool: TexturePool
    public let image: GpuImage
    public let bucket: TextureBucket
    public let extent: Extent
    public let holder: MemoryOwner
    private var returned = false

    init(pool: TexturePool, image: GpuImage, bucket: TextureBucket, extent: Extent, holder: MemoryOwner) {
        self.pool = pool
        self.image = image
        self.bucket = bucket
        self.extent = extent
        self.holder = holder
    }

    /// Returns the texture after the frames submitted so far (the one that used it last included).
    public func release() {
        guard !returned else { return }
        returned = true
        pool.giveBack(image, bucket: bucket, holder: holder, after: pool.host.lastSubmittedSerial)
    }

    deinit {
        release()
    }
}

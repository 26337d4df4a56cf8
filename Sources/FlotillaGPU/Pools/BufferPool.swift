import CVulkan
import DequeModule
import FlotillaCore
import Foundation

/// Device-local buffers by size class (seed 000/004). A checkout is charged to the window that
/// holds it; returned buffers are charged back to the pool's owner and wait, pending, until the
/// GPU timeline passes the last frame that used them before anyone gets them again.
public final class BufferPool {
    // unowned(unsafe): the host owns this and destroys it inside its own deinit, where a checked
    // unowned reference would trap; it is never read after the host is gone.
    unowned(unsafe) let host: GpuHost
    /// Who idle buffers are charged to: `shared`, or the window of an isolated resource set.
    public let owner: MemoryOwner
    private let usage: VkBufferUsageFlags
    /// Idle items with the time they became idle; the newest is handed out first.
    private var idle: [Int: [(item: GpuBuffer, since: ContinuousClock.Instant)]] = [:]
    /// Idle items older than this are destroyed, so pools shrink back after a burst of windows.
    public static let idleGrace = Duration.seconds(3)
    private var pending: Deque<(serial: UInt64, buffer: GpuBuffer, sizeClass: Int?)> = []
    public private(set) var statistics = PoolStatistics()
    var liveCheckouts = 0

    public static let defaultUsage = VkBufferUsageFlags(VK_BUFFER_USAGE_VERTEX_BUFFER_BIT.rawValue
        | VK_BUFFER_USAGE_TRANSFER_DST_BIT.rawValue | VK_BUFFER_USAGE_STORAGE_BUFFER_BIT.rawValue)

    init(host: GpuHost, owner: MemoryOwner, usage: VkBufferUsageFlags = BufferPool.defaultUsage) {
        self.host = host
        self.owner = owner
        self.usage = usage
    }

    /// A buffer of at least `bytes`, charged to `holder` until released.
    public func checkout(_ bytes: Int, for holder: MemoryOwner) throws -> PooledBuffer {
        reclaim(completed: host.completedSerial())
        let sizeClass = SizeClass.forRequest(bytes)
        let buffer: GpuBuffer
        if let sizeClass, let reused = idle[sizeClass]?.popLast()?.item {
            statistics.hits += 1
            statistics.idleBytes -= reused.allocation.size
            buffer = reused
        } else {
            if sizeClass == nil { statistics.exact += 1 } else { statistics.misses += 1 }
            buffer = try host.makeBuffer(size: UInt64(sizeClass ?? bytes), usage: usage, hostVisible: false,
                                         owner: owner, category: .buffers)
        }
        host.memory.transfer(buffer.allocation, to: holder)
        statistics.checkedOutBytes += buffer.allocation.size
        statistics.checkedOutByOwner[holder, default: 0] += buffer.allocation.size
        liveCheckouts += 1
        return PooledBuffer(pool: self, buffer: buffer, sizeClass: sizeClass, holder: holder)
    }

    /// Called by PooledBuffer.release: reusable after `serial`.
    func giveBack(_ buffer: GpuBuffer, sizeClass: Int?, holder: MemoryOwner, after serial: UInt64) {
        host.memory.transfer(buffer.allocation, to: owner)
        statistics.checkedOutBytes -= buffer.allocation.size
        statistics.checkedOutByOwner[holder, default: 0] -= buffer.allocation.size
        if statistics.checkedOutByOwner[holder] == 0 { statistics.checkedOutByOwner[holder] = nil }
        statistics.pendingBytes += buffer.allocation.size
        liveCheckouts -= 1
        pending.append((serial, buffer, sizeClass))
    }

    /// Moves returned buffers whose last frame finished to the idle lists (exact-size ones are
    /// destroyed: nobody else would fit them).
    public func reclaim(completed: UInt64) {
        while let first = pending.first, first.serial <= completed {
            pending.removeFirst()
            statistics.pendingBytes -= first.buffer.allocation.size
            if let sizeClass = first.sizeClass {
                idle[sizeClass, default: []].append((first.buffer, .now))
                statistics.idleBytes += first.buffer.allocation.size
            } else {
                host.destroy(first.buffer)
            }
        }
    }

    /// Teardown: every checkout must have come back.
    /// Destroys idle items unused for longer than `idleGrace`.
    public func trim(now: ContinuousClock.Instant) {
        for key in idle.keys {
            let (expired, kept) = idle[key]!.reduce(into: ([GpuBuffer](), [(item: GpuBuffer, since: ContinuousClock.Instant)]())) { split, entry in
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
        precondition(liveCheckouts == 0, "BufferPool destroyed with \(liveCheckouts) buffers checked out")
        reclaim(completed: .max)
        for entries in idle.values { entries.forEach { host.destroy($0.item) } }
        idle.removeAll()
        statistics.idleBytes = 0
    }
}

/// A checked-out pool buffer. It returns itself: on `release()` or, at the latest, when dropped,
/// after the GPU finished every frame submitted so far.
public final class PooledBuffer {
    private let pool: BufferPool
    public let buffer: GpuBuffer
    let sizeClass: Int?
    public let holder: MemoryOwner
    private var returned = false

    init(pool: BufferPool, buffer: GpuBuffer, sizeClass: Int?, holder: MemoryOwner) {
        self.pool = pool
        self.buffer = buffer
        self.sizeClass = sizeClass
        self.holder = holder
    }

    public var capacity: Int { Int(buffer.size) }

    /// Hands the buffer back; it is reused only once the frames submitted so far are done.
    public func release() {
        guard !returned else { return }
        returned = true
        pool.giveBack(buffer, sizeClass: sizeClass, holder: holder, after: pool.host.lastSubmittedSerial)
    }

    deinit {
        release()
    }
}

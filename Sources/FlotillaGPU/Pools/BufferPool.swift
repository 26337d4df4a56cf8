import CVulkan
import FlotillaCore
import Foundation

/// Device-local buffers by size class. A checkout is charged to the window that
/// holds it; returned buffers are charged back to the pool's owner and wait, pending, until the
/// GPU timeline passes the last frame that used them before anyone gets them again.
public final class BufferPool {
    /// What the pool needs of the host, and nothing that holds the host: no reference cycle,
    /// and usable while the host tears down.
    let memory: DeviceMemory
    let clock: SubmissionClock
    /// Who idle buffers are charged to: `shared`, or the window of an isolated resource set.
    public let owner: MemoryOwner
    private let usage: VkBufferUsageFlags
    private var shelves = PoolShelves<Int, GpuBuffer>(
        size: { $0.allocation.size },
        // Idle or pending past its serial: the GPU has finished with it.
        destroy: { $0.release(after: 0) })
    /// Idle buffers older than this are destroyed, so the pool shrinks back after a burst.
    public static let idleGrace = Duration.seconds(3)

    public static let defaultUsage = VkBufferUsageFlags(VK_BUFFER_USAGE_VERTEX_BUFFER_BIT.rawValue
        | VK_BUFFER_USAGE_TRANSFER_DST_BIT.rawValue | VK_BUFFER_USAGE_TRANSFER_SRC_BIT.rawValue
        | VK_BUFFER_USAGE_STORAGE_BUFFER_BIT.rawValue)

    init(memory: DeviceMemory, clock: SubmissionClock, owner: MemoryOwner, usage: VkBufferUsageFlags = BufferPool.defaultUsage) {
        self.memory = memory
        self.clock = clock
        self.owner = owner
        self.usage = usage
    }

    public var statistics: PoolStatistics { shelves.statistics }

    /// A buffer of at least `bytes`, charged to `holder` until released. Requests larger than
    /// every size class are made exactly and never pooled.
    public func checkout(_ bytes: Int, for holder: MemoryOwner) throws -> PooledBuffer {
        reclaim(completed: clock.completed())
        let sizeClass = SizeClass.forRequest(bytes)
        let buffer = try shelves.take(sizeClass)
            ?? memory.makeBuffer(size: UInt64(sizeClass ?? bytes), usage: usage, hostVisible: false,
                               owner: owner, category: .buffers)
        memory.transfer(buffer.allocation, to: holder)
        let ref = buffer.ref
        let ticket = shelves.lend(buffer, key: sizeClass, to: holder)
        return PooledBuffer(pool: self, ticket: ticket, buffer: ref, holder: holder)
    }

    /// Called by PooledBuffer.release(after:): charged back to the pool, reusable after `serial`.
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

    /// Teardown: every checkout must have come back.
    func destroy() {
        shelves.destroyAll()
    }
}

/// A checked-out pool buffer. It cannot be copied, and goes back only through
/// `release(after:)`, which names the last submission that may read it, so "returned on the
/// wrong serial" and "returned twice" cannot be written. The pool keeps owning the GpuBuffer; a
/// checkout holds its ticket and handles. One dropped without a release goes back after the
/// submission being recorded now (the latest that could use it) and is counted in
/// `PoolStatistics.dropped`, which the tests expect to stay 0.
public struct PooledBuffer: ~Copyable {
    /// A strong reference kept by hand (retained at checkout, released by whichever of
    /// `release(after:)` and `deinit` runs), so every stored property is trivial and `discard`
    /// may skip the deinit.
    private let pool: Unmanaged<BufferPool>
    private let ticket: Int
    public let buffer: BufferRef
    public let holder: MemoryOwner

    init(pool: BufferPool, ticket: Int, buffer: BufferRef, holder: MemoryOwner) {
        self.pool = Unmanaged.passRetained(pool)
        self.ticket = ticket
        self.buffer = buffer
        self.holder = holder
    }

    public var capacity: Int { Int(buffer.size) }

    /// Hands the buffer back; nobody gets it before the GPU has finished `serial`.
    public consuming func release(after serial: UInt64) {
        pool.takeRetainedValue().giveBack(ticket, holder: holder, after: serial)
        discard self
    }

    deinit {
        let pool = pool.takeRetainedValue()
        pool.giveBack(ticket, holder: holder, after: pool.clock.next, dropped: true)
    }
}

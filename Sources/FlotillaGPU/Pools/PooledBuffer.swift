import CVulkan
import FlotillaCore
import Foundation

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

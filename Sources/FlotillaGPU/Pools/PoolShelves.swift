import DequeModule
import FlotillaCore
import Foundation

/// The bookkeeping every pool shares: idle items by key (newest handed out first), items lent
/// out by ticket, returned items pending until the GPU timeline passes their last use, trimming
/// of items idle past a grace period, and the statistics. The pool owns every item the whole
/// time, lent ones too: a checkout holds a ticket and the item's handles, never the item, so an
/// item can only leave the pool through `destroy`. What an item is (a buffer, an image) and how
/// it is made stays with the pool.
struct PoolShelves<Key: Hashable, Item: ~Copyable> {
    private var idle: [Key: [(item: Holder<Item>, since: ContinuousClock.Instant)]] = [:]
    private var lent: [Int: (item: Holder<Item>, key: Key?)] = [:]
    private var pending: Deque<(serial: UInt64, item: Holder<Item>, key: Key?)> = []
    private var nextTicket = 1
    private(set) var statistics = PoolStatistics()
    private let size: (borrowing Item) -> UInt64
    /// Destroys an item the GPU has finished with.
    private let destroy: (consuming Item) -> Void

    init(size: @escaping (borrowing Item) -> UInt64, destroy: @escaping (consuming Item) -> Void) {
        self.size = size
        self.destroy = destroy
    }

    var liveCheckouts: Int { lent.count }

    /// An idle item of `key`, counted as a hit; nil (a miss, or `exact` when there is no key)
    /// means the pool makes a new one.
    mutating func take(_ key: Key?) -> Item? {
        if let key, let reused = idle[key]?.popLast()?.item {
            statistics.hits += 1
            statistics.idleBytes -= reused.borrow(size)
            return reused.take()
        }
        if key == nil { statistics.exact += 1 } else { statistics.misses += 1 }
        return nil
    }

    /// Keeps `item` while `holder` uses it; the ticket gives it back.
    mutating func lend(_ item: consuming Item, key: Key?, to holder: MemoryOwner) -> Int {
        let bytes = size(item)
        statistics.checkedOutBytes += bytes
        statistics.checkedOutByOwner[holder, default: 0] += bytes
        let ticket = nextTicket
        nextTicket += 1
        lent[ticket] = (Holder(item), key)
        return ticket
    }

    /// Reads a lent item (to move its charge back to the pool).
    func withLent<R>(_ ticket: Int, _ body: (borrowing Item) -> R) -> R {
        guard let entry = lent[ticket] else { preconditionFailure("pool ticket \(ticket) returned twice or never lent") }
        return entry.item.borrow(body)
    }

    /// A returned item, reusable once `serial` completes (items without a key are destroyed then).
    mutating func giveBack(_ ticket: Int, from holder: MemoryOwner, after serial: UInt64, dropped: Bool) {
        guard let entry = lent.removeValue(forKey: ticket) else {
            preconditionFailure("pool ticket \(ticket) returned twice or never lent")
        }
        let bytes = entry.item.borrow(size)
        if dropped { statistics.dropped += 1 }
        statistics.checkedOutBytes -= bytes
        statistics.checkedOutByOwner[holder, default: 0] -= bytes
        if statistics.checkedOutByOwner[holder] == 0 { statistics.checkedOutByOwner[holder] = nil }
        statistics.pendingBytes += bytes
        pending.append((serial, entry.item, entry.key))
    }

    /// Moves returned items whose last frame finished to the idle lists, and destroys those
    /// that have no key.
    mutating func reclaim(completed: UInt64) {
        while let first = pending.first, first.serial <= completed {
            pending.removeFirst()
            let bytes = first.item.borrow(size)
            statistics.pendingBytes -= bytes
            if let key = first.key {
                idle[key, default: []].append((first.item, .now))
                statistics.idleBytes += bytes
            } else {
                destroy(first.item.take())
            }
        }
    }

    /// Destroys idle items unused for longer than `grace`.
    mutating func trim(now: ContinuousClock.Instant, grace: Duration) {
        for key in Array(idle.keys) {
            var kept: [(item: Holder<Item>, since: ContinuousClock.Instant)] = []
            for entry in idle[key]! {
                if now - entry.since > grace {
                    statistics.idleBytes -= entry.item.borrow(size)
                    destroy(entry.item.take())
                } else {
                    kept.append(entry)
                }
            }
            idle[key] = kept.isEmpty ? nil : kept
        }
    }

    /// Teardown, with the device idle: everything idle or pending is destroyed; nothing may be
    /// checked out.
    mutating func destroyAll() {
        precondition(lent.isEmpty, "pool destroyed with \(lent.count) items checked out")
        reclaim(completed: .max)
        for entries in idle.values { entries.forEach { destroy($0.item.take()) } }
        idle.removeAll()
        statistics.idleBytes = 0
    }
}

/// A place for one noncopyable value in a collection that needs copyable elements (a pool's
/// shelves): the value is read through `borrow` and leaves only through `take()`, once.
final class Holder<Value: ~Copyable> {
    private var value: Value?

    init(_ value: consuming Value) {
        self.value = consume value
    }

    func borrow<R>(_ body: (borrowing Value) -> R) -> R {
        switch value {
        case .some(let held): return body(held)
        case .none: preconditionFailure("Holder read after its value was taken")
        }
    }

    func take() -> Value {
        guard let taken = value.take() else { preconditionFailure("Holder's value taken twice") }
        return taken
    }
}

/// What a pool reports (`--stats` buffer_pool / texture_pool, the overlay).
public struct PoolStatistics: Sendable, Equatable {
    public var hits = 0
    public var misses = 0
    /// Requests larger than every class, served exactly and never pooled.
    public var exact = 0
    public var idleBytes: UInt64 = 0
    public var checkedOutBytes: UInt64 = 0
    /// Returned, waiting for the GPU to finish the last frame that used them.
    public var pendingBytes: UInt64 = 0
    public var checkedOutByOwner: [MemoryOwner: UInt64] = [:]
    /// Checkouts dropped without `release(after:)`: returned conservatively, but a bug.
    public var dropped = 0

    public init() {}

    public var hitRate: Double {
        hits + misses == 0 ? 0 : Double(hits) / Double(hits + misses)
    }

    public var json: JSONValue {
        .object([
            ("hits", .int(hits)), ("misses", .int(misses)), ("hit_rate", .number(hitRate, decimals: 3)),
            ("idle_bytes", .unsigned(idleBytes + pendingBytes)), ("checked_out_bytes", .unsigned(checkedOutBytes)),
            ("exact", .int(exact)),
        ])
    }
}

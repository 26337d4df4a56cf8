import DequeModule
import FlotillaCore
import Foundation

/// The bookkeeping every pool shares: idle items by key (newest handed out first), returned
/// items pending until the GPU timeline passes their last use, trimming of items idle past a
/// grace period, and the statistics. What an item is (a buffer, an image) and how it is made
/// and destroyed stays with the pool.
struct PoolShelves<Key: Hashable, Item> {
    private var idle: [Key: [(item: Item, since: ContinuousClock.Instant)]] = [:]
    private var pending: Deque<(serial: UInt64, item: Item, key: Key?)> = []
    private(set) var statistics = PoolStatistics()
    private(set) var liveCheckouts = 0
    private let size: (Item) -> UInt64

    init(size: @escaping (Item) -> UInt64) {
        self.size = size
    }

    /// An idle item of `key`, counted as a hit; nil (a miss, or `exact` when there is no key)
    /// means the pool makes a new one.
    mutating func take(_ key: Key?) -> Item? {
        if let key, let reused = idle[key]?.popLast()?.item {
            statistics.hits += 1
            statistics.idleBytes -= size(reused)
            return reused
        }
        if key == nil { statistics.exact += 1 } else { statistics.misses += 1 }
        return nil
    }

    mutating func checkedOut(_ item: Item, to holder: MemoryOwner) {
        statistics.checkedOutBytes += size(item)
        statistics.checkedOutByOwner[holder, default: 0] += size(item)
        liveCheckouts += 1
    }

    /// A returned item, reusable once `serial` completes (items without a key are destroyed then).
    mutating func giveBack(_ item: Item, key: Key?, from holder: MemoryOwner, after serial: UInt64, dropped: Bool) {
        let bytes = size(item)
        if dropped { statistics.dropped += 1 }
        statistics.checkedOutBytes -= bytes
        statistics.checkedOutByOwner[holder, default: 0] -= bytes
        if statistics.checkedOutByOwner[holder] == 0 { statistics.checkedOutByOwner[holder] = nil }
        statistics.pendingBytes += bytes
        liveCheckouts -= 1
        pending.append((serial, item, key))
    }

    /// Moves returned items whose last frame finished to the idle lists; `destroy` gets those
    /// that have no key.
    mutating func reclaim(completed: UInt64, destroy: (Item) -> Void) {
        while let first = pending.first, first.serial <= completed {
            pending.removeFirst()
            statistics.pendingBytes -= size(first.item)
            if let key = first.key {
                idle[key, default: []].append((first.item, .now))
                statistics.idleBytes += size(first.item)
            } else {
                destroy(first.item)
            }
        }
    }

    /// Destroys idle items unused for longer than `grace`.
    mutating func trim(now: ContinuousClock.Instant, grace: Duration, destroy: (Item) -> Void) {
        for key in Array(idle.keys) {
            var kept: [(item: Item, since: ContinuousClock.Instant)] = []
            for entry in idle[key]! {
                if now - entry.since > grace {
                    statistics.idleBytes -= size(entry.item)
                    destroy(entry.item)
                } else {
                    kept.append(entry)
                }
            }
            idle[key] = kept.isEmpty ? nil : kept
        }
    }

    /// Teardown: everything idle or pending is destroyed; nothing may be checked out.
    mutating func destroyAll(_ destroy: (Item) -> Void) {
        precondition(liveCheckouts == 0, "pool destroyed with \(liveCheckouts) items checked out")
        reclaim(completed: .max, destroy: destroy)
        for entries in idle.values { entries.forEach { destroy($0.item) } }
        idle.removeAll()
        statistics.idleBytes = 0
    }
}

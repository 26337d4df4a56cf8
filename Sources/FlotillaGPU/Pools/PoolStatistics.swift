import FlotillaCore

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

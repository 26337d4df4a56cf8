import DequeModule

/// Work that must wait until the GPU has finished with something: each entry names the GPU
/// timeline value (the submission) after which it is safe, and runs once that value is reached.
/// Entries are retired in submission order, so the queue stays sorted by construction.
public struct DeferredQueue: ~Copyable {
    private var entries: Deque<(serial: UInt64, release: () -> Void)> = []

    public init() {}

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    /// Runs `release` once the timeline reaches `serial`.
    public mutating func enqueue(after serial: UInt64, _ release: @escaping () -> Void) {
        precondition(entries.last.map { $0.serial <= serial } ?? true,
                     "deferred releases must be queued in submission order")
        entries.append((serial, release))
    }

    /// Runs `release` once the timeline reaches `serial`, or the newest serial already queued if
    /// that is later: a release may always wait longer, and the queue stays in order.
    public mutating func enqueue(noEarlierThan serial: UInt64, _ release: @escaping () -> Void) {
        enqueue(after: max(serial, entries.last?.serial ?? 0), release)
    }

    /// Runs every release whose serial the GPU has completed; returns how many ran.
    @discardableResult
    public mutating func collect(completed: UInt64) -> Int {
        var released = 0
        while let first = entries.first, first.serial <= completed {
            entries.removeFirst().release()
            released += 1
        }
        return released
    }

    /// Runs everything: only after the device is idle (teardown).
    public mutating func drainAll() {
        collect(completed: .max)
    }

    deinit {
        precondition(entries.isEmpty, "DeferredQueue dropped with \(entries.count) pending releases")
    }
}

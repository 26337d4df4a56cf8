import FlotillaCore

/// A Clock that a test moves by hand: `now` changes only through `advance`.
final class ManualClock: Clock, @unchecked Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    // One test's thread only: the scheduler under test is not shared.
    private(set) var now = Instant(offset: .zero)
    var minimumResolution: Duration { .nanoseconds(1) }

    func advance(_ duration: Duration) { now = now.advanced(by: duration) }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        if deadline > now { now = deadline }
    }
}

extension FrameScheduler {
    /// A pass whose recorded frames are all presented; `paint` records one window.
    @discardableResult
    func pass(ready: Set<WindowID>, gpuBehind: Bool = false, paint: (WindowID) -> Bool) -> Bool {
        runPass(ready: ready, gpuBehind: gpuBehind, record: paint, submit: { $0.map { ($0, true) } })
    }
}

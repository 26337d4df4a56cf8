/// One window's frames between the present that sent them and the compositor's word on when they
/// reached the screen (wp_presentation_feedback). Times are on the compositor's presentation
/// clock, the clock key arrivals are read from too.
public struct PresentationTracker: Sendable {
    /// A frame sent and not yet answered.
    struct Sent: Sendable {
        let paintBegan: Duration
        let committed: Duration
        var keyArrived: Duration?
        /// The commit of the first frame after the key (this one, or an earlier one discarded).
        var keyCommitted: Duration?
        let continuous: Bool
    }

    /// What one answered frame measured.
    public struct Presented: Sendable, Equatable {
        /// From the start of the frame's paint to the light.
        public let frameToPresent: Duration
        /// From the commit (the present call) to the light: the compositor's share.
        public let commitToPresent: Duration
        /// From the key whose change the frame was the first to show, to the light.
        public let keyToPresent: Duration?
        /// From that key to the frame's commit: Flotilla's share of `keyToPresent`.
        public let keyToCommit: Duration?
        /// Refreshes that passed with no new frame between the previous frame and this one,
        /// for a window animating without pause (0 where the refresh period is unknown).
        public let missedRefreshes: Int
    }

    private var sent: [UInt64: Sent] = [:]
    private var lastPresented: (token: UInt64, time: Duration)?
    /// A key whose frame was discarded before any later frame was sent: the next frame carries it.
    private var carried: (arrived: Duration, committed: Duration)?
    public private(set) var discarded = 0

    public init() {}

    /// Frames sent whose answer has not come yet.
    public var waiting: Int { sent.count }

    /// Frame `token` goes to the compositor. `continuous`: it was painted because the previous
    /// frame was shown (the window animates), so a gap between the two is a missed refresh.
    public mutating func send(token: UInt64, paintBegan: Duration, committed: Duration? = nil, keyArrived: Duration?,
                              continuous: Bool) {
        let commit = committed ?? paintBegan
        var frame = Sent(paintBegan: paintBegan, committed: commit, keyArrived: keyArrived,
                         keyCommitted: keyArrived.map { _ in commit }, continuous: continuous)
        if let carried = carried.take() { Self.carry(carried, into: &frame) }
        sent[token] = frame
        // A compositor that never answers must not grow this without bound.
        if sent.count > 64, let oldest = sent.keys.min() { sent[oldest] = nil }
    }

    public mutating func presented(token: UInt64, at time: Duration, refresh: Duration) -> Presented? {
        guard let frame = sent.removeValue(forKey: token) else { return nil }
        var missed = 0
        if frame.continuous, refresh > .zero, let last = lastPresented, last.token &+ 1 == token, time > last.time {
            let periods = ((time - last.time) / refresh).rounded()
            missed = max(Int(periods) - 1, 0)
        }
        lastPresented = (token, time)
        return Presented(frameToPresent: max(time - frame.paintBegan, .zero),
                         commitToPresent: max(time - frame.committed, .zero),
                         keyToPresent: frame.keyArrived.map { max(time - $0, .zero) },
                         keyToCommit: frame.keyArrived.map { max((frame.keyCommitted ?? frame.committed) - $0, .zero) },
                         missedRefreshes: missed)
    }

    /// The frame was never shown (a later one replaced it). A key it carried goes to the next
    /// frame sent after it, the first that shows the key's change: the key is measured to that
    /// frame's light, and to the discarded frame's commit (Flotilla's part was done then).
    public mutating func discarded(token: UInt64) {
        guard let frame = sent.removeValue(forKey: token) else { return }
        discarded += 1
        guard let arrived = frame.keyArrived else { return }
        let key = (arrived: arrived, committed: frame.keyCommitted ?? frame.committed)
        if let next = sent.keys.filter({ $0 > token }).min() {
            Self.carry(key, into: &sent[next]!)
        } else {
            carried = key
        }
    }

    /// A frame shows `key` too; with a key of its own, the earlier key is the one it is first for.
    private static func carry(_ key: (arrived: Duration, committed: Duration), into frame: inout Sent) {
        if let own = frame.keyArrived, own <= key.arrived { return }
        frame.keyArrived = key.arrived
        frame.keyCommitted = key.committed
    }
}

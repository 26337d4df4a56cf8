import DequeModule

/// One scheduler for every window (seed 003 §4.5, §5.2). Each event-loop pass it takes the
/// windows whose frame callback has fired and orders their paints: every UserInput request
/// (they must land this pass), then Animation requests round-robin while the pass's budget
/// lasts, then Background jobs with what is left. Windows without a frame callback stay pending
/// and cost nothing. Time comes from the caller (a monotonic clock, or a test's hand).
public struct FrameScheduler {
    public typealias Instant = Duration

    private struct Pending {
        var priority: FramePriority
        /// When the oldest request still waiting was made: latency runs from here to submit.
        var since: Instant
        /// The window's paint count when a UserInput request arrived (to count paints it waited).
        var paintsAtInput: Int?
    }

    public struct Counters: Sendable {
        public var requests: [FramePriority: Int] = [:]
        public var paints: [FramePriority: Int] = [:]
        /// Ready, requested, but left for a later pass (budget spent, or Background held back).
        public var deferred: [FramePriority: Int] = [:]
        public var latency: [FramePriority: LatencyHistogram] = [:]
        /// Paints of a window between a UserInput request and the paint that served it: 0 means
        /// the request landed in the very next paint.
        public var inputPaintsWaited: Int = 0
        public var inputPaintsWaitedMax: Int = 0
    }

    /// The time a pass may spend painting Animation requests: the output's frame interval minus
    /// a margin for the compositor and the rest of the loop.
    public var budget: Duration
    public private(set) var counters = Counters()
    private var pending: [WindowID: Pending] = [:]
    private var paintCount: [WindowID: Int] = [:]
    /// Round-robin: the window after the last one animated gets the first turn next pass.
    private var lastAnimated: WindowID?
    private var background: Deque<(name: String, since: Instant, job: () -> Void)> = []

    public static func budget(refreshMillihertz: Int?) -> Duration {
        let hertz = Double(refreshMillihertz ?? 60_000) / 1000
        let interval = Duration.microseconds(Int64(1_000_000 / max(hertz, 1)))
        return interval - interval / 8
    }

    public init(budget: Duration = FrameScheduler.budget(refreshMillihertz: nil)) {
        self.budget = budget
    }

    /// Asks for a paint of `window`; keeps the highest priority already pending.
    public mutating func request(_ window: WindowID, _ priority: FramePriority, at now: Instant) {
        counters.requests[priority, default: 0] += 1
        if var existing = pending[window] {
            if priority > existing.priority {
                existing.priority = priority
                existing.since = now
            }
            if priority == .userInput, existing.paintsAtInput == nil { existing.paintsAtInput = paintCount[window, default: 0] }
            pending[window] = existing
        } else {
            pending[window] = Pending(priority: priority, since: now,
                                      paintsAtInput: priority == .userInput ? paintCount[window, default: 0] : nil)
        }
    }

    public func pendingPriority(of window: WindowID) -> FramePriority? { pending[window]?.priority }

    /// A small job for leftover time (cache save, stats snapshot, warm-up).
    public mutating func enqueueBackground(_ name: String, at now: Instant, _ job: @escaping () -> Void) {
        counters.requests[.background, default: 0] += 1
        background.append((name, now, job))
    }

    public var backgroundCount: Int { background.count }

    /// The window closed: its requests go with it.
    public mutating func forget(_ window: WindowID) {
        pending[window] = nil
        paintCount[window] = nil
        if lastAnimated == window { lastAnimated = nil }
    }

    /// The order of this pass's paints among `ready` windows (those whose frame callback
    /// fired): UserInput first, then Animation in round-robin order. `paint` paints one window
    /// and returns whether it did (false: not ready after all, e.g. no free image); the
    /// scheduler stops animating once `now()` says the budget is spent.
    public mutating func runPass(ready: Set<WindowID>, now: () -> Instant, paint: (WindowID) throws -> Bool) rethrows {
        let start = now()
        let waiting = pending.filter { ready.contains($0.key) }
        let urgent = waiting.filter { $0.value.priority == .userInput }.keys.sorted()
        for window in urgent { try paintOne(window, now: now, paint: paint) }

        let animated = waiting.filter { $0.value.priority == .animation }.keys.sorted()
        let turn = Self.rotate(animated, after: lastAnimated)
        for (index, window) in turn.enumerated() {
            if now() - start >= budget {
                counters.deferred[.animation, default: 0] += turn.count - index
                break
            }
            if try paintOne(window, now: now, paint: paint) { lastAnimated = window }
        }
    }

    /// Runs Background jobs while time is left in the pass and no UserInput request waits
    /// anywhere (ready or not: an input paint must never queue behind background work).
    public mutating func runBackground(passStart: Instant, now: () -> Instant) {
        while !background.isEmpty {
            if pending.values.contains(where: { $0.priority == .userInput }) || now() - passStart >= budget {
                counters.deferred[.background, default: 0] += background.count
                return
            }
            let job = background.removeFirst()
            job.job()
            counters.paints[.background, default: 0] += 1
            counters.latency[.background, default: LatencyHistogram()].record(now() - job.since)
        }
    }

    @discardableResult
    private mutating func paintOne(_ window: WindowID, now: () -> Instant, paint: (WindowID) throws -> Bool) rethrows -> Bool {
        guard let request = pending[window] else { return false }
        guard try paint(window) else {
            counters.deferred[request.priority, default: 0] += 1
            return false
        }
        pending[window] = nil
        counters.paints[request.priority, default: 0] += 1
        counters.latency[request.priority, default: LatencyHistogram()].record(now() - request.since)
        if let before = request.paintsAtInput {
            let waited = paintCount[window, default: 0] - before
            counters.inputPaintsWaited += waited
            counters.inputPaintsWaitedMax = max(counters.inputPaintsWaitedMax, waited)
        }
        paintCount[window, default: 0] += 1
        return true
    }

    static func rotate(_ windows: [WindowID], after last: WindowID?) -> [WindowID] {
        guard let last, let index = windows.firstIndex(where: { $0 > last }) else { return windows }
        return Array(windows[index...] + windows[..<index])
    }
}

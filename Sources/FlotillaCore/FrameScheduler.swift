import DequeModule

/// One scheduler for every window. Each event-loop pass it takes the
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
        /// When a pass first found the window ready (its frame callback fired) with this request.
        var readySince: Instant?
        var deferredOnce = false
    }

    public struct Counters: Sendable {
        public var requests: [FramePriority: Int] = [:]
        public var paints: [FramePriority: Int] = [:]
        /// Ready, requested, but left for a later pass (budget spent, or Background held back).
        public var deferred: [FramePriority: Int] = [:]
        /// Request to submit: includes waiting for the window's frame callback.
        public var latency: [FramePriority: LatencyHistogram] = [:]
        /// Ready (frame callback fired) to submit: the scheduler's own delay.
        public var readyLatency: [FramePriority: LatencyHistogram] = [:]
        /// Paints of a window between a UserInput request and the paint that served it: 0 means
        /// the request landed in the very next paint.
        public var inputPaintsWaitedMax: Int = 0
        /// Passes that painted no Animation request because the GPU was behind.
        public var throttledPasses: Int = 0
    }

    /// The time a pass may spend painting Animation requests: the output's frame interval minus
    /// a margin for the compositor and the rest of the loop.
    public var budget: Duration
    public private(set) var counters = Counters()
    private var pending: [WindowID: Pending] = [:]
    private var paintCount: [WindowID: Int] = [:]
    /// Round-robin: the window after the last one animated gets the first turn next pass.
    private var lastAnimated: WindowID?
    private var background: Deque<(name: String, since: Instant, job: () -> Void, deferred: Bool)> = []

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
        background.append((name, now, job, false))
    }

    public var backgroundCount: Int { background.count }

    /// The window closed: its requests go with it.
    public mutating func forget(_ window: WindowID) {
        pending[window] = nil
        paintCount[window] = nil
        if lastAnimated == window { lastAnimated = nil }
    }

    /// A Background job taken from the queue, to run outside the scheduler.
    public struct BackgroundJob {
        public let name: String
        let since: Instant
        public let run: () -> Void
    }

    private var passStart: Instant = .zero
    private var passQueue: Deque<(window: WindowID, priority: FramePriority)> = []

    /// Starts a pass over `ready` windows (those whose frame callback fired): UserInput
    /// requests first, then Animation ones in round-robin order. When the GPU is behind (the
    /// caller's measure: passes queued and not yet finished), Animation requests wait for a
    /// later pass, so the queue stays shallow and an input paint reaches the GPU within a frame.
    public mutating func beginPass(ready: Set<WindowID>, at now: Instant, gpuBehind: Bool = false) {
        passStart = now
        let waiting = pending.filter { ready.contains($0.key) }
        for window in waiting.keys where pending[window]?.readySince == nil { pending[window]?.readySince = now }
        let urgent = waiting.filter { $0.value.priority == .userInput }.keys.sorted()
        var animated = Self.rotate(waiting.filter { $0.value.priority == .animation }.keys.sorted(), after: lastAnimated)
        if gpuBehind, !animated.isEmpty {
            counters.throttledPasses += 1
            for window in animated { markDeferred(window) }
            animated = []
        }
        passQueue = Deque(urgent.map { ($0, .userInput) } + animated.map { ($0, .animation) })
    }

    /// The next window to paint, or nil when the pass is over: all UserInput requests always,
    /// Animation ones only while the budget lasts (the rest are deferred to a later pass).
    public mutating func nextPaint(at now: Instant) -> WindowID? {
        guard let next = passQueue.first else { return nil }
        if next.priority == .animation, now - passStart >= budget {
            for entry in passQueue { markDeferred(entry.window) }
            passQueue.removeAll()
            return nil
        }
        passQueue.removeFirst()
        return next.window
    }

    /// The window's frame was submitted.
    public mutating func painted(_ window: WindowID, at now: Instant) {
        guard let request = pending.removeValue(forKey: window) else { return }
        counters.paints[request.priority, default: 0] += 1
        counters.latency[request.priority, default: LatencyHistogram()].record(now - request.since)
        counters.readyLatency[request.priority, default: LatencyHistogram()].record(now - (request.readySince ?? request.since))
        if let before = request.paintsAtInput {
            let waited = paintCount[window, default: 0] - before
            counters.inputPaintsWaitedMax = max(counters.inputPaintsWaitedMax, waited)
        }
        paintCount[window, default: 0] += 1
        if request.priority == .animation { lastAnimated = window }
    }

    /// The window could not paint after all (no free image yet): its request stays.
    public mutating func notPainted(_ window: WindowID) {
        markDeferred(window)
    }

    /// Counts a request as deferred once, however many passes it waits.
    private mutating func markDeferred(_ window: WindowID) {
        guard let request = pending[window], !request.deferredOnce else { return }
        pending[window]?.deferredOnce = true
        counters.deferred[request.priority, default: 0] += 1
    }

    /// The next Background job, if time is left in the pass and no UserInput request waits
    /// anywhere (ready or not: an input paint must never queue behind background work).
    public mutating func nextBackgroundJob(at now: Instant) -> BackgroundJob? {
        guard !background.isEmpty else { return nil }
        if pending.values.contains(where: { $0.priority == .userInput }) || now - passStart >= budget {
            for index in background.indices where !background[index].deferred {
                background[index].deferred = true
                counters.deferred[.background, default: 0] += 1
            }
            return nil
        }
        let job = background.removeFirst()
        return BackgroundJob(name: job.name, since: job.since, run: job.job)
    }

    public mutating func backgroundFinished(_ job: BackgroundJob, at now: Instant) {
        counters.paints[.background, default: 0] += 1
        counters.latency[.background, default: LatencyHistogram()].record(now - job.since)
    }

    /// One whole pass with closures (what the app does with the calls above). `paint` returns
    /// whether the window painted.
    public mutating func runPass(ready: Set<WindowID>, now: () -> Instant, paint: (WindowID) throws -> Bool) rethrows {
        beginPass(ready: ready, at: now())
        while let window = nextPaint(at: now()) {
            if try paint(window) { painted(window, at: now()) } else { notPainted(window) }
        }
    }

    /// Runs Background jobs with the time left in the pass that began at `passStart`.
    public mutating func runBackground(passStart: Instant, now: () -> Instant) {
        self.passStart = passStart
        while let job = nextBackgroundJob(at: now()) {
            job.run()
            backgroundFinished(job, at: now())
        }
    }

    static func rotate(_ windows: [WindowID], after last: WindowID?) -> [WindowID] {
        guard let last, let index = windows.firstIndex(where: { $0 > last }) else { return windows }
        return Array(windows[index...] + windows[..<index])
    }
}

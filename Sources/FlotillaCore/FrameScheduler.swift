import DequeModule

/// One scheduler for every window. Each event-loop pass it takes the
/// windows whose frame callback has fired and orders their paints: every UserInput request
/// (they must land this pass), then Animation requests round-robin while the pass's budget
/// lasts, then Background jobs with what is left. Windows without a frame callback stay pending
/// and cost nothing. Time comes from `clock` (ContinuousClock in the app, one a test moves by
/// hand). A class: the app's paints and jobs, run from inside a pass, request paints and read
/// the counters of the scheduler that runs them.
///
/// The app's clock is ContinuousClock: the per-pass entry points are specialized for it here,
/// so the app (another module) does not run them as unspecialized generic code (perf showed
/// the runtime's generic metadata lookups and unspecialized sorting in every pass).
public final class FrameScheduler<C: Clock> where C.Duration == Duration {
    public typealias Instant = C.Instant
    public let clock: C

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


    /// The time a pass may spend painting Animation requests: the output's frame interval minus
    /// a margin for the compositor and the rest of the loop.
    public var budget: Duration
    public private(set) var counters = SchedulerCounters()
    private var pending: [WindowID: Pending] = [:]
    private var paintCount: [WindowID: Int] = [:]
    /// Round-robin: the window after the last one animated gets the first turn next pass.
    private var lastAnimated: WindowID?
    private var background: Deque<(name: String, since: Instant, job: () -> Void, deferred: Bool)> = []

    public init(clock: C, budget: Duration = FrameSchedulerBudget.forRefresh(millihertz: nil)) {
        self.clock = clock
        self.budget = budget
        passStart = clock.now
    }

    /// Asks for a paint of `window`; keeps the highest priority already pending.
    @_specialize(exported: true, where C == ContinuousClock)
    public func request(_ window: WindowID, _ priority: FramePriority) {
        let now = clock.now
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

    @_specialize(exported: true, where C == ContinuousClock)
    public func pendingPriority(of window: WindowID) -> FramePriority? { pending[window]?.priority }

    /// A small job for leftover time (cache save, stats snapshot, warm-up).
    public func enqueueBackground(_ name: String, _ job: @escaping () -> Void) {
        counters.requests[.background, default: 0] += 1
        background.append((name, clock.now, job, false))
    }

    public var backgroundCount: Int { background.count }

    /// The window closed: its requests go with it.
    public func forget(_ window: WindowID) {
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

    private var passStart: Instant
    private var passQueue: Deque<(window: WindowID, priority: FramePriority)> = []

    /// Starts a pass over `ready` windows (those whose frame callback fired): UserInput
    /// requests first, then Animation ones in round-robin order. When the GPU is behind (the
    /// caller's measure: passes queued and not yet finished), Animation requests wait for a
    /// later pass, so the queue stays shallow and an input paint reaches the GPU within a frame.
    func beginPass(ready: Set<WindowID>, gpuBehind: Bool) {
        let now = clock.now
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
    func nextPaint() -> WindowID? {
        guard let next = passQueue.first else { return nil }
        if next.priority == .animation, passStart.duration(to: clock.now) >= budget {
            for entry in passQueue { markDeferred(entry.window) }
            passQueue.removeAll()
            return nil
        }
        passQueue.removeFirst()
        return next.window
    }

    /// The window's frame was submitted.
    func painted(_ window: WindowID, at now: Instant) {
        guard let request = pending.removeValue(forKey: window) else { return }
        counters.paints[request.priority, default: 0] += 1
        counters.latency[request.priority, default: LatencyHistogram()].record(request.since.duration(to: now))
        counters.readyLatency[request.priority, default: LatencyHistogram()].record((request.readySince ?? request.since).duration(to: now))
        if let before = request.paintsAtInput {
            let waited = paintCount[window, default: 0] - before
            counters.inputPaintsWaitedMax = max(counters.inputPaintsWaitedMax, waited)
        }
        paintCount[window, default: 0] += 1
        if request.priority == .animation { lastAnimated = window }
    }

    /// The window could not paint after all (no free image yet): its request stays.
    func notPainted(_ window: WindowID) {
        markDeferred(window)
    }

    /// Counts a request as deferred once, however many passes it waits.
    private func markDeferred(_ window: WindowID) {
        guard let request = pending[window], !request.deferredOnce else { return }
        pending[window]?.deferredOnce = true
        counters.deferred[request.priority, default: 0] += 1
    }

    /// The next Background job, if time is left in the pass and no UserInput request waits
    /// anywhere (ready or not: an input paint must never queue behind background work).
    func nextBackgroundJob() -> BackgroundJob? {
        guard !background.isEmpty else { return nil }
        if pending.values.contains(where: { $0.priority == .userInput }) || passStart.duration(to: clock.now) >= budget {
            for index in background.indices where !background[index].deferred {
                background[index].deferred = true
                counters.deferred[.background, default: 0] += 1
            }
            return nil
        }
        let job = background.removeFirst()
        return BackgroundJob(name: job.name, since: job.since, run: job.job)
    }

    func backgroundFinished(_ job: BackgroundJob) {
        counters.paints[.background, default: 0] += 1
        counters.latency[.background, default: LatencyHistogram()].record(job.since.duration(to: clock.now))
    }

    /// One pass, as the app runs it: the windows of `ready` with a request are recorded in
    /// order (UserInput first; Animation while the budget lasts and the GPU is not behind), each
    /// by `record`, which says whether it could be; `submit` sends every recorded frame at once
    /// and says, per window, whether its frame was presented (the rest keep their requests); then
    /// Background jobs run with the time left. Returns false if a ready window's request is still
    /// pending (the loop should poll again soon rather than sleep).
    @discardableResult
    @_specialize(exported: true, where C == ContinuousClock)
    public func runPass(ready: Set<WindowID>, gpuBehind: Bool = false, record: (WindowID) throws -> Bool,
                        submit: ([WindowID]) throws -> [(window: WindowID, presented: Bool)]) rethrows -> Bool {
        beginPass(ready: ready, gpuBehind: gpuBehind)
        var recorded: [WindowID] = []
        while let window = nextPaint() {
            if try record(window) { recorded.append(window) } else { notPainted(window) }
        }
        let results = try submit(recorded)
        let submitted = clock.now
        for (window, presented) in results {
            if presented { painted(window, at: submitted) } else { notPainted(window) }
        }
        runBackground()
        return !ready.contains { pending[$0] != nil }
    }

    /// Background jobs with the time left in the current pass.
    @_specialize(exported: true, where C == ContinuousClock)
    public func runBackground() {
        while let job = nextBackgroundJob() {
            job.run()
            backgroundFinished(job)
        }
    }

    static func rotate(_ windows: [WindowID], after last: WindowID?) -> [WindowID] {
        guard let last, let index = windows.firstIndex(where: { $0 > last }) else { return windows }
        return Array(windows[index...] + windows[..<index])
    }
}

/// Why a window wants to paint, most urgent first.
public enum FramePriority: Int, CaseIterable, Comparable, Sendable {
    /// Background work: thumbnails, cache saves, warm-up. Only with time left over.
    case background = 0
    /// The window animates: paint it while the pass's budget lasts, taking turns.
    case animation = 1
    /// The user did something to it (a key, a new window, a resize): it must land this pass.
    case userInput = 2

    public static func < (lhs: FramePriority, rhs: FramePriority) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The name used in `--stats`.
    public var key: String {
        switch self {
        case .background: "background"
        case .animation: "animation"
        case .userInput: "user_input"
        }
    }
}

/// The time a scheduler pass may spend painting Animation requests: the output's frame interval
/// minus an eighth, the margin for the compositor and the rest of the loop.
public enum FrameSchedulerBudget {
    public static func forRefresh(millihertz: Int?) -> Duration {
        let hertz = Double(millihertz ?? 60_000) / 1000
        let interval = Duration.microseconds(Int64(1_000_000 / max(hertz, 1)))
        return interval - interval / 8
    }
}

/// What a FrameScheduler did, per priority: the stats line's "scheduler" figures.
public struct SchedulerCounters: Sendable {
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

    public init() {}
}

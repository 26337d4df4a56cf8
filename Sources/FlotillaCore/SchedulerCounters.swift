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

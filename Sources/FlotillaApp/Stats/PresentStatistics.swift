import FlotillaCore

/// What wp_presentation told about every window's frames: key→present, frame→present and the
/// refreshes missed while animating. Empty where the compositor has no wp_presentation (and
/// under --headless).
struct PresentStatistics {
    private(set) var keyToPresent = LatencyHistogram()
    private(set) var keyToCommit = LatencyHistogram()
    private(set) var frameToPresent = LatencyHistogram()
    private(set) var commitToPresent = LatencyHistogram()
    private(set) var missedRefreshes = 0
    private(set) var presented = 0
    /// The output's refresh period as the compositor last reported it (zero: unknown).
    private(set) var refresh = Duration.zero

    mutating func record(_ frame: PresentationTracker.Presented, refresh: Duration) {
        if refresh > .zero { self.refresh = refresh }
        presented += 1
        frameToPresent.record(frame.frameToPresent)
        commitToPresent.record(frame.commitToPresent)
        if let key = frame.keyToPresent { keyToPresent.record(key) }
        if let key = frame.keyToCommit { keyToCommit.record(key) }
        missedRefreshes += frame.missedRefreshes
    }

    func json(discarded: Int) -> JSONValue {
        .object([("key_to_present_ms", keyToPresent.json),
                 ("key_to_commit_ms", keyToCommit.json),
                 ("frame_to_present_ms", frameToPresent.json),
                 ("commit_to_present_ms", commitToPresent.json),
                 ("missed_refreshes", .int(missedRefreshes)),
                 ("refresh_ms", .number(refresh / .milliseconds(1), decimals: 3)),
                 ("presented", .int(presented)),
                 ("discarded", .int(discarded))])
    }
}

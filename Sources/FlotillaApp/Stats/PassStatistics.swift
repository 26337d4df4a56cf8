import FlotillaCore
import FlotillaGPU
import Foundation

/// What the loop's frame passes cost on the CPU: how many passes sent frames, how many frames
/// they carried and presented, how long recording one window's frame took, and the process's
/// CPU time per presented window-frame since the previous stats line.
struct PassStatistics {
    private(set) var passes = 0
    private(set) var framesPresented = 0
    /// Per recorded window-frame: its preparation on the loop thread (scene, uploads, draw lists).
    var recordTime = LatencyHistogram()
    /// The loop thread's time, summed: preparing windows' frames, the rest of the loop's work
    /// (Wayland, scheduler, stats, housekeeping), and waiting for events.
    var prepareTotal = Duration.zero
    var waitTotal = Duration.zero
    /// CPU seconds and presented frames at the previous stats line.
    private var lastLine: (cpu: Double, frames: Int)?

    mutating func passSent() {
        passes += 1
    }

    mutating func presented() {
        framesPresented += 1
    }

    /// The "loop_s" member: where the loop thread's time went since start, in seconds.
    func loopJSON(host: GpuHost, elapsed: Duration) -> JSONValue {
        let times = host.passTimes
        let busy = prepareTotal + times.record + times.submit + times.present + waitTotal
        return .object([("prepare", .number(prepareTotal.seconds, decimals: 3)),
                        ("record", .number(times.record.seconds, decimals: 3)),
                        ("submit", .number(times.submit.seconds, decimals: 3)),
                        ("present", .number(times.present.seconds, decimals: 3)),
                        ("waiting", .number(waitTotal.seconds, decimals: 3)),
                        ("other", .number(max(elapsed - busy, .zero).seconds, decimals: 3))])
    }

    /// The process's CPU time per presented window-frame over the interval since the last
    /// sample (start-up costs fall out after the first), in µs, and the total in seconds.
    mutating func sampleCPU() -> (perWindowFrame: Double, total: Double) {
        let cpu = Self.processCPUSeconds()
        let previous = lastLine ?? (0, 0)
        lastLine = (cpu, framesPresented)
        let frames = framesPresented - previous.frames
        return (frames > 0 ? (cpu - previous.cpu) / Double(frames) * 1_000_000 : 0, cpu)
    }

    /// The "cpu" member of a stats line: a CPU sample and recording's own share.
    func cpuJSON(perWindowFrame: Double, total: Double) -> JSONValue {
        .object([
            ("per_window_frame_us", .number(perWindowFrame, decimals: 1)),
            ("total_s", .number(total, decimals: 3)),
            ("record_us", .object([("p50", .number(recordTime.milliseconds(atPercentile: 50) * 1000, decimals: 1)),
                                   ("p99", .number(recordTime.milliseconds(atPercentile: 99) * 1000, decimals: 1))])),
        ])
    }

    /// User plus system CPU time of this process, in seconds (every thread).
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}

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

import FlotillaCore
import FlotillaGPU

extension Application: OverlaySource {
    /// The overlay's figures for `window`, read from the same counters `--stats` reads.
    func overlayFigures(for window: AppWindow) -> OverlayFigures {
        let ledger = host.memory.ledger
        let pools = (StatsLine.pooled(host.allResourceSets.map(\.bufferPool.statistics)),
                     StatsLine.pooled(host.allResourceSets.map(\.texturePool.statistics)))
        let paints = scheduler.counters.paints
        func milliseconds(_ duration: Duration?) -> Double? {
            duration.map { $0 / .milliseconds(1) }
        }
        let keys = presentStatistics.keyToPresent
        var figures = OverlayFigures(
            title: window.title, mode: mode,
            windowBytes: ledger.bytes(of: .window(window.id)), sharedBytes: ledger.bytes(of: .shared),
            totalBytes: ledger.totalBytes, windowCount: windows.windows.count,
            swapchainEstimate: windows.windows.reduce(0) { $0 + ($1.gpu?.target.externalBytesEstimate ?? 0) },
            deviceAllocations: host.memory.deviceAllocationCount,
            bufferHitRate: pools.0.hitRate, textureHitRate: pools.1.hitRate,
            frameP50Milliseconds: milliseconds(window.frameTimes.percentile(50)),
            frameP99Milliseconds: milliseconds(window.frameTimes.percentile(99)),
            paints: (paints[.userInput] ?? 0, paints[.animation] ?? 0, paints[.background] ?? 0),
            cpuMicroseconds: passes.recordTime.count > 0 ? passes.recordTime.milliseconds(atPercentile: 50) * 1000 : nil,
            gpuMilliseconds: host.windowFrameGPUTime.flatMap { $0.count > 0 ? $0.milliseconds(atPercentile: 50) : nil })
        if host.bridge.hasSubscribers { figures.bridge = (host.bridge.published, host.bridge.stale) }
        let cache = host.imageCache
        if cache.bytes > 0 { figures.images = (cache.decodes, cache.hits, cache.bytes) }
        if keys.count > 0 {
            figures.keyToPresentMilliseconds = (keys.milliseconds(atPercentile: 50), keys.milliseconds(atPercentile: 99))
        }
        return figures
    }

    /// What `window`'s overlay shows now: the help, the figures, or nothing.
    func overlayLines(for window: AppWindow) -> [String] {
        if window.helpVisible { return KeyTable.help }
        return overlayVisible ? OverlayText.lines(overlayFigures(for: window)) : []
    }
}

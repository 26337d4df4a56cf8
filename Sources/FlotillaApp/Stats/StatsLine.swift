import FlotillaCore
import FlotillaGPU
import Foundation

/// Everything one stats line reports, read in one moment on the loop thread. Reading it has
/// no side effects: the caller refreshes the driver's budget and samples the CPU time first.
struct StatsInputs {
    var time: Double
    var mode: String
    var threads: Int
    var host: GpuHost
    var windows: [AppWindow]
    var scheduler: SchedulerCounters
    var spawnLatency: LatencyHistogram
    /// What the validation layer reported to hosts that were since lost.
    var earlierValidationMessages = 0
    var passes: PassStatistics
    /// The process's CPU time per presented window-frame since the previous line (µs).
    var cpuPerWindowFrame: Double
    var cpuTotal: Double
    /// The loop thread's time since start.
    var elapsed: Duration
    var hostRebuilds = 0
    var screenshotsWritten = 0
    var statsDropped = 0
    var offscreen: (queued: Int, running: Int, done: Int, cancelled: Int) = (0, 0, 0, 0)
    var presentStatistics: PresentStatistics
    /// What each window's overlay shows, from the same counters in the same moment.
    var overlay: [(WindowID, [String])] = []
    /// The process's proportional set size (nil where the kernel does not say).
    var processBytes: UInt64?
}

/// The one builder of a stats line (README's "Stats" documents each key; `keys` lists them in
/// the order they are written).
enum StatsLine {
    static let keys = ["time_s", "frame", "mode", "windows", "memory", "frames_presented", "scenes", "sizes", "scales",
                       "buffer_pool", "texture_pool", "pipelines_created", "pipeline_cache", "text_atlas", "transients",
                       "ring_bytes", "lifetimes", "process", "scheduler", "validation_messages", "threads", "passes",
                       "submits", "presents", "cpu", "loop_s", "host_rebuilds", "texture_bridge", "screenshots",
                       "stats_dropped", "offscreen", "image_cache", "present", "budget", "gpu_ms", "overlay"]

    static func build(_ inputs: StatsInputs) -> JSONValue {
        let host = inputs.host, windows = inputs.windows
        let ledger = host.memory.ledger
        let windowBytes = windows.map { (String($0.id.rawValue), JSONValue.unsigned(ledger.bytes(of: .window($0.id)))) }
        let swapchainBytes = windows.reduce(UInt64(0)) { $0 + ($1.gpu?.target.externalBytesEstimate ?? 0) }
        let categories = MemoryCategory.allCases.map { ($0.rawValue, JSONValue.unsigned(ledger.bytes(in: $0))) }
        // The driver's own view (VK_EXT_memory_budget), beside the ledger, where it exists.
        let heaps = host.capabilities.memoryHeaps.compactMap { heap -> JSONValue? in
            guard let usage = heap.usage, let budget = heap.budget else { return nil }
            return .object([("usage", .unsigned(usage)), ("budget", .unsigned(budget)), ("size", .unsigned(heap.size)),
                            ("device_local", .bool(heap.deviceLocal))])
        }
        let cache = host.imageCache
        var members: [(String, JSONValue)] = [
            ("time_s", .number(inputs.time, decimals: 2)),
            ("frame", .int(windows.map(\.framesPresented).max() ?? 0)),
            ("mode", .string(inputs.mode)),
            ("windows", .int(windows.count)),
            ("memory", .object([
                ("shared_bytes", .unsigned(ledger.bytes(of: .shared))),
                ("window_bytes", .object(windowBytes)),
                ("total_bytes", .unsigned(ledger.totalBytes)),
                ("device_allocations", .int(host.memory.deviceAllocationCount)),
                ("target_device_allocations", .int(host.memory.targetAllocationCount)),
                ("swapchain_bytes_estimate", .unsigned(swapchainBytes)),
                ("device_bytes", .unsigned(host.memory.deviceBytes)),
                ("by_category", .object(categories)),
                ("heaps", .array(heaps)),
            ])),
            ("frames_presented", .object(windows.map { (String($0.id.rawValue), .int($0.framesPresented)) })),
            ("scenes", .object(windows.map { (String($0.id.rawValue), .string($0.scene.kind.rawValue)) })),
            ("sizes", .object(windows.map { (String($0.id.rawValue), .string($0.size.description)) })),
            ("scales", .object(windows.map { (String($0.id.rawValue), $0.scale.json) })),
            ("buffer_pool", pooled(host.allResourceSets.map(\.bufferPool.statistics)).json),
            ("texture_pool", pooled(host.allResourceSets.map(\.texturePool.statistics)).json),
            ("pipelines_created", .int(host.pipelinesCreated)),
            ("pipeline_cache", .object([
                ("loaded_bytes", .int(host.shared.pipelineCache?.loadedBytes ?? 0)),
                ("hit", .bool(host.shared.pipelineCache?.hit ?? false)),
            ])),
            ("text_atlas", textAtlasJSON(host)),
            ("transients", transientsJSON(host)),
            ("ring_bytes", .unsigned(host.allResourceSets.reduce(0) { $0 + $1.ring.capacity })),
            // Owners (~Copyable) that went without naming the serial that frees them: each a bug.
            ("lifetimes", .object([
                ("dropped_allocations", .int(host.memory.droppedAllocations)),
                ("dropped_ring_slices", .int(host.allResourceSets.reduce(0) { $0 + $1.ring.droppedSlices })),
                ("dropped_checkouts", .int(host.allResourceSets.reduce(0) {
                    $0 + $1.bufferPool.statistics.dropped + $1.texturePool.statistics.dropped
                })),
                ("retiring", .int(host.memory.retiringCount)),
            ])),
            ("process", .object([("pss_bytes", .unsigned(inputs.processBytes ?? 0))])),
            ("scheduler", schedulerJSON(inputs.scheduler, spawnLatency: inputs.spawnLatency)),
            ("validation_messages", .int(inputs.earlierValidationMessages + host.validationMessageCount)),
            // The passes' costs on the CPU and what went to the queue.
            ("threads", .int(inputs.threads)),
            ("passes", .int(inputs.passes.passes)),
            ("submits", .int(host.submitCalls)),
            ("presents", .int(host.presentCalls)),
            ("cpu", inputs.passes.cpuJSON(perWindowFrame: inputs.cpuPerWindowFrame, total: inputs.cpuTotal)),
            ("loop_s", inputs.passes.loopJSON(host: host, elapsed: inputs.elapsed)),
            ("host_rebuilds", .int(inputs.hostRebuilds)),
            ("texture_bridge", .object([("published", .int(host.bridge.published)),
                                        ("subscriptions", .int(host.bridge.subscriptions)),
                                        ("stale", .int(host.bridge.stale))])),
            ("screenshots", .int(inputs.screenshotsWritten)),
            ("stats_dropped", .int(inputs.statsDropped)),
            ("offscreen", .object([("queued", .int(inputs.offscreen.queued)), ("running", .int(inputs.offscreen.running)),
                                   ("done", .int(inputs.offscreen.done)), ("cancelled", .int(inputs.offscreen.cancelled))])),
            ("image_cache", .object([("decodes", .int(cache.decodes)), ("hits", .int(cache.hits)),
                                     ("evictions", .int(cache.evictions)), ("bytes", .unsigned(cache.bytes)),
                                     ("pinned", .int(cache.pinned))])),
            ("present", inputs.presentStatistics.json(discarded: windows.reduce(0) { $0 + $1.presentations.discarded })),
            ("budget", .object([("limit", host.memory.budget.map { .unsigned($0) } ?? .null),
                                ("used", .unsigned(host.memory.deviceBytes)),
                                ("refusals", .int(host.memory.refusals)),
                                ("driver_budget_warnings", .int(host.driverBudgetWarnings)),
                                ("requests", .int(host.memory.allocationRequests))])),
        ]
        // A pass's time on the GPU, where the queue has timestamps.
        if let pass = host.passGPUTime, let frame = host.windowFrameGPUTime {
            func figures(_ histogram: LatencyHistogram) -> JSONValue {
                .object([("p50", .number(histogram.milliseconds(atPercentile: 50), decimals: 3)),
                         ("p99", .number(histogram.milliseconds(atPercentile: 99), decimals: 3))])
            }
            members.append(("gpu_ms", .object([("pass", figures(pass)), ("window_frame", figures(frame)),
                                               ("passes_timed", .unsigned(pass.count))])))
        }
        members.append(("overlay", .object(inputs.overlay.map { id, lines in
            (String(id.rawValue), .array(lines.map { .string($0) }))
        })))
        return .object(members)
    }

    static func schedulerJSON(_ counters: SchedulerCounters, spawnLatency: LatencyHistogram) -> JSONValue {
        let order: [FramePriority] = [.userInput, .animation, .background]
        func byPriority(_ values: [FramePriority: Int]) -> JSONValue {
            .object(order.map { ($0.key, .int(values[$0] ?? 0)) })
        }
        return .object([
            ("requests", byPriority(counters.requests)),
            ("paints", byPriority(counters.paints)),
            ("deferred", byPriority(counters.deferred)),
            ("latency_ms", .object(order.map { ($0.key, (counters.latency[$0] ?? LatencyHistogram()).json) })),
            ("ready_to_submit_ms", .object(order.prefix(2).map { ($0.key, (counters.readyLatency[$0] ?? LatencyHistogram()).json) })),
            ("input_paints_waited_max", .int(counters.inputPaintsWaitedMax)),
            ("throttled_passes", .int(counters.throttledPasses)),
            ("spawn_to_first_present_ms", spawnLatency.json),
        ])
    }

    /// The shared text atlas: glyphs rasterized (once each), its size, growths and evictions.
    static func textAtlasJSON(_ host: GpuHost) -> JSONValue {
        let caches = host.allResourceSets.compactMap { $0.existingTextAtlas?.cache }
        return .object([("rasterizations", .int(caches.reduce(0) { $0 + $1.rasterizations })),
                        ("glyphs", .int(caches.reduce(0) { $0 + $1.count })),
                        ("lookups", .int(caches.reduce(0) { $0 + $1.lookups })),
                        ("size", .int(caches.map(\.size).max() ?? 0)),
                        ("growths", .int(caches.reduce(0) { $0 + $1.growths })),
                        ("evictions", .int(caches.reduce(0) { $0 + $1.evictions })),
                        ("pixel_sizes", .array(Set(caches.flatMap(\.pixelSizes)).sorted().map { .int($0) }))])
    }

    /// The full-resolution intermediates of every resource set: sets alive, their bytes, and the
    /// most sets alive at once in any one resource set.
    static func transientsJSON(_ host: GpuHost) -> JSONValue {
        let all = host.allResourceSets.map(\.transients)
        return .object([("sets", .int(all.reduce(0) { $0 + $1.setCount })),
                        ("bytes", .unsigned(all.reduce(0) { $0 + $1.bytes })),
                        ("high_water", .int(all.map(\.highWater).max() ?? 0)),
                        ("leases", .int(all.reduce(0) { $0 + $1.leases }))])
    }

    /// The pools of every resource set, added up (one set in shared mode).
    static func pooled(_ all: [PoolStatistics]) -> PoolStatistics {
        all.reduce(into: PoolStatistics()) { total, one in
            total.hits += one.hits
            total.misses += one.misses
            total.exact += one.exact
            total.idleBytes += one.idleBytes
            total.pendingBytes += one.pendingBytes
            total.checkedOutBytes += one.checkedOutBytes
        }
    }
}

/// The process's own memory as the kernel accounts it.
enum ProcessMemory {
    /// Proportional set size (shared pages divided among their users), from
    /// /proc/self/smaps_rollup; nil where that file does not exist.
    static func proportionalSetSize() -> UInt64? {
        guard let text = try? String(contentsOfFile: "/proc/self/smaps_rollup", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("Pss:") {
            let kilobytes = line.split(separator: " ").dropFirst().first.flatMap { UInt64($0) }
            return kilobytes.map { $0 * 1024 }
        }
        return nil
    }
}

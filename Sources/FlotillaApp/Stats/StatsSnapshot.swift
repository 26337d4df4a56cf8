import FlotillaCore
import FlotillaGPU

/// Reads the counters (the ledger, the host, the windows) into one stats line.
enum StatsSnapshot {
    static func line(time: Double, mode: String, host: GpuHost, windows: [AppWindow],
                     scheduler: SchedulerCounters, spawnLatency: LatencyHistogram,
                     earlierValidationMessages: Int = 0) -> JSONValue {
        let ledger = host.memory.ledger
        let windowBytes = windows.map { (String($0.id.rawValue), JSONValue.unsigned(ledger.bytes(of: .window($0.id)))) }
        let swapchainBytes = windows.reduce(UInt64(0)) { $0 + ($1.gpu?.target.externalBytesEstimate ?? 0) }
        let categories = MemoryCategory.allCases.map { ($0.rawValue, JSONValue.unsigned(ledger.bytes(in: $0))) }
        // The driver's own view (VK_EXT_memory_budget), beside the ledger, where it exists.
        host.refreshMemoryBudget()
        let heaps = host.capabilities.memoryHeaps.compactMap { heap -> JSONValue? in
            guard let usage = heap.usage, let budget = heap.budget else { return nil }
            return .object([("usage", .unsigned(usage)), ("budget", .unsigned(budget)), ("size", .unsigned(heap.size)),
                            ("device_local", .bool(heap.deviceLocal))])
        }
        return .object([
            ("time_s", .number(time, decimals: 2)),
            ("frame", .int(windows.map(\.framesPresented).max() ?? 0)),
            ("mode", .string(mode)),
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
            ("scales", .object(windows.map { (String($0.id.rawValue), ($0.toplevel?.scale ?? .one).json) })),
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
            ("process", .object([("pss_bytes", .unsigned(ProcessMemory.proportionalSetSize() ?? 0))])),
            ("scheduler", schedulerJSON(scheduler, spawnLatency: spawnLatency)),
            ("validation_messages", .int(earlierValidationMessages + host.validationMessageCount)),
        ])
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

import CVulkan
import Dispatch
import FlotillaCore
import Logging
import Synchronization

/// Everything windows draw with besides their own targets: the streaming ring, the buffer and
/// texture pools, the samplers, the pipeline sets (per colour format) and the text atlas.
/// In shared mode the host has one, used by every window; `--isolated` gives each window its
/// own, charged to it and made without the pipeline cache: the per-window baseline that sharing is measured against, from the
/// same code.
public final class ResourceSet {
    public let owner: MemoryOwner
    /// Weak: the host owns its sets. It is there whenever a set makes something (pipelines, at
    /// run time); teardown, which the host runs from its deinit, needs only `clock` and `logger`.
    private weak var host: GpuHost?
    private let clock: SubmissionClock
    private let memory: DeviceMemory
    private let logger: Logger
    public let ring: RingBuffer
    public let bufferPool: BufferPool
    public let texturePool: TexturePool
    /// Full-resolution intermediates (the post scene's HDR image and bloom chain), lent in
    /// recording order to one frame at a time.
    public let transients: TransientTargets
    public let samplers: Samplers
    public let pipelineCache: PipelineCache?
    var pipelineSets: [VkFormat.RawValue: PipelineSet] = [:]
    var text: TextAtlas?
    private var destroyed = false
    /// A save failed once this run: later failures are not repeated in the log.
    /// Saves of the pipeline cache are written on a queue of their own: the loop never waits
    /// on a disk. A failure is said once a run.
    private let saves = DispatchQueue(label: "flotilla.pipeline-cache")
    private let savesInFlight = DispatchGroup()
    private let saveFailed = SaveFailure()

    private final class SaveFailure: Sendable {
        let said = Atomic<Bool>(false)
    }

    init(host: GpuHost, owner: MemoryOwner, usesPipelineCache: Bool) throws {
        self.host = host
        clock = host.clock
        memory = host.memory
        logger = host.logger
        self.owner = owner
        samplers = try Samplers(device: host.device)
        ring = RingBuffer(memory: host.memory, clock: host.clock, owner: owner, capacity: 1 << 20)
        bufferPool = BufferPool(memory: host.memory, clock: host.clock, owner: owner)
        texturePool = TexturePool(memory: host.memory, clock: host.clock, owner: owner)
        // A window's own renderer holds a set per frame in flight; the shared set holds one for all.
        transients = TransientTargets(memory: host.memory, clock: host.clock, owner: owner,
                                      sceneFormat: host.capabilities.hdrFormat,
                                      copies: owner == .shared ? 1 : WindowGPUState.framesInFlight)
        pipelineCache = usesPipelineCache
            ? try? PipelineCache(device: host.device, capabilities: host.capabilities, logger: host.logger) : nil
    }

    /// The pipeline set for a colour format, made on first use.
    public func pipelineSet(for format: VkFormat) throws -> PipelineSet {
        if let set = pipelineSets[format.rawValue] { return set }
        guard let host else { preconditionFailure("a pipeline set asked for after the host was gone") }
        let set = try PipelineSet(host: host, format: format, cache: pipelineCache?.cache)
        pipelineSets[format.rawValue] = set
        host.pipelinesCreated += PipelineSet.pipelineCount
        return set
    }

    /// Builds the pipeline sets for `formats` now (at start-up, or when an isolated window is
    /// made), so no paint (a key's, a new window's first) waits for shader compilation.
    public func prepare(formats: [VkFormat]) throws {
        for format in formats { _ = try pipelineSet(for: format) }
    }

    /// The text atlas if one was made (for statistics; does not make one).
    public var existingTextAtlas: TextAtlas? { text }

    /// The text atlas (the grid's glyphs, the overlay, the help), made on first use.
    public func textAtlas() throws -> TextAtlas {
        if let text { return text }
        let made = try TextAtlas(owner: owner)
        text = made
        return made
    }

    func reclaim(completed: UInt64, now: ContinuousClock.Instant = .now) {
        ring.reclaim(completed: completed)
        bufferPool.reclaim(completed: completed)
        texturePool.reclaim(completed: completed)
        transients.reclaim(completed: completed, now: now)
    }

    /// Writes the pipeline cache to disk (shared set only): the driver's data is copied out here,
    /// the file written on the save queue. A failure is one plain warning a run: the next saves
    /// fail the same way and say nothing more.
    public func savePipelineCache() {
        guard let pipelineCache else { return }
        let path = pipelineCache.path, logger = logger, failure = saveFailed
        let file: [UInt8]
        do {
            file = try pipelineCache.snapshot()
        } catch {
            Self.sayOnce(failure, logger, "cannot save the pipeline cache to \(path.path): \(PipelineCache.reason(error)); shaders will be compiled again next time")
            return
        }
        saves.async(group: savesInFlight) {
            do {
                try PipelineCache.write(file, to: path)
            } catch {
                Self.sayOnce(failure, logger, "cannot save the pipeline cache to \(path.path): \(PipelineCache.reason(error)); shaders will be compiled again next time")
            }
        }
    }

    /// Waits at most `timeout` for the saves under way (at teardown); false if one is still writing.
    @discardableResult
    public func finishPipelineCacheSaves(within timeout: Duration) -> Bool {
        savesInFlight.wait(timeout: .now() + .nanoseconds(Int(timeout / .nanoseconds(1)))) == .success
    }

    private static func sayOnce(_ failure: SaveFailure, _ logger: Logger, _ message: String) {
        guard !failure.said.exchange(true, ordering: .relaxed) else { return }
        logger.warning("\(message)")
    }

    /// Destroys everything; the caller made sure the GPU no longer uses any of it.
    public func destroy() {
        guard !destroyed else { return }
        destroyed = true
        // From the host's deinit `host` is nil already; the host drops its list itself then.
        host?.resourceSets.removeAll { $0 === self }
        for set in pipelineSets.values { set.destroy() }
        pipelineSets.removeAll()
        text?.destroy(after: clock.lastSubmitted)
        text = nil
        pipelineCache?.destroy()
        bufferPool.destroy()
        texturePool.destroy()
        transients.destroy()
        ring.destroy()
        samplers.destroy()
        // An isolated window's blocks serve nobody else; what is still alive in them (released
        // after the GPU) goes with the next trim.
        if owner != .shared { memory.releaseEmptyBlocks(of: owner) }
    }
}

extension GpuHost {
    /// The shared set and every isolated window's set.
    public var allResourceSets: [ResourceSet] { resourceSets }

    /// A private resource set for one window (`--isolated`).
    public func makeIsolatedResources(for owner: MemoryOwner) throws -> ResourceSet {
        let set = try ResourceSet(host: self, owner: owner, usesPipelineCache: false)
        resourceSets.append(set)
        return set
    }
}

/// The two samplers every window shares (what would be one per window and use becomes two for all).
public final class Samplers {
    public let linear: VkSampler
    public let nearest: VkSampler
    private let device: VkDevice

    init(device: VkDevice) throws {
        self.device = device
        linear = try Self.make(device, filter: VK_FILTER_LINEAR)
        do {
            nearest = try Self.make(device, filter: VK_FILTER_NEAREST)
        } catch {
            vkDestroySampler(device, linear, nil)
            throw error
        }
    }

    func destroy() {
        vkDestroySampler(device, linear, nil)
        vkDestroySampler(device, nearest, nil)
    }

    private static func make(_ device: VkDevice, filter: VkFilter) throws -> VkSampler {
        var info = VkSamplerCreateInfo()
        info.sType = VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO
        info.magFilter = filter
        info.minFilter = filter
        // Linear sampling is trilinear where an image has mipmaps (the image cache's).
        info.mipmapMode = filter == VK_FILTER_LINEAR ? VK_SAMPLER_MIPMAP_MODE_LINEAR : VK_SAMPLER_MIPMAP_MODE_NEAREST
        info.addressModeU = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE
        info.addressModeV = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE
        info.addressModeW = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE
        info.maxLod = filter == VK_FILTER_LINEAR ? VK_LOD_CLAMP_NONE : 0
        var sampler: VkSampler?
        try check(vkCreateSampler(device, &info, nil, &sampler), "vkCreateSampler")
        return sampler!
    }
}

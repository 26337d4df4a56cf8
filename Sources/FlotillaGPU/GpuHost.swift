import CVulkan
import FlotillaCore
import Logging

/// The one Vulkan instance, device and queue every window renders with, and everything shared
/// on top of them: device memory, the streaming ring, the pipeline sets, the GPU timeline and
/// the queue of releases waiting for it. Windows hold only small state that points here.
public final class GpuHost {
    public struct Configuration {
        /// Enables VK_KHR_surface and VK_KHR_wayland_surface; off for `--headless` and `info`
        /// without a compositor.
        public var presentsToWayland: Bool
        public var logger: Logger
        /// `--memory-budget`: the most device memory Flotilla allocates.
        public var memoryBudget: UInt64?
        /// Fault injection: the device-memory request that fails (1 = the first).
        public var failingAllocation: Int?
        /// Fault injection: when the host behaves as if the device were lost.
        public var deviceLoss: DeviceLossFault?
        /// Fault injection: the budget the driver pretends every device-local heap has.
        public var driverBudget: UInt64?
        /// Fault injection: seconds after which a present never returns, as a driver's or a
        /// compositor's that hangs would.
        public var presentBlocksAfter: Double?
        /// The Khronos validation layer with synchronization validation, enabled by the instance
        /// itself (the tests' hosts): no environment variable to set while other threads read it.
        public var validation: Bool

        public init(presentsToWayland: Bool, logger: Logger, validation: Bool = false) {
            self.presentsToWayland = presentsToWayland
            self.logger = logger
            self.validation = validation
        }
    }

    public let instance: VkInstance
    public let physicalDevice: VkPhysicalDevice
    public let device: VkDevice
    public let queue: VkQueue
    public let queueFamily: UInt32
    public internal(set) var capabilities: HostCapabilities
    public let memory: DeviceMemory
    /// The resources every window shares (in `--isolated` mode, only the windows' own sets are used).
    public private(set) var shared: ResourceSet!
    /// Windows' thumbnails, shared with the windows that show them (the overview).
    public let bridge = TextureBridge()
    /// Decoded images every window shares (the gallery's).
    public private(set) lazy var imageCache = ImageCache(memory: memory, clock: clock, logger: logger)
    /// Every live resource set: the shared one and isolated windows' ones.
    var resourceSets: [ResourceSet] = []
    let logger: Logger

    /// A timeline semaphore that every submission signals with the next serial: one clock of
    /// GPU progress for frame slots, the ring and deferred releases, without device-wide waits.
    let timeline: VkSemaphore
    /// The timeline read as serials; shared with the pools and resource sets.
    public let clock: SubmissionClock
    public var lastSubmittedSerial: UInt64 { clock.lastSubmitted }
    let commandPool: VkCommandPool
    /// Per recording thread, command pools for the windows' frames.
    let recordingPools: RecordingPools
    var deferred = DeferredQueue()
    let presentSemaphores: PresentSemaphores
    public internal(set) var pipelinesCreated = 0
    /// vkQueueSubmit2 and vkQueuePresentKHR calls, and passes that submitted frames.
    public internal(set) var submitCalls = 0
    public internal(set) var presentCalls = 0
    public internal(set) var passesSubmitted = 0
    /// Times the driver's budget (VK_EXT_memory_budget) was crossed past 90% on some heap.
    public internal(set) var driverBudgetWarnings = 0
    var overDriverBudget = false
    /// GPU time of passes (timestamp queries), where the queue has timestamps.
    let passTiming: PassTiming?
    /// GPU time of whole passes, and per window-frame (a pass's time over its frames).
    public var passGPUTime: LatencyHistogram? { passTiming?.passTime }
    public var windowFrameGPUTime: LatencyHistogram? { passTiming?.windowFrameTime }
    /// Where the passes' time went on the calling thread, summed: recording the windows' passes
    /// (on every recording thread at once), vkQueueSubmit2, vkQueuePresentKHR.
    public struct PassTimes: Sendable {
        public var record = Duration.zero
        public var submit = Duration.zero
        public var present = Duration.zero
    }
    public internal(set) var passTimes = PassTimes()
    /// Whether a FramePass is recording: its serial is taken, so nothing else may submit.
    var passOpen = false
    /// vkCmdPushDescriptorSetKHR, an extension entry point.
    var pushDescriptor: PFN_vkCmdPushDescriptorSetKHR!
    private var validation: ValidationMessenger?
    /// What the host was made with (a rebuilt host after a device loss is made the same way).
    public let configuration: Configuration
    let created = ContinuousClock.now

    public init(_ configuration: Configuration) throws {
        self.configuration = configuration
        logger = configuration.logger
        let created = try Self.makeInstance(presentsToWayland: configuration.presentsToWayland,
                                            validation: configuration.validation)
        instance = created.instance
        do {
            validation = try ValidationMessenger(instance: instance, logger: logger)
            let chosen = try Self.choosePhysicalDevice(instance)
            physicalDevice = chosen.device
            queueFamily = chosen.queueFamily
            let deviceExtensions = try Self.deviceExtensions(for: physicalDevice,
                                                             presentsToWayland: configuration.presentsToWayland)
            device = try Self.makeDevice(physicalDevice, queueFamily: queueFamily, extensions: deviceExtensions)
            capabilities = Self.readCapabilities(instance: created, physicalDevice: physicalDevice, queueFamily: queueFamily,
                                                 deviceExtensions: deviceExtensions)
        } catch {
            vkDestroyInstance(instance, nil)
            throw error
        }
        var queue: VkQueue?
        vkGetDeviceQueue(device, queueFamily, 0, &queue)
        self.queue = queue!
        // Until every stored property is set, a throw runs no deinit: what exists is destroyed
        // here, children before parents (semaphore, device, messenger, instance).
        do {
            let timeline = try Self.makeTimeline(device)
            self.timeline = timeline
            clock = SubmissionClock(device: device, semaphore: timeline)
            do {
                commandPool = try Self.makeCommandPool(device, queueFamily: queueFamily)
            } catch {
                vkDestroySemaphore(device, timeline, nil)
                throw error
            }
        } catch {
            vkDestroyDevice(device, nil)
            validation = nil
            vkDestroyInstance(instance, nil)
            throw error
        }
        presentSemaphores = PresentSemaphores(device: device)
        recordingPools = RecordingPools(device: device, queueFamily: queueFamily, clock: clock)
        passTiming = PassTiming(device: device, capabilities: capabilities)
        memory = DeviceMemory(device: device, physicalDevice: physicalDevice, capabilities: capabilities, clock: clock)
        memory.budget = configuration.memoryBudget
        memory.failingAllocation = configuration.failingAllocation
        pushDescriptor = unsafeBitCast(vkGetDeviceProcAddr(device, "vkCmdPushDescriptorSetKHR"),
                                       to: PFN_vkCmdPushDescriptorSetKHR?.self)
        // From here a throw runs deinit, which tears down what exists (no shared set included).
        memory.relieve = { [weak self] in self?.releaseIdleMemory() }
        shared = try ResourceSet(host: self, owner: .shared, usesPipelineCache: true)
        resourceSets.append(shared)
        refreshMemoryBudget()
        logger.info("GPU host: \(capabilities.deviceName) (\(capabilities.driverName), Vulkan \(capabilities.apiVersionText))")
    }

    /// Teardown is the one place that waits for the whole device: every window is gone and
    /// the program is ending. The order is the reverse of creation.
    deinit {
        vkDeviceWaitIdle(device)
        // Thumbnails go back to their pools while those still exist.
        bridge.withdrawAll(after: lastSubmittedSerial)
        imageCache.destroyAll()
        deferred.drainAll()
        // nil when making it threw during init. A lost device's cache is not trusted.
        if !isLost {
            shared?.savePipelineCache()
            // The last save is waited for, a little: a disk that does not answer does not hold the exit.
            if shared?.finishPipelineCacheSaves(within: .seconds(2)) == false {
                logger.warning("the pipeline cache was still being written after 2 s; it may be missing next time")
            }
        }
        for set in resourceSets { set.destroy() }
        memory.destroy()
        presentSemaphores.destroy()
        recordingPools.destroy()
        passTiming?.destroy()
        vkDestroyCommandPool(device, commandPool, nil)
        vkDestroySemaphore(device, timeline, nil)
        vkDestroyDevice(device, nil)
        // The messenger is a child of the instance: it must be destroyed before it.
        validation = nil
        vkDestroyInstance(instance, nil)
        if isLost { logger.info("the lost device and its instance are destroyed") }
    }

    /// Validation warnings and errors seen so far (0 without the layer).
    public var validationMessageCount: Int { validation?.messageCount ?? 0 }
}

import CVulkan

/// What the device can do and what Flotilla uses of it: printed by `flotilla info`, read by
/// the pools to honour alignments.
public struct HostCapabilities: Sendable {
    public struct MemoryHeap: Sendable {
        public let size: UInt64
        public let deviceLocal: Bool
        /// From VK_EXT_memory_budget where the driver has it (NVIDIA does, lavapipe does not).
        public var usage: UInt64?
        public var budget: UInt64?
    }

    public let instanceVersion: UInt32
    public let deviceName: String
    public let deviceType: String
    public let vendorID: UInt32
    public let deviceID: UInt32
    public let apiVersion: UInt32
    public let driverName: String
    public let driverInfo: String
    public let pipelineCacheUUID: [UInt8]
    public var memoryHeaps: [MemoryHeap]
    public let instanceLayers: [String]
    public let instanceExtensions: [String]
    public let deviceExtensions: [String]
    public let hasMemoryBudget: Bool
    public let maxImageDimension2D: UInt32
    public let nonCoherentAtomSize: UInt64
    public let bufferImageGranularity: UInt64
    /// Nanoseconds per timestamp tick, and the bits the queue's timestamps carry (0: none).
    public let timestampPeriod: Float
    public let timestampValidBits: UInt32
    /// The format of full-resolution HDR intermediates (the post scene's image):
    /// B10G11R11_UFLOAT_PACK32 where the device renders, blends and filters it (32 bits a pixel:
    /// half the bytes and, on GPUs whose pixel back ends write 64-bit pixels at half rate, twice
    /// the fill of RGBA16F), else R16G16B16A16_SFLOAT, which every device must offer so.
    public let hdrFormat: VkFormat

    /// Whether frames can be timed on the GPU (timestamp queries on the graphics queue).
    public var hasTimestamps: Bool { timestampValidBits > 0 && timestampPeriod > 0 }

    public var apiVersionText: String { apiVersion.apiVersionString }
    public var instanceVersionText: String { instanceVersion.apiVersionString }

    static func typeName(_ type: VkPhysicalDeviceType) -> String {
        switch type {
        case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: "discrete GPU"
        case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: "integrated GPU"
        case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: "virtual GPU"
        case VK_PHYSICAL_DEVICE_TYPE_CPU: "CPU (software)"
        default: "other"
        }
    }
}

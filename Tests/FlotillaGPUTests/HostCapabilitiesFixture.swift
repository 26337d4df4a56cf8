import CVulkan
@testable import FlotillaGPU

enum HostCapabilitiesFixture {
    static func make() -> HostCapabilities {
        HostCapabilities(instanceVersion: 0, deviceName: "test", deviceType: "CPU", vendorID: 0x10005, deviceID: 7,
                         apiVersion: 0, driverName: "", driverInfo: "", pipelineCacheUUID: Array(0..<16),
                         memoryHeaps: [], instanceLayers: [], instanceExtensions: [], deviceExtensions: [],
                         hasMemoryBudget: false, maxImageDimension2D: 16384, nonCoherentAtomSize: 64,
                         bufferImageGranularity: 1, timestampPeriod: 1, timestampValidBits: 64,
                         hdrFormat: VK_FORMAT_R16G16B16A16_SFLOAT)
    }
}

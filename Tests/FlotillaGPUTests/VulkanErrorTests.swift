import CVulkan
@testable import FlotillaGPU
import Testing

/// Every failed Vulkan call becomes one VulkanError whose text names the call and the result by
/// its Vulkan name (the line a user sees); device loss is told apart from every other failure.
@Suite struct VulkanErrorTests {
    @Test func theMessageNamesTheCallAndTheResult() {
        #expect("\(VulkanError(operation: "vkAllocateMemory(64 MiB)", result: VK_ERROR_OUT_OF_DEVICE_MEMORY))"
                == "vkAllocateMemory(64 MiB) failed: VK_ERROR_OUT_OF_DEVICE_MEMORY")
        #expect(VulkanError.name(of: VK_ERROR_OUT_OF_DATE_KHR) == "VK_ERROR_OUT_OF_DATE_KHR")
        #expect(VulkanError.name(of: VkResult(rawValue: -1_000_161_000)) == "VkResult(-1000161000)")
    }

    @Test func onlyDeviceLossAsksForANewHost() {
        #expect(VulkanError.deviceLost(VulkanError(operation: "vkQueueSubmit2", result: VK_ERROR_DEVICE_LOST)) != nil)
        #expect(VulkanError.deviceLost(VulkanError(operation: "vkQueueSubmit2", result: VK_ERROR_OUT_OF_HOST_MEMORY)) == nil)
        #expect(VulkanError.deviceLost(CancellationError()) == nil)
    }

    @Test func checkThrowsForAnythingButSuccess() {
        #expect(throws: Never.self) { try check(VK_SUCCESS, "vkCreateBuffer") }
        #expect(throws: VulkanError.self) { try check(VK_TIMEOUT, "vkWaitSemaphores") }
        #expect((0x0040_30E6 as UInt32).apiVersionString == "1.3.230", "VK_MAKE_API_VERSION(0, 1, 3, 230)")
    }
}

import CVulkan
import FlotillaCore

extension SwapchainTarget {
    /// An sRGB format, so shaders write linear light; B8G8R8A8 first, as every Wayland driver has it.
    static func chooseFormat(_ device: VkPhysicalDevice, _ surface: VkSurfaceKHR) throws -> (VkFormat, VkColorSpaceKHR) {
        var count: UInt32 = 0
        try check(vkGetPhysicalDeviceSurfaceFormatsKHR(device, surface, &count, nil), "vkGetPhysicalDeviceSurfaceFormatsKHR")
        var formats = [VkSurfaceFormatKHR](repeating: VkSurfaceFormatKHR(), count: Int(count))
        try check(vkGetPhysicalDeviceSurfaceFormatsKHR(device, surface, &count, &formats), "vkGetPhysicalDeviceSurfaceFormatsKHR")
        let preferred = [VK_FORMAT_B8G8R8A8_SRGB, VK_FORMAT_R8G8B8A8_SRGB]
        for wanted in preferred {
            if let match = formats.first(where: { $0.format == wanted && $0.colorSpace == VK_COLOR_SPACE_SRGB_NONLINEAR_KHR }) {
                return (match.format, match.colorSpace)
            }
        }
        guard let first = formats.first else {
            throw VulkanError(operation: "vkGetPhysicalDeviceSurfaceFormatsKHR (no formats)", result: VK_ERROR_FORMAT_NOT_SUPPORTED)
        }
        return (first.format, first.colorSpace)
    }

    /// MAILBOX where offered: present never blocks, and the wl_surface frame callbacks pace
    /// drawing. FIFO (always present) otherwise; frame callbacks keep it from blocking too.
    static func choosePresentMode(_ device: VkPhysicalDevice, _ surface: VkSurfaceKHR) throws -> VkPresentModeKHR {
        var count: UInt32 = 0
        try check(vkGetPhysicalDeviceSurfacePresentModesKHR(device, surface, &count, nil), "vkGetPhysicalDeviceSurfacePresentModesKHR")
        var modes = [VkPresentModeKHR](repeating: VK_PRESENT_MODE_FIFO_KHR, count: Int(count))
        try check(vkGetPhysicalDeviceSurfacePresentModesKHR(device, surface, &count, &modes), "vkGetPhysicalDeviceSurfacePresentModesKHR")
        return modes.contains(VK_PRESENT_MODE_MAILBOX_KHR) ? VK_PRESENT_MODE_MAILBOX_KHR : VK_PRESENT_MODE_FIFO_KHR
    }

    /// Wayland leaves the size to the client (currentExtent is 0xFFFFFFFF); otherwise the
    /// surface's size wins. Either way it is clamped to what the surface allows.
    static func extent(for wanted: Extent, _ capabilities: VkSurfaceCapabilitiesKHR) -> Extent {
        if capabilities.currentExtent.width != UInt32.max {
            return Extent(width: Int(capabilities.currentExtent.width), height: Int(capabilities.currentExtent.height))
        }
        let low = capabilities.minImageExtent, high = capabilities.maxImageExtent
        return Extent(width: min(max(wanted.width, Int(low.width), 1), Int(high.width)),
                      height: min(max(wanted.height, Int(low.height), 1), Int(high.height)))
    }

    static func compositeAlpha(_ supported: VkCompositeAlphaFlagsKHR) -> VkCompositeAlphaFlagBitsKHR {
        for candidate in [VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR, VK_COMPOSITE_ALPHA_INHERIT_BIT_KHR,
                          VK_COMPOSITE_ALPHA_PRE_MULTIPLIED_BIT_KHR, VK_COMPOSITE_ALPHA_POST_MULTIPLIED_BIT_KHR]
        where supported & VkCompositeAlphaFlagsKHR(candidate.rawValue) != 0 {
            return candidate
        }
        return VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR
    }
}

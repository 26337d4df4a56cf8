import CVulkan
import FlotillaCore
@testable import FlotillaGPU
import Testing

/// What a swapchain is made with, from what the surface allows: Wayland leaves the size to the
/// client (currentExtent 0xFFFFFFFF), which is clamped to the surface's limits and never 0;
/// another platform's fixed size wins; opaque composition is preferred.
@Suite struct SwapchainChoicesTests {
    private func capabilities(current: (UInt32, UInt32), min: (UInt32, UInt32) = (1, 1),
                              max: (UInt32, UInt32) = (16384, 16384)) -> VkSurfaceCapabilitiesKHR {
        var capabilities = VkSurfaceCapabilitiesKHR()
        capabilities.currentExtent = VkExtent2D(width: current.0, height: current.1)
        capabilities.minImageExtent = VkExtent2D(width: min.0, height: min.1)
        capabilities.maxImageExtent = VkExtent2D(width: max.0, height: max.1)
        return capabilities
    }

    @Test func onWaylandTheWantedSizeIsClampedToTheSurfacesLimits() {
        let wayland = capabilities(current: (.max, .max), min: (4, 4), max: (4096, 2048))
        #expect(SwapchainTarget.extent(for: Extent(width: 800, height: 600), wayland) == Extent(width: 800, height: 600))
        #expect(SwapchainTarget.extent(for: Extent(width: 100_000, height: 100_000), wayland) == Extent(width: 4096, height: 2048))
        #expect(SwapchainTarget.extent(for: Extent(width: 0, height: 2), wayland) == Extent(width: 4, height: 4))
        let unlimited = capabilities(current: (.max, .max), min: (0, 0))
        #expect(SwapchainTarget.extent(for: Extent(width: 0, height: 0), unlimited) == Extent(width: 1, height: 1),
                "never a zero-sized swapchain")
    }

    @Test func aFixedSurfaceSizeWins() {
        let fixed = capabilities(current: (640, 480))
        #expect(SwapchainTarget.extent(for: Extent(width: 800, height: 600), fixed) == Extent(width: 640, height: 480))
    }

    @Test func opaqueCompositionIsPreferredThenInheritThenPremultiplied() {
        func flags(_ bits: VkCompositeAlphaFlagBitsKHR...) -> VkCompositeAlphaFlagsKHR {
            bits.reduce(0) { $0 | VkCompositeAlphaFlagsKHR($1.rawValue) }
        }
        #expect(SwapchainTarget.compositeAlpha(flags(VK_COMPOSITE_ALPHA_PRE_MULTIPLIED_BIT_KHR, VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR))
                == VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR)
        #expect(SwapchainTarget.compositeAlpha(flags(VK_COMPOSITE_ALPHA_PRE_MULTIPLIED_BIT_KHR, VK_COMPOSITE_ALPHA_INHERIT_BIT_KHR))
                == VK_COMPOSITE_ALPHA_INHERIT_BIT_KHR)
        #expect(SwapchainTarget.compositeAlpha(flags(VK_COMPOSITE_ALPHA_POST_MULTIPLIED_BIT_KHR, VK_COMPOSITE_ALPHA_PRE_MULTIPLIED_BIT_KHR))
                == VK_COMPOSITE_ALPHA_PRE_MULTIPLIED_BIT_KHR)
    }
}

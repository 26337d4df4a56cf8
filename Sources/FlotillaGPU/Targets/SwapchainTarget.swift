import CVulkan
import FlotillaCore

/// A window's swapchain on its Wayland surface. Acquire never waits (timeout 0): a compositor
/// may hold a hidden window's buffers for ever, and one thread serves every window.
public final class SwapchainTarget: SurfaceTarget {
    private struct Chain {
        let swapchain: VkSwapchainKHR
        let images: [VkImage]
        let views: [VkImageView]
        /// One per image: a present waits on its image's semaphore, which is therefore not
        /// reused until that image is acquired again. From the host's PresentSemaphores.
        let renderFinished: [VkSemaphore]
    }

    private let host: GpuHost
    private let surface: VkSurfaceKHR
    private var chain: Chain?
    /// Chains replaced by a resize, each with the serial after which no frame uses it. Kept
    /// here rather than in the host's deferred queue: they must all be gone before the surface.
    private var retired: [(serial: UInt64, chain: Chain)] = []
    public private(set) var extent: Extent
    public private(set) var canCopyFrom = false
    public let format: VkFormat
    private let colorSpace: VkColorSpaceKHR
    public let presentMode: VkPresentModeKHR
    public var replacesUnshownFrames: Bool { presentMode == VK_PRESENT_MODE_MAILBOX_KHR }

    /// `surface` is the window's wl_surface on its wl_display; the window keeps both alive
    /// for longer than this target (it destroys the target first).
    public init(host: GpuHost, surface waylandSurface: WaylandSurfaceHandle, extent: Extent) throws {
        self.host = host
        var info = VkWaylandSurfaceCreateInfoKHR()
        info.sType = VK_STRUCTURE_TYPE_WAYLAND_SURFACE_CREATE_INFO_KHR
        info.display = waylandSurface.display
        info.surface = waylandSurface.surface
        var surface: VkSurfaceKHR?
        try check(vkCreateWaylandSurfaceKHR(host.instance, &info, nil, &surface), "vkCreateWaylandSurfaceKHR")
        self.surface = surface!
        do {
            var supported = VkBool32(VK_FALSE)
            try check(vkGetPhysicalDeviceSurfaceSupportKHR(host.physicalDevice, host.queueFamily, surface, &supported),
                      "vkGetPhysicalDeviceSurfaceSupportKHR")
            guard supported == VkBool32(VK_TRUE) else {
                throw VulkanError(operation: "presenting to a Wayland surface from the graphics queue",
                                  result: VK_ERROR_FEATURE_NOT_PRESENT)
            }
            (format, colorSpace) = try Self.chooseFormat(host.physicalDevice, surface!)
            presentMode = try Self.choosePresentMode(host.physicalDevice, surface!)
            self.extent = extent
            try rebuild(extent)
        } catch {
            vkDestroySurfaceKHR(host.instance, surface, nil)
            throw error
        }
    }

    public var finalLayout: VkImageLayout { VK_IMAGE_LAYOUT_PRESENT_SRC_KHR }

    public var externalBytesEstimate: UInt64 {
        UInt64(extent.width * extent.height * 4 * (chain?.images.count ?? 0))
    }

    public func acquire(signalling semaphore: VkSemaphore) throws -> AcquireOutcome {
        reclaimRetired(completed: host.completedSerial())
        guard let chain else { return .outOfDate }
        var index: UInt32 = 0
        let result = vkAcquireNextImageKHR(host.device, chain.swapchain, 0, semaphore, nil, &index)
        switch result {
        case VK_SUCCESS, VK_SUBOPTIMAL_KHR:
            let position = Int(index)
            return .image(TargetImage(index: position, image: chain.images[position], view: chain.views[position],
                                      renderFinished: chain.renderFinished[position], waitsForAcquire: true))
        case VK_NOT_READY, VK_TIMEOUT:
            return .notReady
        case VK_ERROR_OUT_OF_DATE_KHR:
            return .outOfDate
        default:
            throw VulkanError(operation: "vkAcquireNextImageKHR", result: result)
        }
    }

    public func presentRequest(for image: TargetImage) -> PresentRequest? {
        guard let chain, let wait = image.renderFinished else { return nil }
        return PresentRequest(swapchain: chain.swapchain, index: UInt32(image.index), wait: wait)
    }

    public func presented(_ image: TargetImage, result: VkResult) throws -> PresentOutcome {
        // No chain: nothing was presented (the pass had no request for it).
        guard chain != nil else { return .outOfDate }
        switch result {
        case VK_SUCCESS: return .presented
        case VK_SUBOPTIMAL_KHR: return .presentedSuboptimal
        case VK_ERROR_OUT_OF_DATE_KHR: return .outOfDate
        default: throw VulkanError(operation: "vkQueuePresentKHR", result: result)
        }
    }

    public func resize(to extent: Extent) throws {
        try rebuild(extent)
    }

    public func destroy() {
        retire(chain)
        chain = nil
        reclaimRetired(completed: .max)
        // Every swapchain made on the surface must be destroyed before it.
        vkDestroySurfaceKHR(host.instance, surface, nil)
    }

    /// Makes a new swapchain (handing the old one in, as the spec allows for a smooth resize)
    /// and destroys the old one once the frames that used it are done: no device-wide wait.
    private func rebuild(_ wanted: Extent) throws {
        var capabilities = VkSurfaceCapabilitiesKHR()
        try check(vkGetPhysicalDeviceSurfaceCapabilitiesKHR(host.physicalDevice, surface, &capabilities),
                  "vkGetPhysicalDeviceSurfaceCapabilitiesKHR")
        extent = Self.extent(for: wanted, capabilities)
        var minimumImages = max(capabilities.minImageCount, 2)
        if capabilities.maxImageCount > 0 { minimumImages = min(minimumImages, capabilities.maxImageCount) }

        var info = VkSwapchainCreateInfoKHR()
        info.sType = VK_STRUCTURE_TYPE_SWAPCHAIN_CREATE_INFO_KHR
        info.surface = surface
        info.minImageCount = minimumImages
        info.imageFormat = format
        info.imageColorSpace = colorSpace
        info.imageExtent = VkExtent2D(width: UInt32(extent.width), height: UInt32(extent.height))
        info.imageArrayLayers = 1
        // Copies out of the presented image (thumbnails for the overview, screenshots) need
        // TRANSFER_SRC, which Wayland drivers offer; without it those copies are skipped.
        canCopyFrom = capabilities.supportedUsageFlags & VK_IMAGE_USAGE_TRANSFER_SRC_BIT.rawValue != 0
        info.imageUsage = VkImageUsageFlags(VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT.rawValue)
            | (canCopyFrom ? VkImageUsageFlags(VK_IMAGE_USAGE_TRANSFER_SRC_BIT.rawValue) : 0)
        info.imageSharingMode = VK_SHARING_MODE_EXCLUSIVE
        info.preTransform = capabilities.currentTransform
        info.compositeAlpha = Self.compositeAlpha(capabilities.supportedCompositeAlpha)
        info.presentMode = presentMode
        info.clipped = VkBool32(VK_TRUE)
        info.oldSwapchain = chain?.swapchain
        var swapchain: VkSwapchainKHR?
        try check(vkCreateSwapchainKHR(host.device, &info, nil, &swapchain), "vkCreateSwapchainKHR(\(extent))")
        let old = chain
        chain = nil
        retire(old)

        var count: UInt32 = 0
        try check(vkGetSwapchainImagesKHR(host.device, swapchain, &count, nil), "vkGetSwapchainImagesKHR")
        var images = [VkImage?](repeating: nil, count: Int(count))
        try check(vkGetSwapchainImagesKHR(host.device, swapchain, &count, &images), "vkGetSwapchainImagesKHR")
        var views: [VkImageView] = []
        var semaphores: [VkSemaphore] = []
        for case let image? in images {
            views.append(try host.memory.makeColorView(image, format: format))
            semaphores.append(try host.presentSemaphores.take(completed: host.completedSerial()))
        }
        chain = Chain(swapchain: swapchain!, images: images.compactMap { $0 }, views: views, renderFinished: semaphores)
    }

    private func retire(_ old: Chain?) {
        guard let old else { return }
        retired.append((host.lastSubmittedSerial, old))
    }

    private func reclaimRetired(completed: UInt64) {
        while let first = retired.first, first.serial <= completed {
            retired.removeFirst()
            first.chain.views.forEach { vkDestroyImageView(host.device, $0, nil) }
            vkDestroySwapchainKHR(host.device, first.chain.swapchain, nil)
            // Reusable once a submission made after this chain's last present completes.
            host.presentSemaphores.recycle(first.chain.renderFinished, after: host.nextSerial)
        }
    }
}

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

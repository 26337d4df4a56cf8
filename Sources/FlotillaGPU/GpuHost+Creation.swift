import CVulkan
import FlotillaCore
import Foundation

/// Why no GPU host could be made, worded for the one-line error the user sees.
public enum GpuHostError: Error, CustomStringConvertible {
    case noDriver(VulkanError)
    case noSuitableDevice(found: [String])
    case missingInstanceExtension(String)
    case noValidationLayer

    public var description: String {
        switch self {
        case .noDriver(let error):
            "no Vulkan driver found (\(error)); install your GPU's Vulkan driver or mesa-vulkan-drivers"
        case .noSuitableDevice(let found) where found.isEmpty:
            "no Vulkan device found; install your GPU's Vulkan driver or mesa-vulkan-drivers"
        case .noSuitableDevice(let found):
            "no Vulkan 1.3 device with a graphics queue (found: \(found.joined(separator: ", ")))"
        case .noValidationLayer:
            "validation was asked for, but VK_LAYER_KHRONOS_validation is not installed (vulkan-validationlayers)"
        case .missingInstanceExtension(let name):
            "the Vulkan driver lacks \(name), needed to draw into Wayland windows"
        }
    }
}

extension GpuHost {
    struct CreatedInstance {
        let instance: VkInstance
        let version: UInt32
        let layers: [String]
        let extensions: [String]
    }

    static let requiredAPIVersion = flotilla_vk_make_api_version(0, 1, 3, 0)

    static let validationLayer = "VK_LAYER_KHRONOS_validation"

    static func makeInstance(presentsToWayland: Bool, validation: Bool = false) throws -> CreatedInstance {
        var version: UInt32 = 0
        if vkEnumerateInstanceVersion(&version) != VK_SUCCESS { version = flotilla_vk_make_api_version(0, 1, 0, 0) }

        var count: UInt32 = 0
        let enumerated = vkEnumerateInstanceExtensionProperties(nil, &count, nil)
        if enumerated != VK_SUCCESS {
            throw GpuHostError.noDriver(VulkanError(operation: "vkEnumerateInstanceExtensionProperties", result: enumerated))
        }
        var properties = [VkExtensionProperties](repeating: VkExtensionProperties(), count: Int(count))
        try check(vkEnumerateInstanceExtensionProperties(nil, &count, &properties), "vkEnumerateInstanceExtensionProperties")
        let available = Set(properties.prefix(Int(count)).map { string(fromCCharTuple: $0.extensionName) })

        var extensions: [String] = []
        if presentsToWayland {
            for name in ["VK_KHR_surface", "VK_KHR_wayland_surface"] {
                guard available.contains(name) else { throw GpuHostError.missingInstanceExtension(name) }
                extensions.append(name)
            }
        }
        if available.contains("VK_EXT_debug_utils") { extensions.append("VK_EXT_debug_utils") }
        // Validation asked for by the host's configuration: the layer, and its synchronization
        // checks through VK_EXT_validation_features, which the layer itself provides.
        var enabledLayers: [String] = []
        var validationFeatures = VkValidationFeaturesEXT()
        var synchronization = VK_VALIDATION_FEATURE_ENABLE_SYNCHRONIZATION_VALIDATION_EXT
        if validation {
            guard layerExtensions(validationLayer) != nil else { throw GpuHostError.noValidationLayer }
            enabledLayers = [validationLayer]
            if layerExtensions(validationLayer)?.contains("VK_EXT_validation_features") == true {
                extensions.append("VK_EXT_validation_features")
                validationFeatures.sType = VK_STRUCTURE_TYPE_VALIDATION_FEATURES_EXT
                validationFeatures.enabledValidationFeatureCount = 1
            }
        }

        var application = VkApplicationInfo()
        application.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO
        application.apiVersion = requiredAPIVersion
        application.applicationVersion = 1
        var instance: VkInstance?
        let chainsFeatures = validationFeatures.sType == VK_STRUCTURE_TYPE_VALIDATION_FEATURES_EXT
        let result = "Flotilla".withCString { name in
            application.pApplicationName = name
            application.pEngineName = name
            return withUnsafePointer(to: &application) { applicationPointer in
                withCStringArray(extensions) { extensionNames in
                    withCStringArray(enabledLayers) { layerNames in
                        withUnsafePointer(to: &synchronization) { feature in
                            validationFeatures.pEnabledValidationFeatures = feature
                            return withUnsafePointer(to: &validationFeatures) { features in
                                var info = VkInstanceCreateInfo()
                                info.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO
                                info.pNext = chainsFeatures ? UnsafeRawPointer(features) : nil
                                info.pApplicationInfo = applicationPointer
                                info.enabledExtensionCount = UInt32(extensions.count)
                                info.ppEnabledExtensionNames = extensionNames
                                info.enabledLayerCount = UInt32(enabledLayers.count)
                                info.ppEnabledLayerNames = layerNames
                                return vkCreateInstance(&info, nil, &instance)
                            }
                        }
                    }
                }
            }
        }
        guard result == VK_SUCCESS, let instance else {
            let error = VulkanError(operation: "vkCreateInstance", result: result)
            if result == VK_ERROR_INCOMPATIBLE_DRIVER || result == VK_ERROR_INITIALIZATION_FAILED {
                throw GpuHostError.noDriver(error)
            }
            throw error
        }
        // Layers come from the configuration or the environment (VK_INSTANCE_LAYERS); report what was asked for.
        let layers = enabledLayers + (ProcessInfo.processInfo.environment["VK_INSTANCE_LAYERS"] ?? "")
            .split(separator: ":").map(String.init).filter { !enabledLayers.contains($0) }
        return CreatedInstance(instance: instance, version: version, layers: layers, extensions: extensions)
    }

    /// The instance extensions `layer` provides; nil if the layer is not installed.
    static func layerExtensions(_ layer: String) -> [String]? {
        var count: UInt32 = 0
        guard vkEnumerateInstanceExtensionProperties(layer, &count, nil) == VK_SUCCESS else { return nil }
        var properties = [VkExtensionProperties](repeating: VkExtensionProperties(), count: Int(count))
        guard vkEnumerateInstanceExtensionProperties(layer, &count, &properties) == VK_SUCCESS else { return nil }
        return properties.prefix(Int(count)).map { string(fromCCharTuple: $0.extensionName) }
    }

    static func choosePhysicalDevice(_ instance: VkInstance) throws -> (device: VkPhysicalDevice, queueFamily: UInt32) {
        var count: UInt32 = 0
        try check(vkEnumeratePhysicalDevices(instance, &count, nil), "vkEnumeratePhysicalDevices")
        var devices = [VkPhysicalDevice?](repeating: nil, count: Int(count))
        try check(vkEnumeratePhysicalDevices(instance, &count, &devices), "vkEnumeratePhysicalDevices")

        func rank(_ type: VkPhysicalDeviceType) -> Int {
            switch type {
            case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: 0
            case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: 1
            case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: 2
            case VK_PHYSICAL_DEVICE_TYPE_CPU: 3
            default: 4
            }
        }
        var candidates: [(device: VkPhysicalDevice, family: UInt32, rank: Int)] = []
        var names: [String] = []
        for case let device? in devices.prefix(Int(count)) {
            var properties = VkPhysicalDeviceProperties()
            vkGetPhysicalDeviceProperties(device, &properties)
            names.append(string(fromCCharTuple: properties.deviceName))
            guard properties.apiVersion >= requiredAPIVersion, let family = graphicsQueueFamily(device) else { continue }
            candidates.append((device, family, rank(properties.deviceType)))
        }
        guard let best = candidates.min(by: { $0.rank < $1.rank }) else {
            throw GpuHostError.noSuitableDevice(found: names)
        }
        return (best.device, best.family)
    }

    private static func graphicsQueueFamily(_ device: VkPhysicalDevice) -> UInt32? {
        var count: UInt32 = 0
        vkGetPhysicalDeviceQueueFamilyProperties(device, &count, nil)
        var families = [VkQueueFamilyProperties](repeating: VkQueueFamilyProperties(), count: Int(count))
        vkGetPhysicalDeviceQueueFamilyProperties(device, &count, &families)
        return families.firstIndex { $0.queueFlags & VkQueueFlags(VK_QUEUE_GRAPHICS_BIT.rawValue) != 0 }
            .map(UInt32.init)
    }

    static func deviceExtensions(for device: VkPhysicalDevice, presentsToWayland: Bool) throws -> [String] {
        var count: UInt32 = 0
        try check(vkEnumerateDeviceExtensionProperties(device, nil, &count, nil), "vkEnumerateDeviceExtensionProperties")
        var properties = [VkExtensionProperties](repeating: VkExtensionProperties(), count: Int(count))
        try check(vkEnumerateDeviceExtensionProperties(device, nil, &count, &properties),
                  "vkEnumerateDeviceExtensionProperties")
        let available = Set(properties.prefix(Int(count)).map { string(fromCCharTuple: $0.extensionName) })
        // Push descriptors: a draw's texture is bound without descriptor pools or sets per window.
        guard available.contains("VK_KHR_push_descriptor") else {
            throw GpuHostError.noSuitableDevice(found: ["(the device lacks VK_KHR_push_descriptor)"])
        }
        var extensions = ["VK_KHR_push_descriptor"]
        if presentsToWayland { extensions.append("VK_KHR_swapchain") }
        if available.contains("VK_EXT_memory_budget") { extensions.append("VK_EXT_memory_budget") }
        return extensions
    }

    static func makeDevice(_ physicalDevice: VkPhysicalDevice, queueFamily: UInt32, extensions: [String]) throws -> VkDevice {
        // Dynamic rendering (no render passes or framebuffers), synchronization2, timeline
        // semaphores and maintenance4 (glslc's Vulkan 1.3 compute shaders declare their workgroup
        // size with LocalSizeId, which needs it): all core in Vulkan 1.3 and required of every
        // 1.3 device, which the chosen device is.
        var features13 = VkPhysicalDeviceVulkan13Features()
        features13.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES
        features13.dynamicRendering = VkBool32(VK_TRUE)
        features13.synchronization2 = VkBool32(VK_TRUE)
        features13.maintenance4 = VkBool32(VK_TRUE)
        var features12 = VkPhysicalDeviceVulkan12Features()
        features12.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES
        features12.timelineSemaphore = VkBool32(VK_TRUE)
        var priority: Float = 1
        var device: VkDevice?
        let result = withUnsafeMutablePointer(to: &features13) { features13Pointer in
            features12.pNext = UnsafeMutableRawPointer(features13Pointer)
            return withUnsafeMutablePointer(to: &features12) { features12Pointer in
                withUnsafePointer(to: &priority) { priorityPointer in
                    var queueInfo = VkDeviceQueueCreateInfo()
                    queueInfo.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO
                    queueInfo.queueFamilyIndex = queueFamily
                    queueInfo.queueCount = 1
                    queueInfo.pQueuePriorities = priorityPointer
                    return withUnsafePointer(to: &queueInfo) { queueInfoPointer in
                        withCStringArray(extensions) { extensionNames in
                            var info = VkDeviceCreateInfo()
                            info.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO
                            info.pNext = UnsafeRawPointer(features12Pointer)
                            info.queueCreateInfoCount = 1
                            info.pQueueCreateInfos = queueInfoPointer
                            info.enabledExtensionCount = UInt32(extensions.count)
                            info.ppEnabledExtensionNames = extensionNames
                            return vkCreateDevice(physicalDevice, &info, nil, &device)
                        }
                    }
                }
            }
        }
        try check(result, "vkCreateDevice")
        return device!
    }

    static func makeTimeline(_ device: VkDevice) throws -> VkSemaphore {
        var type = VkSemaphoreTypeCreateInfo()
        type.sType = VK_STRUCTURE_TYPE_SEMAPHORE_TYPE_CREATE_INFO
        type.semaphoreType = VK_SEMAPHORE_TYPE_TIMELINE
        type.initialValue = 0
        var semaphore: VkSemaphore?
        let result = withUnsafePointer(to: &type) { typePointer in
            var info = VkSemaphoreCreateInfo()
            info.sType = VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO
            info.pNext = UnsafeRawPointer(typePointer)
            return vkCreateSemaphore(device, &info, nil, &semaphore)
        }
        try check(result, "vkCreateSemaphore(timeline)")
        return semaphore!
    }

    /// A command pool whose buffers are reset one by one (the host's), or, `transient`, all at
    /// once with the pool (a recording thread's, per pass).
    static func makeCommandPool(_ device: VkDevice, queueFamily: UInt32, transient: Bool = false) throws -> VkCommandPool {
        var info = VkCommandPoolCreateInfo()
        info.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO
        info.flags = VkCommandPoolCreateFlags(transient ? VK_COMMAND_POOL_CREATE_TRANSIENT_BIT.rawValue
                                                        : VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT.rawValue)
        info.queueFamilyIndex = queueFamily
        var pool: VkCommandPool?
        try check(vkCreateCommandPool(device, &info, nil, &pool), "vkCreateCommandPool")
        return pool!
    }

    static func readCapabilities(instance: CreatedInstance, physicalDevice: VkPhysicalDevice, queueFamily: UInt32,
                                 deviceExtensions: [String]) -> HostCapabilities {
        var familyCount: UInt32 = 0
        vkGetPhysicalDeviceQueueFamilyProperties(physicalDevice, &familyCount, nil)
        var families = [VkQueueFamilyProperties](repeating: VkQueueFamilyProperties(), count: Int(familyCount))
        vkGetPhysicalDeviceQueueFamilyProperties(physicalDevice, &familyCount, &families)
        var driver = VkPhysicalDeviceDriverProperties()
        driver.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES
        var properties = VkPhysicalDeviceProperties2()
        properties.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2
        withUnsafeMutablePointer(to: &driver) { driverPointer in
            properties.pNext = UnsafeMutableRawPointer(driverPointer)
            vkGetPhysicalDeviceProperties2(physicalDevice, &properties)
        }
        properties.pNext = nil
        let device = properties.properties
        var memoryProperties = VkPhysicalDeviceMemoryProperties()
        vkGetPhysicalDeviceMemoryProperties(physicalDevice, &memoryProperties)
        let heaps = withUnsafeBytes(of: memoryProperties.memoryHeaps) { raw in
            Array(raw.bindMemory(to: VkMemoryHeap.self).prefix(Int(memoryProperties.memoryHeapCount)))
        }.map { heap in
            HostCapabilities.MemoryHeap(size: heap.size,
                                        deviceLocal: heap.flags & VkMemoryHeapFlags(VK_MEMORY_HEAP_DEVICE_LOCAL_BIT.rawValue) != 0)
        }
        return HostCapabilities(
            instanceVersion: instance.version,
            deviceName: string(fromCCharTuple: device.deviceName),
            deviceType: HostCapabilities.typeName(device.deviceType),
            vendorID: device.vendorID,
            deviceID: device.deviceID,
            apiVersion: device.apiVersion,
            driverName: string(fromCCharTuple: driver.driverName),
            driverInfo: string(fromCCharTuple: driver.driverInfo),
            pipelineCacheUUID: withUnsafeBytes(of: device.pipelineCacheUUID) { Array($0) },
            memoryHeaps: heaps,
            instanceLayers: instance.layers,
            instanceExtensions: instance.extensions,
            deviceExtensions: deviceExtensions,
            hasMemoryBudget: deviceExtensions.contains("VK_EXT_memory_budget"),
            maxImageDimension2D: device.limits.maxImageDimension2D,
            nonCoherentAtomSize: device.limits.nonCoherentAtomSize,
            bufferImageGranularity: device.limits.bufferImageGranularity,
            timestampPeriod: device.limits.timestampPeriod,
            timestampValidBits: Int(queueFamily) < families.count ? families[Int(queueFamily)].timestampValidBits : 0,
            hdrFormat: hdrFormat(physicalDevice))
    }

    /// See HostCapabilities.hdrFormat.
    static func hdrFormat(_ physicalDevice: VkPhysicalDevice) -> VkFormat {
        var properties = VkFormatProperties()
        vkGetPhysicalDeviceFormatProperties(physicalDevice, VK_FORMAT_B10G11R11_UFLOAT_PACK32, &properties)
        let needed = VkFormatFeatureFlags(VK_FORMAT_FEATURE_COLOR_ATTACHMENT_BLEND_BIT.rawValue
            | VK_FORMAT_FEATURE_SAMPLED_IMAGE_FILTER_LINEAR_BIT.rawValue | VK_FORMAT_FEATURE_COLOR_ATTACHMENT_BIT.rawValue
            | VK_FORMAT_FEATURE_SAMPLED_IMAGE_BIT.rawValue)
        return properties.optimalTilingFeatures & needed == needed ? VK_FORMAT_B10G11R11_UFLOAT_PACK32 : VK_FORMAT_R16G16B16A16_SFLOAT
    }

    /// Re-reads heap usage and budget where VK_EXT_memory_budget is present.
    public func refreshMemoryBudget() {
        defer { checkDriverBudget() }
        if let pretended = configuration.driverBudget {
            // FLOTILLA_FAULT=driver-budget@bytes=N: every device-local heap reports that budget,
            // and (without VK_EXT_memory_budget) Flotilla's own device memory as its usage.
            for index in capabilities.memoryHeaps.indices where capabilities.memoryHeaps[index].deviceLocal {
                capabilities.memoryHeaps[index].budget = pretended
                if !capabilities.hasMemoryBudget { capabilities.memoryHeaps[index].usage = memory.deviceBytes }
            }
            if !capabilities.hasMemoryBudget { return }
        }
        guard capabilities.hasMemoryBudget else { return }
        var budget = VkPhysicalDeviceMemoryBudgetPropertiesEXT()
        budget.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MEMORY_BUDGET_PROPERTIES_EXT
        var properties = VkPhysicalDeviceMemoryProperties2()
        properties.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MEMORY_PROPERTIES_2
        withUnsafeMutablePointer(to: &budget) { budgetPointer in
            properties.pNext = UnsafeMutableRawPointer(budgetPointer)
            vkGetPhysicalDeviceMemoryProperties2(physicalDevice, &properties)
        }
        let usage = withUnsafeBytes(of: budget.heapUsage) { Array($0.bindMemory(to: UInt64.self)) }
        let budgets = withUnsafeBytes(of: budget.heapBudget) { Array($0.bindMemory(to: UInt64.self)) }
        for index in capabilities.memoryHeaps.indices {
            capabilities.memoryHeaps[index].usage = usage[index]
            let pretended = capabilities.memoryHeaps[index].deviceLocal ? configuration.driverBudget : nil
            capabilities.memoryHeaps[index].budget = pretended ?? budgets[index]
        }
    }

    /// The share of the driver's budget past which idle pool memory is given back.
    static let driverBudgetThreshold = 0.9

    /// Past 90% of the driver's budget on any heap (VK_EXT_memory_budget: what the whole system
    /// may use on it, other processes counted): one warning each time it is crossed, and idle
    /// pool items and empty blocks are released.
    private func checkDriverBudget() {
        let over = capabilities.memoryHeaps.enumerated().first { _, heap in
            guard let usage = heap.usage, let budget = heap.budget, budget > 0 else { return false }
            return Double(usage) > Double(budget) * Self.driverBudgetThreshold
        }
        defer { overDriverBudget = over != nil }
        guard let (index, heap) = over, !overDriverBudget else { return }
        driverBudgetWarnings += 1
        let percent = Int((Double(heap.usage ?? 0) / Double(heap.budget ?? 1) * 100).rounded())
        logger.warning("GPU memory heap \(index) is at \(percent)% of the driver's budget (\(ByteCount.format(heap.usage ?? 0)) of \(ByteCount.format(heap.budget ?? 0))); releasing idle pool memory")
        releaseIdleMemory()
    }
}

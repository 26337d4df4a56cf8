import CVulkan
import Logging

/// Receives the validation layer's messages (VK_EXT_debug_utils) and logs warnings and errors
/// through swift-log, prefixed "vulkan validation", and counts them. INFO and VERBOSE messages
/// (loader device sorting and the like) are not problems and are left out.
final class ValidationMessenger {
    private let instance: VkInstance
    private var messenger: VkDebugUtilsMessengerEXT?
    private let destroy: PFN_vkDestroyDebugUtilsMessengerEXT
    private let sink: Sink

    /// What the C callback reaches; its address is kept stable by the messenger owning it.
    final class Sink {
        let logger: Logger
        var count = 0
        init(logger: Logger) { self.logger = logger }
    }

    var messageCount: Int { sink.count }

    /// nil when the instance was made without VK_EXT_debug_utils.
    init?(instance: VkInstance, logger: Logger) throws(VulkanError) {
        guard let create = unsafeBitCast(vkGetInstanceProcAddr(instance, "vkCreateDebugUtilsMessengerEXT"),
                                         to: PFN_vkCreateDebugUtilsMessengerEXT?.self),
              let destroy = unsafeBitCast(vkGetInstanceProcAddr(instance, "vkDestroyDebugUtilsMessengerEXT"),
                                          to: PFN_vkDestroyDebugUtilsMessengerEXT?.self)
        else { return nil }
        self.instance = instance
        self.destroy = destroy
        self.sink = Sink(logger: logger)

        var info = VkDebugUtilsMessengerCreateInfoEXT()
        info.sType = VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT
        info.messageSeverity = VkDebugUtilsMessageSeverityFlagsEXT(
            VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT.rawValue | VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT.rawValue)
        info.messageType = VkDebugUtilsMessageTypeFlagsEXT(
            VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT.rawValue | VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT.rawValue
                | VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT.rawValue)
        info.pfnUserCallback = Self.callback
        info.pUserData = Unmanaged.passUnretained(sink).toOpaque()
        var handle: VkDebugUtilsMessengerEXT?
        try check(create(instance, &info, nil, &handle), "vkCreateDebugUtilsMessengerEXT")
        messenger = handle
    }

    deinit {
        destroy(instance, messenger, nil)
    }

    private static let callback: PFN_vkDebugUtilsMessengerCallbackEXT = { severity, _, data, userData in
        guard let userData, let data else { return VkBool32(VK_FALSE) }
        let sink = Unmanaged<Sink>.fromOpaque(userData).takeUnretainedValue()
        let text = data.pointee.pMessage.map { String(cString: $0) } ?? "(no message)"
        sink.count += 1
        if severity.rawValue & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT.rawValue != 0 {
            sink.logger.error("vulkan validation error: \(text)")
        } else {
            sink.logger.warning("vulkan validation warning: \(text)")
        }
        return VkBool32(VK_FALSE)
    }
}

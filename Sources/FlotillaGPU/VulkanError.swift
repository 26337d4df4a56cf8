import CVulkan
import FlotillaCore
import Glibc

/// A Vulkan call that did not succeed: the one error type every VkResult is turned into.
public struct VulkanError: Error, CustomStringConvertible {
    public let operation: String
    public let result: VkResult

    public init(operation: String, result: VkResult) {
        self.operation = operation
        self.result = result
    }

    public var description: String { "\(operation) failed: \(Self.name(of: result))" }

    /// `error` if it is the device being lost, which no one window can handle: the host must be
    /// rebuilt.
    public static func deviceLost(_ error: Error) -> VulkanError? {
        guard let vulkan = error as? VulkanError, vulkan.result == VK_ERROR_DEVICE_LOST else { return nil }
        return vulkan
    }

    /// Whether `error` is memory that could not be had: the device or the host out of memory,
    /// or `--memory-budget` reached. What asked for it is refused alone; nothing else need stop.
    public static func isOutOfMemory(_ error: Error) -> Bool {
        if error is MemoryBudgetError { return true }
        guard let vulkan = error as? VulkanError else { return false }
        return vulkan.result == VK_ERROR_OUT_OF_DEVICE_MEMORY || vulkan.result == VK_ERROR_OUT_OF_HOST_MEMORY
    }

    static func name(of result: VkResult) -> String {
        switch result {
        case VK_NOT_READY: "VK_NOT_READY"
        case VK_TIMEOUT: "VK_TIMEOUT"
        case VK_INCOMPLETE: "VK_INCOMPLETE"
        case VK_SUBOPTIMAL_KHR: "VK_SUBOPTIMAL_KHR"
        case VK_ERROR_OUT_OF_HOST_MEMORY: "VK_ERROR_OUT_OF_HOST_MEMORY"
        case VK_ERROR_OUT_OF_DEVICE_MEMORY: "VK_ERROR_OUT_OF_DEVICE_MEMORY"
        case VK_ERROR_INITIALIZATION_FAILED: "VK_ERROR_INITIALIZATION_FAILED"
        case VK_ERROR_DEVICE_LOST: "VK_ERROR_DEVICE_LOST"
        case VK_ERROR_LAYER_NOT_PRESENT: "VK_ERROR_LAYER_NOT_PRESENT"
        case VK_ERROR_EXTENSION_NOT_PRESENT: "VK_ERROR_EXTENSION_NOT_PRESENT"
        case VK_ERROR_FEATURE_NOT_PRESENT: "VK_ERROR_FEATURE_NOT_PRESENT"
        case VK_ERROR_INCOMPATIBLE_DRIVER: "VK_ERROR_INCOMPATIBLE_DRIVER"
        case VK_ERROR_SURFACE_LOST_KHR: "VK_ERROR_SURFACE_LOST_KHR"
        case VK_ERROR_OUT_OF_DATE_KHR: "VK_ERROR_OUT_OF_DATE_KHR"
        case VK_ERROR_NATIVE_WINDOW_IN_USE_KHR: "VK_ERROR_NATIVE_WINDOW_IN_USE_KHR"
        default: "VkResult(\(result.rawValue))"
        }
    }
}

/// Turns a VkResult into a thrown VulkanError unless it is VK_SUCCESS.
@inline(__always)
func check(_ result: VkResult, _ operation: @autoclosure () -> String) throws(VulkanError) {
    guard result == VK_SUCCESS else { throw VulkanError(operation: operation(), result: result) }
}

/// Calls `body` with a C array of C strings that lives for the duration of the call.
func withCStringArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) throws -> R) rethrows -> R {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    let pointers = copies.map { UnsafePointer<CChar>($0) }
    return try pointers.withUnsafeBufferPointer { try body($0.baseAddress) }
}

/// A fixed-size C char array (as Vulkan property structs hold them) read as a String.
func string<T>(fromCCharTuple tuple: T) -> String {
    withUnsafeBytes(of: tuple) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
}

extension UInt32 {
    /// A Vulkan API version packed as VK_MAKE_API_VERSION does, printed "1.3.230".
    var apiVersionString: String {
        "\(flotilla_vk_api_version_major(self)).\(flotilla_vk_api_version_minor(self)).\(flotilla_vk_api_version_patch(self))"
    }
}

/// A Vulkan handle that crosses to a recording thread. @unchecked: a handle is a plain
/// identifier; Vulkan's own rules (one thread records a given command buffer) govern its use.
public struct VulkanHandle: @unchecked Sendable, Equatable {
    public let raw: OpaquePointer
    public init(_ raw: OpaquePointer) { self.raw = raw }
}

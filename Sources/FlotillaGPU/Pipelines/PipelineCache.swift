import CVulkan
import Foundation
import Logging

/// The VkPipelineCache kept on disk, in `$XDG_CACHE_HOME/flotilla/` (else `~/.cache/flotilla/`).
/// The file wraps the driver's data in Flotilla's own header (magic, length, checksum), and the
/// driver's header (vendor, device, cache UUID) must match this device. Anything else, a corrupt
/// or a foreign file, is ignored with one warning, and rewritten on save.
public final class PipelineCache {
    public let cache: VkPipelineCache
    public let path: URL
    /// Bytes of valid data loaded from the file (0 on a miss).
    public let loadedBytes: Int
    public var hit: Bool { loadedBytes > 0 }
    private let device: VkDevice

    static let magic = Array("FLOTPC01".utf8)
    static let wrapperSize = 8 + 8 + 8

    init(device: VkDevice, capabilities: HostCapabilities, logger: Logger) throws {
        self.device = device
        path = Self.directory().appendingPathComponent("pipeline-cache.bin")
        var initial: [UInt8] = []
        if let data = try? Data(contentsOf: path) {
            switch Self.validate([UInt8](data), capabilities: capabilities) {
            case .success(let payload): initial = payload
            case .failure(let reason):
                logger.warning("ignoring the pipeline cache \(path.path): \(reason.text); it will be rewritten")
            }
        }
        var info = VkPipelineCacheCreateInfo()
        info.sType = VK_STRUCTURE_TYPE_PIPELINE_CACHE_CREATE_INFO
        var cache: VkPipelineCache?
        let result = initial.withUnsafeBytes { bytes in
            info.initialDataSize = bytes.count
            info.pInitialData = bytes.baseAddress
            return vkCreatePipelineCache(device, &info, nil, &cache)
        }
        try check(result, "vkCreatePipelineCache")
        self.cache = cache!
        loadedBytes = initial.count
    }

    static func directory() -> URL {
        let environment = ProcessInfo.processInfo.environment
        let base = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: environment["HOME"] ?? NSTemporaryDirectory()).appendingPathComponent(".cache")
        return base.appendingPathComponent("flotilla")
    }

    /// Writes the cache (atomically: a crash mid-write leaves the old file, never half a file).
    public func save() throws {
        var size = 0
        try check(vkGetPipelineCacheData(device, cache, &size, nil), "vkGetPipelineCacheData")
        var payload = [UInt8](repeating: 0, count: size)
        try check(vkGetPipelineCacheData(device, cache, &size, &payload), "vkGetPipelineCacheData")
        payload.removeLast(payload.count - size)
        var file = Self.magic
        file += withUnsafeBytes(of: UInt64(payload.count).littleEndian) { Array($0) }
        file += withUnsafeBytes(of: Self.checksum(payload).littleEndian) { Array($0) }
        file += payload
        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(file).write(to: path, options: .atomic)
    }

    func destroy() {
        vkDestroyPipelineCache(device, cache, nil)
    }

    struct Invalid: Error {
        let text: String
    }

    static func validate(_ file: [UInt8], capabilities: HostCapabilities) -> Result<[UInt8], Invalid> {
        guard file.count >= wrapperSize, Array(file[0..<8]) == magic else { return .failure(Invalid(text: "not a Flotilla cache file")) }
        let length = file[8..<16].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let sum = file[16..<24].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let payload = Array(file[wrapperSize...])
        guard UInt64(payload.count) == length else { return .failure(Invalid(text: "truncated (\(payload.count) of \(length) bytes)")) }
        guard checksum(payload) == sum else { return .failure(Invalid(text: "checksum mismatch")) }
        // VkPipelineCacheHeaderVersionOne: headerSize, headerVersion, vendorID, deviceID, UUID.
        guard payload.count >= 32 else { return .failure(Invalid(text: "no Vulkan header")) }
        func word(_ at: Int) -> UInt32 { payload[at..<(at + 4)].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) } }
        guard word(0) >= 32, word(4) == UInt32(VK_PIPELINE_CACHE_HEADER_VERSION_ONE.rawValue) else {
            return .failure(Invalid(text: "unknown Vulkan cache header"))
        }
        guard word(8) == capabilities.vendorID, word(12) == capabilities.deviceID,
              Array(payload[16..<32]) == capabilities.pipelineCacheUUID else {
            return .failure(Invalid(text: "made by another device or driver"))
        }
        return .success(payload)
    }

    /// FNV-1a, 64 bits: enough to catch a damaged file.
    static func checksum(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}

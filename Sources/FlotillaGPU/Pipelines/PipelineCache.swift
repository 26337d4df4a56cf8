import CVulkan
import FlotillaCore
import Foundation
import Logging
import SystemPackage

/// The VkPipelineCache kept on disk, in `$XDG_CACHE_HOME/flotilla/` (else `~/.cache/flotilla/`;
/// see `directory`).
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

    /// No driver's cache is near this; a file claiming more is not read at all.
    static let largestPayload: UInt64 = 256 << 20

    init(device: VkDevice, capabilities: HostCapabilities, logger: Logger) throws {
        self.device = device
        var path = Self.directory().appendingPathComponent("pipeline-cache.bin")
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory), isDirectory.boolValue {
            let beside = path.deletingLastPathComponent().appendingPathComponent("pipeline-cache-file.bin")
            logger.warning("the pipeline cache \(path.path) is a directory; using \(beside.lastPathComponent) beside it")
            path = beside
        }
        self.path = path
        var initial: [UInt8] = []
        switch Self.load(path, capabilities: capabilities).result {
        case .success(let payload): initial = payload
        case .failure(let reason) where reason.text != Self.missing:
            logger.warning("ignoring the pipeline cache \(path.path): \(reason.text); it will be rewritten")
        case .failure: break
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

    /// `$XDG_CACHE_HOME/flotilla`, else `$HOME/.cache/flotilla`. The XDG base directory rules
    /// ignore a relative XDG_CACHE_HOME, and an empty or relative HOME would put the cache in
    /// whatever folder Flotilla was started from: the account's home from the password database
    /// is next, and the system's temporary folder last.
    static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        func absolute(_ path: String?) -> URL? {
            guard let path, path.hasPrefix("/") else { return nil }
            return URL(fileURLWithPath: path)
        }
        if let base = absolute(environment["XDG_CACHE_HOME"]) { return base.appendingPathComponent("flotilla") }
        let account = getpwuid(getuid()).flatMap { $0.pointee.pw_dir.map { String(cString: $0) } }
        if let home = absolute(environment["HOME"]) ?? absolute(account) {
            return home.appendingPathComponent(".cache/flotilla")
        }
        return URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("flotilla-cache-\(getuid())")
    }

    /// The file as it would be saved now: Flotilla's header and the driver's data. Quick (a
    /// copy out of the driver); writing it is `write`'s, off the loop thread.
    public func snapshot() throws -> [UInt8] {
        var size = 0
        try check(vkGetPipelineCacheData(device, cache, &size, nil), "vkGetPipelineCacheData")
        var payload = [UInt8](repeating: 0, count: size)
        try check(vkGetPipelineCacheData(device, cache, &size, &payload), "vkGetPipelineCacheData")
        payload.removeLast(payload.count - size)
        var file = Self.magic
        file += withUnsafeBytes(of: UInt64(payload.count).littleEndian) { Array($0) }
        file += withUnsafeBytes(of: Self.checksum(payload).littleEndian) { Array($0) }
        file += payload
        return file
    }

    /// Writes `file` at `path` (atomically: a crash mid-write leaves the old file, never half a file).
    static func write(_ file: [UInt8], to path: URL) throws {
        try makeDirectories(path.deletingLastPathComponent())
        try Data(file).write(to: path, options: .atomic)
    }

    func destroy() {
        vkDestroyPipelineCache(device, cache, nil)
    }

    /// mkdir -p, failing with the system's own reason (ENOTDIR, EACCES, EROFS...).
    static func makeDirectories(_ folder: URL) throws {
        var path = ""
        for component in folder.standardizedFileURL.pathComponents {
            path = component == "/" ? "/" : (path.hasSuffix("/") ? path : path + "/") + component
            if mkdir(path, 0o755) != 0, errno != EEXIST { throw Errno(rawValue: errno) }
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Errno.notDirectory
        }
    }

    /// What went wrong, in a few words: the system's reason (a POSIX error under Foundation's
    /// wording), or Vulkan's.
    static func reason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Errno(rawValue: Int32(underlying.code)).description
        }
        if nsError.domain == NSPOSIXErrorDomain { return Errno(rawValue: Int32(nsError.code)).description }
        if let vulkan = error as? VulkanError { return vulkan.description }
        if let errno = error as? Errno { return errno.description }
        return nsError.localizedDescription
    }

    struct Invalid: Error {
        let text: String
    }

    static let missing = "no file"

    /// Reads and checks the file at `path`: its header first, and the rest only if the header
    /// is Flotilla's and the length it claims is the file's and is plausible (a 200 MB file of
    /// junk costs 24 bytes of reading, not 200 MB of memory). Returns the bytes read as well.
    static func load(_ path: URL, capabilities: HostCapabilities) -> (result: Result<[UInt8], Invalid>, bytesRead: Int) {
        // Read only when it is a regular file: a FIFO there would hold start-up in open().
        let file: RegularFile
        do {
            file = try RegularFile(path.path)
        } catch .cannotOpen(.noSuchFileOrDirectory) {
            return (.failure(Invalid(text: missing)), 0)
        } catch .cannotOpen(let errno) {
            return (.failure(Invalid(text: "cannot open it (\(errno))")), 0)
        } catch {
            return (.failure(Invalid(text: "not a regular file")), 0)
        }
        let header = file.read(wrapperSize)
        guard header.count == wrapperSize, Array(header[0..<8]) == magic else {
            return (.failure(Invalid(text: "not a Flotilla cache file")), header.count)
        }
        let length = header[8..<16].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let fileSize = UInt64(file.size)
        guard length <= largestPayload, length == fileSize - UInt64(wrapperSize) else {
            return (.failure(Invalid(text: "claims \(length) bytes in a file of \(fileSize)")), header.count)
        }
        let payload = file.read(Int(length))
        return (validate(header + payload, capabilities: capabilities), header.count + payload.count)
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

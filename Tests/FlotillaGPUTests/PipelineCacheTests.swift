import Foundation
import CVulkan
import FlotillaCore
@testable import FlotillaGPU
import Testing

/// The pipeline cache on disk is trusted only when its wrapper (magic, length, checksum) and
/// Vulkan's own header (vendor, device, cache UUID) match this device; a huge or lying file is
/// refused from its header alone, without reading the rest.
@Suite struct PipelineCacheFileTests {
    let capabilities = HostCapabilitiesFixture.make()

    @Test func aFileFromAnotherDeviceOrDamagedIsRefused() {
        var payload = [UInt8](repeating: 0, count: 48)
        func put(_ value: UInt32, at offset: Int) { withUnsafeBytes(of: value.littleEndian) { payload.replaceSubrange(offset..<(offset + 4), with: $0) } }
        put(32, at: 0)
        put(UInt32(VK_PIPELINE_CACHE_HEADER_VERSION_ONE.rawValue), at: 4)
        put(capabilities.vendorID, at: 8)
        put(capabilities.deviceID, at: 12)
        payload.replaceSubrange(16..<32, with: capabilities.pipelineCacheUUID)
        func wrap(_ payload: [UInt8]) -> [UInt8] {
            PipelineCache.magic + withUnsafeBytes(of: UInt64(payload.count).littleEndian) { Array($0) }
                + withUnsafeBytes(of: PipelineCache.checksum(payload).littleEndian) { Array($0) } + payload
        }
        #expect((try? PipelineCache.validate(wrap(payload), capabilities: capabilities).get()) == payload)

        var foreign = payload
        foreign[8] ^= 0xFF
        #expect((try? PipelineCache.validate(wrap(foreign), capabilities: capabilities).get()) == nil)
        var damaged = wrap(payload)
        damaged[damaged.count - 1] ^= 1
        #expect((try? PipelineCache.validate(damaged, capabilities: capabilities).get()) == nil)
        #expect((try? PipelineCache.validate(Array(wrap(payload).dropLast()), capabilities: capabilities).get()) == nil)
        #expect((try? PipelineCache.validate(Array("garbage".utf8), capabilities: capabilities).get()) == nil)
    }
}

@Suite struct PipelineCacheLoadTests {
    /// A big file of junk, or one whose header claims more than a cache ever holds, is turned
    /// away after its 24-byte header: nothing more is read.
    @Test func aHugeOrLyingFileIsRejectedByItsHeader() throws {
        let capabilities = HostCapabilitiesFixture.make()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-pc-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let junk = folder.appendingPathComponent("junk.bin")
        #expect(FileManager.default.createFile(atPath: junk.path, contents: Data("not a cache at all, but long".utf8)))
        let handle = try FileHandle(forWritingTo: junk)
        try handle.truncate(atOffset: 200 << 20)            // 200 MB, sparse
        try handle.close()
        let rejected = PipelineCache.load(junk, capabilities: capabilities)
        #expect((try? rejected.result.get()) == nil)
        #expect(rejected.bytesRead <= PipelineCache.wrapperSize)

        let lying = folder.appendingPathComponent("lying.bin")
        var header = PipelineCache.magic
        header += withUnsafeBytes(of: UInt64(1 << 40).littleEndian) { Array($0) }
        header += [UInt8](repeating: 0, count: 8)
        #expect(FileManager.default.createFile(atPath: lying.path, contents: Data(header + [UInt8](repeating: 7, count: 1000))))
        let refused = PipelineCache.load(lying, capabilities: capabilities)
        #expect((try? refused.result.get()) == nil)
        #expect(refused.bytesRead == PipelineCache.wrapperSize)

        #expect(PipelineCache.load(folder.appendingPathComponent("absent.bin"), capabilities: capabilities).bytesRead == 0)
    }
}

@Suite struct PipelineCacheDirectoryTests {
    /// XDG_CACHE_HOME first, then HOME; an empty or relative one is not a place (issue 23: with
    /// HOME="" the cache went into the working directory).
    @Test func onlyAbsoluteFoldersAreUsed() {
        #expect(PipelineCache.directory(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"]).path == "/c/flotilla")
        #expect(PipelineCache.directory(environment: ["XDG_CACHE_HOME": "", "HOME": "/h"]).path == "/h/.cache/flotilla")
        #expect(PipelineCache.directory(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/h"]).path == "/h/.cache/flotilla")
        for home in ["", "relative/home"] {
            let folder = PipelineCache.directory(environment: ["HOME": home]).path
            #expect(folder.hasPrefix("/") && !folder.hasPrefix(FileManager.default.currentDirectoryPath + "/.cache"), "\(folder)")
        }
    }

    /// A FIFO where the cache file belongs is not opened for reading (that blocked start-up
    /// until a writer came): it is refused at once as not a regular file.
    @Test func aFIFOIsNotReadAndDoesNotBlock() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("flotilla-pc-fifo-\(getpid())").path
        #expect(mkfifo(path, 0o600) == 0)
        defer { unlink(path) }
        let loaded = PipelineCache.load(URL(fileURLWithPath: path), capabilities: HostCapabilitiesFixture.make())
        #expect(loaded.bytesRead == 0)
        if case .failure(let reason) = loaded.result { #expect(reason.text == "not a regular file") } else { Issue.record("read a FIFO") }
    }
}

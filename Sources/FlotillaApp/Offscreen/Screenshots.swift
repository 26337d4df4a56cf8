import CVulkan
import FlotillaCore
import FlotillaGPU
import Foundation
import Logging

/// `s`: a PNG of a window's next frame. The frame ends with a copy of its image into a
/// host-visible buffer (charged to the window); the loop looks each pass whether the GPU is past
/// that frame, never waiting, then hands the pixels to another thread, which encodes and writes
/// the PNG into an AsyncResult the loop polls; a log line names the file.
final class Screenshots {
    /// One frame's copy, for one window.
    struct Capture {
        let window: WindowID
        let extent: Extent
        let pixels: CopiedPixels
    }

    let folder: String
    let logger: Logger
    /// Copies added to frames being recorded, until their window's frame is in the pass.
    private var preparing: [WindowID: Capture] = [:]
    private var capturing: [Capture] = []
    private var writing: [(window: WindowID, result: AsyncResult<String>)] = []
    /// Screenshots of windows that do not paint, rendered by an offscreen job.
    private var rendering: [(window: WindowID, job: OffscreenJob)] = []
    private var taken = 0
    /// Screenshots written.
    private(set) var written = 0
    private let encoder = DispatchQueue(label: "flotilla.screenshots")

    /// `--screenshots DIR`, else `$XDG_PICTURES_DIR`, else the working directory.
    init(folder: String?, logger: Logger) {
        self.folder = folder ?? ProcessInfo.processInfo.environment["XDG_PICTURES_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.currentDirectoryPath
        self.logger = logger
    }

    /// The image cannot be copied (a swapchain without TRANSFER_SRC): nil.
    private func prepare(window: WindowID, _ frame: FrameContext) throws -> Capture? {
        guard frame.canCopyFrom else {
            logger.warning("screenshot of window \(window.rawValue): this swapchain's images cannot be copied (no TRANSFER_SRC usage)")
            return nil
        }
        let buffer = try frame.host.makeBuffer(size: UInt64(frame.extent.pixelCount * 4),
                                               usage: VkBufferUsageFlags(VK_BUFFER_USAGE_TRANSFER_DST_BIT.rawValue),
                                               hostVisible: true, owner: frame.owner, category: .other)
        frame.epilogue.add(.pixels(buffer: VulkanHandle(buffer.buffer)))
        return Capture(window: window, extent: frame.extent, pixels: CopiedPixels(buffer, serial: frame.serial))
    }


    /// A window that does not paint (hidden): its screenshot comes from an offscreen job.
    func expect(_ job: OffscreenJob, window: WindowID, because reason: String) {
        logger.info("screenshot of window \(window.rawValue): \(reason); rendering it offscreen")
        rendering.append((window, job))
    }

    /// Every loop pass: copies the GPU has finished go to the encoder; written files are logged.
    func poll(host: GpuHost) {
        capturing.removeAll { capture in
            guard host.isComplete(capture.pixels.serial), let mapped = capture.pixels.mapped else { return false }
            let bgra = [UInt8](UnsafeRawBufferPointer(start: mapped, count: capture.extent.pixelCount * 4))
            capture.pixels.release()
            encode(bgra, extent: capture.extent, window: capture.window)
            return true
        }
        rendering.removeAll { entry in
            guard let outcome = entry.job.result.tryGet() else { return false }
            switch outcome {
            case .success(let image): encode(image.bgra, extent: image.extent, window: entry.window)
            case .failure(let failure): logger.warning("screenshot of window \(entry.window.rawValue) failed: \(failure)")
            }
            return true
        }
        writing.removeAll { entry in
            guard let outcome = entry.result.tryGet() else { return false }
            switch outcome {
            case .success(let path):
                written += 1
                logger.notice("screenshot of window \(entry.window.rawValue): \(path)")
            case .failure(let failure):
                logger.warning("screenshot of window \(entry.window.rawValue) failed: \(failure)")
            }
            return true
        }
    }

    /// Encodes and writes on the encoder's thread; the loop learns the outcome by polling.
    private func encode(_ bgra: [UInt8], extent: Extent, window: WindowID) {
        taken += 1
        let path = (folder as NSString).appendingPathComponent(Self.fileName(window: window, number: taken))
        let result = AsyncResult<String>()
        encoder.async {
            // B8G8R8A8 (every target's format) to RGB; windows are opaque.
            var rgb = [UInt8](repeating: 0, count: extent.pixelCount * 3)
            for pixel in 0..<extent.pixelCount {
                rgb[pixel * 3] = bgra[pixel * 4 + 2]
                rgb[pixel * 3 + 1] = bgra[pixel * 4 + 1]
                rgb[pixel * 3 + 2] = bgra[pixel * 4]
            }
            do {
                try PNGWriter.write(width: extent.width, height: extent.height, rgb: rgb, to: path)
                result.fulfill(path)
            } catch {
                result.fail("\(error)")
            }
        }
        writing.append((window, result))
    }

    /// At exit, once the GPU has finished: what is still being written is waited for (at most
    /// a few seconds each) and logged.
    func finish(host: GpuHost) {
        poll(host: host)
        for entry in writing { _ = entry.result.wait(timeout: .seconds(5)) }
        poll(host: host)
    }

    /// The device was lost: copies not yet read are dropped (a lost device's serials all count
    /// as finished, so their buffers go at once).
    func dropCaptures(host: GpuHost) {
        for capture in capturing { capture.pixels.release() }
        if !capturing.isEmpty { logger.warning("\(capturing.count) screenshot(s) lost with the GPU device") }
        capturing.removeAll()
    }

    static func fileName(window: WindowID, number: Int) -> String {
        var time = time_t(0)
        Glibc.time(&time)
        var parts = tm()
        localtime_r(&time, &parts)
        let stamp = String(format: "%04d%02d%02d-%02d%02d%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                           parts.tm_hour, parts.tm_min, parts.tm_sec)
        return "flotilla-\(stamp)-window\(window.rawValue)-\(number).png"
    }
}

/// A window's frame hook: after `s`, the next frame ends with a copy of its image.
extension Screenshots: FrameHook {
    func prepare(_ frame: FrameContext, window: AppWindow) throws {
        guard window.screenshotRequested else { return }
        preparing[window.id] = try prepare(window: window.id, frame)
        if preparing[window.id] == nil { window.screenshotRequested = false }
    }

    /// In the pass, the copy is read once the GPU is past it; a frame given up frees its buffer
    /// (after the frame's serial) and the next frame tries again.
    func finished(recorded: Bool, window: AppWindow) {
        guard let capture = preparing.removeValue(forKey: window.id) else { return }
        if recorded {
            capturing.append(capture)
            window.screenshotRequested = false
        } else {
            capture.pixels.release()
        }
    }
}

/// A host-visible buffer that a frame's end copies its image into (a screenshot, an offscreen
/// job's result). It owns the buffer until the pixels are read, then releases it after the
/// frame that wrote it; `serial` is that frame (before it is submitted: the next submission,
/// the latest it can be). As a frame hook, it adds that copy to its window's frame.
final class CopiedPixels: FrameHook {
    var serial: UInt64
    /// The buffer's handle, for the frame's copy.
    let buffer: VkBuffer
    private var owned: GpuBuffer?

    init(_ owned: consuming GpuBuffer, serial: UInt64) {
        self.serial = serial
        buffer = owned.buffer
        self.owned = .some(owned)
    }

    /// The pixels (B8G8R8A8, every target's format); complete once the GPU has finished `serial`.
    var mapped: UnsafeMutableRawPointer? {
        switch owned {
        case .some(let held): held.allocation.mapped
        case .none: nil
        }
    }

    /// The buffer goes after the frame that writes it; a second call does nothing.
    func release() {
        owned.take()?.release(after: serial)
    }

    func prepare(_ frame: FrameContext, window: AppWindow) throws {
        frame.epilogue.add(.pixels(buffer: VulkanHandle(buffer)))
    }
}

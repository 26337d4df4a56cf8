import CVulkan
import FlotillaCore
import FlotillaGPU
import Logging

/// Offscreen renders at Background priority: a queue of jobs, started one at a time from the
/// scheduler's background work (never ahead of a window's paint), each recorded and submitted
/// without waiting; the loop polls, and when the GPU is past a job's frame its pixels are read and
/// its result set. Each job's target and memory are charged to the window it renders for (its
/// thumbnail), else to the shared account, and go when it is done.
final class OffscreenPool {
    /// A submitted job: its window (a scene layer over an offscreen target) and the buffer its
    /// pixels are copied into, until they are read.
    private final class Running {
        let job: OffscreenJob
        let window: AppWindow
        let pixels: CopiedPixels

        init(job: OffscreenJob, window: AppWindow, pixels: CopiedPixels) {
            self.job = job
            self.window = window
            self.pixels = pixels
        }

        /// Everything the job made goes after its frame.
        func finish() {
            pixels.release()
            window.releaseLayers(after: pixels.serial)
            _ = window.gpu?.destroy()
            window.gpu = nil
        }
    }

    private var queue: [OffscreenJob] = []
    private var running: [Running] = []
    let logger: Logger
    /// What the jobs' windows paint with: no overlay, no screenshots; a shortage fails the job.
    private let services: WindowServices
    private(set) var history = (queued: 0, started: 0, done: 0, cancelled: 0)

    /// For the stats: jobs waiting, on the GPU, done and cancelled.
    var counts: (queued: Int, running: Int, done: Int, cancelled: Int) {
        (queue.count, running.count, history.done, history.cancelled)
    }

    init(logger: Logger) {
        self.logger = logger
        services = WindowServices(logger: logger, leavesOutShortParts: false)
    }

    var hasQueued: Bool { !queue.isEmpty }
    var runningCount: Int { running.count }

    func submit(_ job: OffscreenJob) {
        queue.append(job)
        history.queued += 1
    }

    /// Starts the oldest job that is not cancelled (cancelled ones are dropped unrun).
    func startNext(host: GpuHost) {
        while let job = queue.first {
            queue.removeFirst()
            guard !job.isCancelled else {
                history.cancelled += 1
                continue
            }
            do {
                try start(job, host: host)
            } catch {
                job.result.fail("\(error)")
                logger.warning("offscreen \(job.kind.rawValue) job at \(job.size) failed: \(error)")
            }
            return
        }
    }

    /// The job's window paints through the same path as every window (AppWindow.paint): its
    /// scene alone, at the job's moment of its animation, then its hooks copy the pixels out
    /// (and make the thumbnail, for a window that stopped painting its own).
    private func start(_ job: OffscreenJob, host: GpuHost) throws {
        let owner = job.thumbnail ? MemoryOwner.window(job.window) : .shared
        let made = Result {
            try host.makeBuffer(size: UInt64(job.size.pixelCount * 4),
                                usage: VkBufferUsageFlags(VK_BUFFER_USAGE_TRANSFER_DST_BIT.rawValue),
                                hostVisible: true, owner: owner, category: .other)
        }
        let pixels: CopiedPixels
        switch consume made {
        case .success(let buffer): pixels = CopiedPixels(buffer, serial: host.clock.next)
        case .failure(let error): throw error
        }
        var hooks: [FrameHook] = [pixels]
        if job.thumbnail { hooks.insert(ThumbnailHook(producer: job.window), at: 0) }
        let window = AppWindow(offscreenFor: job.window, scene: job.kind, size: job.size, time: job.time,
                               services: services, hooks: hooks)
        let run = Running(job: job, window: window, pixels: pixels)
        do {
            let target = try OffscreenTarget(host: host, extent: job.size, owner: owner, imageCount: 1)
            do {
                window.gpu = try WindowGPUState(host: host, owner: owner, target: target)
            } catch {
                target.destroy()
                throw error
            }
            let pass = FramePass(host: host)
            let painted = try window.paint(into: pass, at: .now)
            _ = try pass.submitAndPresent()
            guard painted else { throw OffscreenError.notRecorded }
        } catch {
            run.finish()
            throw error
        }
        run.pixels.serial = host.lastSubmittedSerial
        history.started += 1
        running.append(run)
    }

    /// Every loop pass: jobs whose frame the GPU has finished get their pixels.
    func poll(host: GpuHost) {
        running.removeAll { run in
            guard host.isComplete(run.pixels.serial) else { return false }
            if let mapped = run.pixels.mapped {
                let bytes = [UInt8](UnsafeRawBufferPointer(start: mapped, count: run.job.size.pixelCount * 4))
                run.job.result.fulfill(OffscreenImage(extent: run.job.size, bgra: bytes))
            }
            run.finish()
            history.done += 1
            return true
        }
    }

    /// The device was lost or the program ends: jobs not done fail, targets go.
    func dropAll(host: GpuHost) {
        for job in queue { job.result.fail("dropped") }
        queue.removeAll()
        for run in running {
            run.job.result.fail("dropped")
            run.finish()
        }
        running.removeAll()
    }
}

/// One offscreen render of window `window`'s scene at a size and a moment of its animation (the
/// window's seed and hue, so the picture is the window's), into an image whose pixels come back
/// through `result`. Cancelled before it starts, it never runs.
final class OffscreenJob {
    let window: WindowID
    let kind: SceneKind
    let size: Extent
    /// Seconds of animation the scene is advanced by before its frame.
    let time: Double
    /// The frame also becomes the window's thumbnail in the TextureBridge (a window whose own
    /// frames stopped, hidden or minimized, still shows in the overview).
    let thumbnail: Bool
    let result = AsyncResult<OffscreenImage>()
    private(set) var isCancelled = false

    init(window: WindowID, kind: SceneKind, size: Extent, time: Double, thumbnail: Bool = false) {
        self.window = window
        self.kind = kind
        self.size = size
        self.time = time
        self.thumbnail = thumbnail
    }

    /// A job not yet started is dropped; one already on the GPU finishes, its result unused.
    func cancel() {
        isCancelled = true
        result.fail("cancelled")
    }
}

/// An offscreen job's pixels: B8G8R8A8, tightly packed.
struct OffscreenImage: Sendable {
    let extent: Extent
    let bgra: [UInt8]
}

enum OffscreenError: Error, CustomStringConvertible {
    case notRecorded

    var description: String { "its frame could not be recorded (no free image)" }
}

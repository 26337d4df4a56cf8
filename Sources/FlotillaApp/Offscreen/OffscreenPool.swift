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
    /// A submitted job: it owns the buffer its pixels are copied into until they are read.
    private final class Running {
        let job: OffscreenJob
        let gpu: WindowGPUState
        let scene: Scene
        let pixels: CopiedPixels

        init(job: OffscreenJob, gpu: WindowGPUState, scene: Scene, pixels: consuming GpuBuffer, serial: UInt64) {
            self.job = job
            self.gpu = gpu
            self.scene = scene
            self.pixels = CopiedPixels(pixels, serial: serial)
        }

        /// Everything the job made goes after its frame.
        func finish() {
            pixels.release()
            scene.destroy(after: pixels.serial)
            _ = gpu.destroy()
        }
    }

    private var queue: [OffscreenJob] = []
    private var running: [Running] = []
    let logger: Logger
    private(set) var counts = (queued: 0, started: 0, done: 0, cancelled: 0)

    init(logger: Logger) {
        self.logger = logger
    }

    var hasQueued: Bool { !queue.isEmpty }
    var runningCount: Int { running.count }

    func submit(_ job: OffscreenJob) {
        queue.append(job)
        counts.queued += 1
    }

    /// Starts the oldest job that is not cancelled (cancelled ones are dropped unrun).
    func startNext(host: GpuHost) {
        while let job = queue.first {
            queue.removeFirst()
            guard !job.isCancelled else {
                counts.cancelled += 1
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

    private func start(_ job: OffscreenJob, host: GpuHost) throws {
        let owner = job.thumbnailFor.map(MemoryOwner.window) ?? .shared
        let target = try OffscreenTarget(host: host, extent: job.size, owner: owner, imageCount: 1)
        let gpu: WindowGPUState
        do {
            gpu = try WindowGPUState(host: host, owner: owner, target: target)
        } catch {
            target.destroy()
            throw error
        }
        let scene = SceneFactory.make(job.kind, seed: job.seed)
        scene.advance(by: job.time, in: job.size)
        let constants = FrameConstants(width: Float(job.size.width), height: Float(job.size.height),
                                       time: Float(job.time), hue: job.hue)
        let made = Result {
            try host.makeBuffer(size: UInt64(job.size.pixelCount * 4),
                                usage: VkBufferUsageFlags(VK_BUFFER_USAGE_TRANSFER_DST_BIT.rawValue),
                                hostVisible: true, owner: owner, category: .other)
        }
        let pixels: GpuBuffer
        switch consume made {
        case .success(let buffer): pixels = buffer
        case .failure(let error):
            scene.destroy(after: host.lastSubmittedSerial)
            _ = gpu.destroy()
            throw error
        }
        let run = Running(job: job, gpu: gpu, scene: scene, pixels: pixels, serial: host.clock.next)
        let pass = FramePass(host: host)
        let pixelsBuffer = VulkanHandle(run.pixels.buffer)
        let outcome: FrameOutcome
        do {
            outcome = try gpu.record(into: pass, clearColor: (0, 0, 0), prepare: { frame in
                try scene.prepare(frame, constants: constants)
                if let producer = job.thumbnailFor { try host.bridge.prepareThumbnail(for: producer, frame) }
                frame.epilogue.add(.pixels(buffer: pixelsBuffer))
            }, record: { try scene.record($0, constants: constants) })
            _ = try pass.submitAndPresent()
        } catch {
            run.finish()
            throw error
        }
        guard outcome == .recorded else {
            run.finish()
            throw OffscreenError.notRecorded
        }
        run.pixels.serial = host.lastSubmittedSerial
        counts.started += 1
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
            counts.done += 1
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

    var json: JSONValue {
        .object([("queued", .int(queue.count)), ("running", .int(running.count)), ("done", .int(counts.done)),
                 ("cancelled", .int(counts.cancelled))])
    }
}

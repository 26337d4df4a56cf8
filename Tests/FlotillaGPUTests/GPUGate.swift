import CVulkan
@testable import FlotillaGPU
import Testing

/// A timeline semaphore the test signals from the CPU, and a submission that waits for it.
final class GPUGate {
    let host: GpuHost
    let semaphore: VkSemaphore

    init(host: GpuHost) throws {
        self.host = host
        semaphore = try GpuHost.makeTimeline(host.device)
    }

    /// Submits an empty batch that waits for the gate and signals the host's next serial.
    func submitBlocked() throws -> UInt64 {
        let serial = host.nextSerial
        var wait = VkSemaphoreSubmitInfo()
        wait.sType = VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO
        wait.semaphore = semaphore
        wait.value = 1
        wait.stageMask = VkPipelineStageFlags2(VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT)
        var signal = VkSemaphoreSubmitInfo()
        signal.sType = VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO
        signal.semaphore = host.timeline
        signal.value = serial
        signal.stageMask = VkPipelineStageFlags2(VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT)
        var submit = VkSubmitInfo2()
        submit.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO_2
        let result = withUnsafePointer(to: &wait) { waitPointer in
            withUnsafePointer(to: &signal) { signalPointer in
                submit.waitSemaphoreInfoCount = 1
                submit.pWaitSemaphoreInfos = waitPointer
                submit.signalSemaphoreInfoCount = 1
                submit.pSignalSemaphoreInfos = signalPointer
                return vkQueueSubmit2(host.queue, 1, &submit, nil)
            }
        }
        #expect(result == VK_SUCCESS)
        host.clock.lastSubmitted = serial
        return serial
    }

    func open() {
        var info = VkSemaphoreSignalInfo()
        info.sType = VK_STRUCTURE_TYPE_SEMAPHORE_SIGNAL_INFO
        info.semaphore = semaphore
        info.value = 1
        vkSignalSemaphore(host.device, &info)
    }

    func destroy() {
        vkDestroySemaphore(host.device, semaphore, nil)
    }
}

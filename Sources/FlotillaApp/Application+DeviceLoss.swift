import CVulkan
import FlotillaCore
import FlotillaGPU
import Logging

/// Why Flotilla stopped trying to recover from device losses.
struct DeviceLossError: Error, CustomStringConvertible {
    let losses: Int
    let last: VulkanError

    var description: String {
        "the GPU device was lost \(losses) times in a row with no frame shown between (last: \(last)); giving up"
    }
}

extension Application {
    /// VK_ERROR_DEVICE_LOST (a driver reset, a GPU hang recovered by the kernel, or the injected
    /// fault): every window keeps its Wayland surface and its scene's CPU state; its GPU state,
    /// the host (device, memory, pools, ring, pipelines, atlas) and the swapchains are made
    /// again, pipelines from the on-disk cache and glyphs rasterized anew. The
    /// `deviceLossLimit`th loss with no frame presented since the first throws instead.
    func recoverFromDeviceLoss(_ error: VulkanError) throws {
        var lost = error
        while true {
            do {
                return try rebuild(after: lost)
            } catch let again as VulkanError where again.result == VK_ERROR_DEVICE_LOST {
                // Lost again while the new host was made or the windows' targets again.
                lost = again
            }
        }
    }

    private func rebuild(after error: VulkanError) throws {
        lossesInARow += 1
        guard lossesInARow < Self.deviceLossLimit else { throw DeviceLossError(losses: lossesInARow, last: error) }
        logger.warning("the GPU device was lost (\(error)); rebuilding the device and every window's GPU state (loss \(lossesInARow) in a row; at \(Self.deviceLossLimit) Flotilla gives up)")
        // Nothing the lost device ran is waited for any more; what it holds is destroyed, never used.
        host.markLost()
        screenshots.dropCaptures(host: host)
        // Thumbnails go back to their pools while those exist (an isolated window's goes with it).
        host.bridge.withdrawAll(after: host.lastSubmittedSerial)
        offscreen.dropAll(host: host)
        offscreenThumbnails.removeAll()
        windows.dropGPUState()
        var configuration = host.configuration
        if configuration.deviceLoss?.repeats != true { configuration.deviceLoss = nil }
        // The old host goes before the new one is made: its device is destroyed when the last
        // reference (here and the window manager's) is released.
        validationMessagesOfLostHosts += host.validationMessageCount
        // The lost host is destroyed (its device, memory and instance) once the last reference
        // to it goes, here; a device that cannot be made again ends the run.
        do {
            let rebuilt = try GpuHost(configuration)
            host = rebuilt
            windows.host = rebuilt
        }
        hostRebuilds += 1
        configureImageCache()
        pipelinesSaved = 0
        if !options.isolated {
            try host.shared.prepare(formats: WindowManager.likelyFormats(host))
        }
        try windows.rebuildGPUState()
        logger.notice("host rebuilt (\(hostRebuilds) since start): \(windows.windows.filter { $0.gpu != nil }.count) window(s) drawing again")
    }
}

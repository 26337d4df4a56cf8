import CVulkan
import FlotillaCore

extension DeviceMemory {
    /// The Vulkan object bound to a released allocation, destroyed with it.
    enum BoundObject {
        case buffer(VkBuffer)
        case image(VkImage, VkImageView)
    }

    /// The end of a release: the allocation `id` (and the object bound to it) goes once the GPU
    /// has finished `serial`. A serial already finished (or 0: the GPU never saw it) frees at once.
    func retire(_ id: Int, object: BoundObject?, after serial: UInt64) {
        if serial > completedSerial { completedSerial = clock.completed() }
        guard serial > completedSerial else {
            destroy(object)
            free(id)
            return
        }
        retiring.enqueue(noEarlierThan: serial) { [self] in
            destroy(object)
            free(id)
        }
    }

    /// Frees what was released for submissions up to `completed`.
    func collect(completed: UInt64) {
        completedSerial = max(completedSerial, completed)
        retiring.collect(completed: completed)
    }

    /// Releases waiting for the GPU.
    public var retiringCount: Int { retiring.count }

    private func destroy(_ object: BoundObject?) {
        switch object {
        case .buffer(let buffer): vkDestroyBuffer(device, buffer, nil)
        case .image(let image, let view):
            vkDestroyImageView(device, view, nil)
            vkDestroyImage(device, image, nil)
        case nil: break
        }
    }
}

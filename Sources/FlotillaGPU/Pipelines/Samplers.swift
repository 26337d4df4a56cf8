import CVulkan

/// The two samplers every window shares (what would be one per window and use becomes two for all).
public final class Samplers {
    public let linear: VkSampler
    public let nearest: VkSampler
    private let device: VkDevice

    init(device: VkDevice) throws {
        self.device = device
        linear = try Self.make(device, filter: VK_FILTER_LINEAR)
        do {
            nearest = try Self.make(device, filter: VK_FILTER_NEAREST)
        } catch {
            vkDestroySampler(device, linear, nil)
            throw error
        }
    }

    func destroy() {
        vkDestroySampler(device, linear, nil)
        vkDestroySampler(device, nearest, nil)
    }

    private static func make(_ device: VkDevice, filter: VkFilter) throws -> VkSampler {
        var info = VkSamplerCreateInfo()
        info.sType = VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO
        info.magFilter = filter
        info.minFilter = filter
        // Linear sampling is trilinear where an image has mipmaps (the image cache's).
        info.mipmapMode = filter == VK_FILTER_LINEAR ? VK_SAMPLER_MIPMAP_MODE_LINEAR : VK_SAMPLER_MIPMAP_MODE_NEAREST
        info.addressModeU = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE
        info.addressModeV = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE
        info.addressModeW = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE
        info.maxLod = filter == VK_FILTER_LINEAR ? VK_LOD_CLAMP_NONE : 0
        var sampler: VkSampler?
        try check(vkCreateSampler(device, &info, nil, &sampler), "vkCreateSampler")
        return sampler!
    }
}

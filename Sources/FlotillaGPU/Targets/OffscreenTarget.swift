import CVulkan
import FlotillaCore

/// Offscreen colour images a window renders into under `--headless`: the same frame path as a
/// swapchain, with images Flotilla allocates (charged to the window as `targets`).
public final class OffscreenTarget: SurfaceTarget {
    public static let defaultFormat = VK_FORMAT_B8G8R8A8_SRGB

    private let host: GpuHost
    private let owner: MemoryOwner
    private var images: [GpuImage] = []
    private var next = 0
    public private(set) var extent: Extent
    public let format: VkFormat
    public private(set) var lastPresented: Int?

    public init(host: GpuHost, extent: Extent, owner: MemoryOwner, format: VkFormat = OffscreenTarget.defaultFormat,
                imageCount: Int = 2) throws {
        self.host = host
        self.owner = owner
        self.extent = extent
        self.format = format
        images = try makeImages(imageCount, extent)
    }

    public var canCopyFrom: Bool { true }
    public var finalLayout: VkImageLayout { VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL }
    public var externalBytesEstimate: UInt64 { 0 }

    public func acquire(signalling semaphore: VkSemaphore) throws -> AcquireOutcome {
        let index = next
        next = (next + 1) % images.count
        return .image(TargetImage(index: index, image: images[index].image, view: images[index].view,
                                  renderFinished: nil, waitsForAcquire: false))
    }

    public func presentRequest(for image: TargetImage) -> PresentRequest? { nil }

    public func presented(_ image: TargetImage, result: VkResult) throws -> PresentOutcome {
        lastPresented = image.index
        return .presented
    }

    public func resize(to extent: Extent) throws {
        guard extent != self.extent else { return }
        let old = images
        images = try makeImages(old.count, extent)
        self.extent = extent
        lastPresented = nil
        host.releaseAfterSubmittedWork { [host] in old.forEach(host.destroy) }
    }

    public func destroy() {
        images.forEach(host.destroy)
        images = []
    }

    /// The image of the last presented frame, for readback.
    public var lastImage: GpuImage? { lastPresented.map { images[$0] } }

    /// All the images or none: those made before one fails are destroyed (nothing used them yet).
    private func makeImages(_ count: Int, _ extent: Extent) throws -> [GpuImage] {
        var made: [GpuImage] = []
        do {
            for _ in 0..<count { made.append(try makeImage(extent)) }
        } catch {
            made.forEach(host.destroy)
            throw error
        }
        return made
    }

    private func makeImage(_ extent: Extent) throws -> GpuImage {
        try host.makeColorImage(extent: extent, format: format,
                                usage: VkImageUsageFlags(VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT.rawValue
                                    | VK_IMAGE_USAGE_TRANSFER_SRC_BIT.rawValue),
                                owner: owner, category: .targets)
    }
}

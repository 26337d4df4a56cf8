import BasicContainers
import CVulkan
import FlotillaCore

/// Offscreen colour images a window renders into under `--headless`: the same frame path as a
/// swapchain, with images Flotilla allocates (charged to the window as `targets`).
public final class OffscreenTarget: SurfaceTarget {
    public static let defaultFormat = VK_FORMAT_B8G8R8A8_SRGB

    private let host: GpuHost
    private let owner: MemoryOwner
    private var images = UniqueArray<GpuImage>()
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
        let image = images[index].ref
        return .image(TargetImage(index: index, image: image.image, view: image.view,
                                  renderFinished: nil, waitsForAcquire: false))
    }

    public func presentRequest(for image: TargetImage) -> PresentRequest? { nil }

    public func presented(_ image: TargetImage, result: VkResult) throws -> PresentOutcome {
        lastPresented = image.index
        return .presented
    }

    public func resize(to extent: Extent) throws {
        guard extent != self.extent else { return }
        var old = try makeImages(images.count, extent)
        swap(&old, &images)
        self.extent = extent
        lastPresented = nil
        // Frames already submitted may still draw into the old images.
        while let image = old.popLast() { image.release(after: host.lastSubmittedSerial) }
    }

    public func destroy() {
        while let image = images.popLast() { image.release(after: host.lastSubmittedSerial) }
    }

    /// The image of the last presented frame, for readback.
    public var lastImage: ImageRef? { lastPresented.map { images[$0].ref } }

    /// All the images or none: those made before one fails go back (nothing used them yet).
    private func makeImages(_ count: Int, _ extent: Extent) throws -> UniqueArray<GpuImage> {
        var made = UniqueArray<GpuImage>()
        do {
            for _ in 0..<count { made.append(try makeImage(extent)) }
        } catch {
            while let image = made.popLast() { image.release(after: 0) }
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

import CVulkan
import FlotillaCore
import Foundation

/// A checked-out texture; like PooledBuffer it cannot be copied, goes back only through
/// `release(after:)`, and holds a ticket and the image's handles while the pool keeps owning
/// the GpuImage. `extent` is the part in use.
public struct PooledTexture: ~Copyable {
    /// Kept by hand, as PooledBuffer's pool is, so that `discard` may skip the deinit.
    private let pool: Unmanaged<TexturePool>
    private let ticket: Int
    public let image: ImageRef
    public let bucket: TextureBucket
    public let extent: Extent
    public let holder: MemoryOwner

    init(pool: TexturePool, ticket: Int, image: ImageRef, bucket: TextureBucket, extent: Extent, holder: MemoryOwner) {
        self.pool = Unmanaged.passRetained(pool)
        self.ticket = ticket
        self.image = image
        self.bucket = bucket
        self.extent = extent
        self.holder = holder
    }

    /// What a frame's recording needs of it, as a copyable value.
    public var lent: LentTexture { LentTexture(image: image, bucket: bucket, extent: extent) }

    /// Hands the texture back; nobody gets it before the GPU has finished `serial`.
    public consuming func release(after serial: UInt64) {
        pool.takeRetainedValue().giveBack(ticket, holder: holder, after: serial)
        discard self
    }

    deinit {
        let pool = pool.takeRetainedValue()
        pool.giveBack(ticket, holder: holder, after: pool.clock.next, dropped: true)
    }
}

/// A pooled texture's image as lent for one frame's recording: the frame (or another owner)
/// keeps the checkout, which alone can give the texture back.
public struct LentTexture {
    public let image: ImageRef
    public let bucket: TextureBucket
    /// The part in use, from the top-left corner of the bucket.
    public let extent: Extent
}

import FlotillaCore

/// A pooled texture's image as lent for one frame's recording: the frame (or another owner)
/// keeps the checkout, which alone can give the texture back.
public struct LentTexture {
    public let image: ImageRef
    public let bucket: TextureBucket
    /// The part in use, from the top-left corner of the bucket.
    public let extent: Extent
}

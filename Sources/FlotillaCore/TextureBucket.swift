

/// A texture pool bucket: format and usage, and width and height each rounded up to a power of
/// two (at least 16), so a texture serves every size up to its own.
public struct TextureBucket: Hashable, Sendable, CustomStringConvertible {
    public let format: UInt32
    public let usage: UInt32
    public let width: Int
    public let height: Int

    public init(format: UInt32, usage: UInt32, fitting extent: Extent) {
        self.format = format
        self.usage = usage
        width = max(16, SizeClass.roundUpToPowerOfTwo(extent.width))
        height = max(16, SizeClass.roundUpToPowerOfTwo(extent.height))
    }

    public var extent: Extent { Extent(width: width, height: height) }
    public var description: String { "\(width)x\(height) format \(format) usage \(usage)" }
}

/// Buffer size classes: powers of two from 4 KiB to 4 MiB. A request is served
/// from the smallest class that holds it; larger requests are exact and counted apart.
public enum SizeClass {
    public static let smallest = 4 << 10
    public static let largest = 4 << 20

    /// The class for `bytes`, or nil when it is larger than every class.
    public static func forRequest(_ bytes: Int) -> Int? {
        guard bytes <= largest else { return nil }
        return max(smallest, roundUpToPowerOfTwo(bytes))
    }

    public static func roundUpToPowerOfTwo(_ value: Int) -> Int {
        guard value > 1 else { return 1 }
        return 1 << (Int.bitWidth - (value - 1).leadingZeroBitCount)
    }
}

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

/// How many buffer pixels a window draws per logical (surface) pixel, in 120ths: the unit of
/// wp_fractional_scale_v1's preferred_scale, which also holds every integer wl_output scale
/// (2 = 240). 150% is 180, 125% is 150.
public struct DisplayScale: Hashable, Sendable, CustomStringConvertible {
    public let hundredTwentieths: Int

    public static let one = DisplayScale(hundredTwentieths: 120)

    /// A scale of 0 or less (a broken compositor) is taken as 1.
    public init(hundredTwentieths: Int) {
        self.hundredTwentieths = hundredTwentieths > 0 ? hundredTwentieths : 120
    }

    public init(integer: Int) {
        self.init(hundredTwentieths: max(integer, 1) * 120)
    }

    public var factor: Double { Double(hundredTwentieths) / 120 }
    public var isInteger: Bool { hundredTwentieths % 120 == 0 }

    /// `logical` surface pixels in buffer pixels. wp_fractional_scale_v1 asks for the product
    /// rounded half away from zero, and never less than one pixel for a non-empty length.
    public func pixels(_ logical: Int) -> Int {
        guard logical > 0 else { return 0 }
        return max((logical * hundredTwentieths + 60) / 120, 1)
    }

    /// A length that is `base` at scale 1, as a float (line widths, margins).
    public func scaled(_ base: Float) -> Float { base * Float(factor) }

    /// The buffer size for a logical (surface) size.
    public func buffer(for logical: Extent) -> Extent {
        Extent(width: pixels(logical.width), height: pixels(logical.height))
    }

    /// "1", "2", "1.5", "1.25": how a person writes a scale.
    public var description: String {
        if isInteger { return String(hundredTwentieths / 120) }
        var text = String(Double(hundredTwentieths) / 120)
        if let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) > 4 {
            text = String(text[..<text.index(dot, offsetBy: 4)])
        }
        return text
    }

    /// For the stats: 2 as an integer, 1.25 as a number.
    public var json: JSONValue {
        isInteger ? .int(hundredTwentieths / 120) : .number(factor, decimals: 4)
    }
}

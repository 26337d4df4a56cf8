/// A size in pixels.
public struct Extent: Hashable, Sendable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public var description: String { "\(width)x\(height)" }
    public var pixelCount: Int { width * height }

    /// Parses "WxH", as given to `--size`.
    public init?(parsing text: String) {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]),
              width > 0, height > 0 else { return nil }
        self.init(width: width, height: height)
    }

    /// The size a window should really use for what a compositor (or a user) asked for. A
    /// dimension of 0 means "the client decides" (xdg_toplevel.configure) and takes the
    /// fallback's; anything else is clamped into `minimum...maximum`, so a configure of
    /// 100000 x 100000 cannot ask the driver for an image it cannot make.
    public func resolved(fallback: Extent, minimum: Extent, maximum: Extent) -> Extent {
        func pick(_ asked: Int, _ fallback: Int, _ low: Int, _ high: Int) -> Int {
            let wanted = asked > 0 ? asked : fallback
            return min(max(wanted, low), max(low, high))
        }
        return Extent(width: pick(width, fallback.width, minimum.width, maximum.width),
                      height: pick(height, fallback.height, minimum.height, maximum.height))
    }
}

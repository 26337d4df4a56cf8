/// The atlas's bookkeeping, without pixels or GPU: glyphs are rasterized once and found by key; when the area is full the atlas grows by
/// doubling up to `maximumSize`, and past that the least recently used shelf is evicted.
public struct GlyphCache: Sendable {
    public struct Placement: Sendable {
        public let slot: GlyphSlot
        /// True when the glyph is new in the atlas: its pixels must be rasterized and uploaded.
        public let isNew: Bool
    }

    public private(set) var packer: ShelfPacker
    public let maximumSize: Int
    private var slots: [GlyphKey: GlyphSlot] = [:]
    /// The last use of each shelf, in frames: the eviction order.
    private var shelfUse: [Int: UInt64] = [:]
    public private(set) var rasterizations = 0
    public private(set) var evictions = 0
    public private(set) var growths = 0
    public private(set) var lookups = 0

    public init(size: Int, maximumSize: Int) {
        packer = ShelfPacker(width: size, height: size)
        self.maximumSize = maximumSize
    }

    public var size: Int { packer.width }
    public var count: Int { slots.count }
    /// The pixel sizes of the glyphs held, smallest first (a window at 150% asks for 1.5 times
    /// the sizes of one at 100%).
    /// The glyph whose slot starts at (x, y) in the atlas: what a drawn instance shows, read back.
    public func glyph(atX x: Int, y: Int) -> (key: GlyphKey, slot: GlyphSlot)? {
        slots.first { $0.value.x == x && $0.value.y == y }.map { ($0.key, $0.value) }
    }

    public var pixelSizes: [Int] { Set(slots.keys.map(\.pixelSize)).sorted() }

    /// The glyph's slot if it is in the atlas already (the fast path: one dictionary lookup).
    public mutating func find(_ key: GlyphKey, frame: UInt64) -> GlyphSlot? {
        lookups += 1
        guard let slot = slots[key] else { return nil }
        shelfUse[slot.shelf] = frame
        return slot
    }

    /// Finds the glyph or makes room for it: `measure` gives its bitmap size and metrics (only
    /// called for a new glyph). Returns nil only for a glyph larger than the whole atlas.
    public mutating func place(_ key: GlyphKey, frame: UInt64,
                               measure: () -> (width: Int, height: Int, bearingX: Int, bearingY: Int, advance: Int)) -> Placement? {
        if let slot = find(key, frame: frame) { return Placement(slot: slot, isNew: false) }
        let metrics = measure()
        while true {
            if let spot = packer.insert(width: metrics.width, height: metrics.height) {
                let slot = GlyphSlot(x: spot.x, y: spot.y, width: metrics.width, height: metrics.height,
                                     bearingX: metrics.bearingX, bearingY: metrics.bearingY, advance: metrics.advance,
                                     shelf: spot.shelf)
                slots[key] = slot
                shelfUse[spot.shelf] = frame
                rasterizations += 1
                return Placement(slot: slot, isNew: true)
            }
            if packer.width < maximumSize {
                packer.grow(toWidth: packer.width * 2, height: packer.height * 2)
                growths += 1
            } else if !evictLeastRecentlyUsedShelf(keeping: frame) {
                return nil
            }
        }
    }

    /// Empties the shelf used longest ago (never one used this frame); false if none can go.
    private mutating func evictLeastRecentlyUsedShelf(keeping frame: UInt64) -> Bool {
        guard let victim = shelfUse.filter({ $0.value < frame }).min(by: { $0.value < $1.value })?.key else { return false }
        packer.clear(shelf: victim)
        slots = slots.filter { $0.value.shelf != victim }
        shelfUse[victim] = nil
        evictions += 1
        return true
    }
}

/// Which glyph: font, pixel size (so each output scale gets crisp glyphs), and code point.
public struct GlyphKey: Hashable, Sendable {
    public let font: Int
    public let pixelSize: Int
    public let codepoint: UInt32

    public init(font: Int, pixelSize: Int, codepoint: UInt32) {
        self.font = font
        self.pixelSize = pixelSize
        self.codepoint = codepoint
    }
}

/// Where a glyph is in the atlas and how to place it on the baseline.
public struct GlyphSlot: Sendable, Equatable {
    public let x: Int, y: Int, width: Int, height: Int
    public let bearingX: Int, bearingY: Int
    public let advance: Int
    let shelf: Int
}

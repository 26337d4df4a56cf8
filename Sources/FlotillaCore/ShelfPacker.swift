/// Packs rectangles into rows ("shelves") of an atlas: a glyph goes on the first shelf tall
/// enough with room left, or on a new shelf below. Cheap, and good for glyphs of one font, whose
/// heights are close. Shelves can be emptied one at a time (eviction) and the area can grow.
public struct ShelfPacker: Sendable {
    public struct Shelf: Sendable, Equatable {
        public let y: Int
        public let height: Int
        public var used: Int
    }

    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var shelves: [Shelf] = []
    /// Space between rectangles, so linear sampling never reads a neighbour.
    public let padding: Int

    public init(width: Int, height: Int, padding: Int = 1) {
        self.width = width
        self.height = height
        self.padding = padding
    }

    /// Where a `width` x `height` rectangle goes, and its shelf; nil when it fits nowhere.
    public mutating func insert(width itemWidth: Int, height itemHeight: Int) -> (x: Int, y: Int, shelf: Int)? {
        let paddedWidth = itemWidth + padding, paddedHeight = itemHeight + padding
        guard paddedWidth <= width else { return nil }
        // The best shelf: tall enough, with room, wasting the least height.
        var best: Int?
        for (index, shelf) in shelves.enumerated()
        where shelf.height >= paddedHeight && shelf.used + paddedWidth <= width {
            if best.map({ shelves[$0].height > shelf.height }) ?? true { best = index }
        }
        if let best {
            let x = shelves[best].used
            shelves[best].used += paddedWidth
            return (x, shelves[best].y, best)
        }
        let top = shelves.last.map { $0.y + $0.height } ?? 0
        guard top + paddedHeight <= height else { return nil }
        shelves.append(Shelf(y: top, height: paddedHeight, used: paddedWidth))
        return (0, top, shelves.count - 1)
    }

    /// Empties one shelf: its space is reused by later inserts (its rectangles are gone).
    public mutating func clear(shelf index: Int) {
        shelves[index].used = 0
    }

    /// A bigger area (the atlas doubled): everything packed so far keeps its place.
    public mutating func grow(toWidth newWidth: Int, height newHeight: Int) {
        precondition(newWidth >= width && newHeight >= height, "an atlas only grows")
        width = newWidth
        height = newHeight
    }
}

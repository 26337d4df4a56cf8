/// Values stored in reusable slots with generations and a free list: O(1) insert,
/// lookup and remove, stale handles detected instead of aliasing.
public struct HandleArena<Value> {
    private var slots: [(generation: UInt32, value: Value?)] = []
    private var freeList: [UInt32] = []
    public private(set) var count = 0

    public init() {}

    public mutating func insert(_ value: Value) -> Handle<Value> {
        count += 1
        if let index = freeList.popLast() {
            slots[Int(index)].value = value
            return Handle(index: index, generation: slots[Int(index)].generation)
        }
        slots.append((0, value))
        return Handle(index: UInt32(slots.count - 1), generation: 0)
    }

    /// The value, or nil if the handle is stale (its value was removed).
    public subscript(handle: Handle<Value>) -> Value? {
        guard Int(handle.index) < slots.count, slots[Int(handle.index)].generation == handle.generation else { return nil }
        return slots[Int(handle.index)].value
    }

    /// Removes and returns the value; nil (and nothing changes) for a stale handle.
    @discardableResult
    public mutating func remove(_ handle: Handle<Value>) -> Value? {
        guard let value = self[handle] else { return nil }
        slots[Int(handle.index)] = (slots[Int(handle.index)].generation &+ 1, nil)
        freeList.append(handle.index)
        count -= 1
        return value
    }

    public var values: [Value] { slots.compactMap(\.value) }
}

/// A reference into a HandleArena: a slot index plus the generation the slot had when the value
/// was stored. A handle to a removed value never reaches the slot's next occupant.
public struct Handle<Value>: Hashable, Sendable {
    public let index: UInt32
    public let generation: UInt32
}

/// A reference into a HandleArena: a slot index plus the generation the slot had when the value
/// was stored. A handle to a removed value never reaches the slot's next occupant.
public struct Handle<Value>: Hashable, Sendable {
    public let index: UInt32
    public let generation: UInt32
}

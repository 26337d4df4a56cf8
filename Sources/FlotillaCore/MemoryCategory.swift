

/// What GPU memory is for.
public enum MemoryCategory: String, CaseIterable, Hashable, Sendable {
    case buffers, textures, atlas, ring, targets, transients, images, other
    /// Space of a device-memory block that no suballocation holds yet. Always owned by `shared`,
    /// so that the ledger's total equals the bytes taken from vkAllocateMemory.
    case reserve
}

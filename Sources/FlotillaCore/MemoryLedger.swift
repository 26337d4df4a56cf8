/// Bytes of GPU memory by owner and category: the one source the overlay, `--stats` and the
/// tests read. It only counts; DeviceMemory is what charges and credits it.
public struct MemoryLedger: Sendable {
    private struct Key: Hashable, Sendable {
        let owner: MemoryOwner
        let category: MemoryCategory
    }

    private var bytes: [Key: UInt64] = [:]

    public init() {}

    public mutating func charge(_ amount: UInt64, to owner: MemoryOwner, as category: MemoryCategory) {
        guard amount > 0 else { return }
        bytes[Key(owner: owner, category: category), default: 0] += amount
    }

    public mutating func credit(_ amount: UInt64, from owner: MemoryOwner, as category: MemoryCategory) {
        guard amount > 0 else { return }
        let key = Key(owner: owner, category: category)
        let held = bytes[key, default: 0]
        precondition(held >= amount, "ledger: \(owner) returns \(amount) bytes of \(category) but holds \(held)")
        bytes[key] = held == amount ? nil : held - amount
    }

    public func bytes(of owner: MemoryOwner) -> UInt64 {
        bytes.reduce(0) { $0 + ($1.key.owner == owner ? $1.value : 0) }
    }

    public func bytes(of owner: MemoryOwner, in category: MemoryCategory) -> UInt64 {
        bytes[Key(owner: owner, category: category), default: 0]
    }

    public func bytes(in category: MemoryCategory) -> UInt64 {
        bytes.reduce(0) { $0 + ($1.key.category == category ? $1.value : 0) }
    }

    public var totalBytes: UInt64 { bytes.values.reduce(0, +) }

    /// Every window that holds memory now.
    public var windows: [WindowID] {
        Set(bytes.keys.compactMap { key -> WindowID? in
            if case .window(let id) = key.owner { return id }
            return nil
        }).sorted()
    }
}

/// What GPU memory is for.
public enum MemoryCategory: String, CaseIterable, Hashable, Sendable {
    case buffers, textures, atlas, ring, targets, transients, images, other
    /// Space of a device-memory block that no suballocation holds yet. Always owned by `shared`,
    /// so that the ledger's total equals the bytes taken from vkAllocateMemory.
    case reserve
}

/// Who GPU memory is charged to: the host (shared by every window) or one window.
public enum MemoryOwner: Hashable, Sendable, CustomStringConvertible {
    case shared
    case window(WindowID)

    public var description: String {
        switch self {
        case .shared: "shared"
        case .window(let id): "window \(id)"
        }
    }
}

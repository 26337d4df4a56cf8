import CVulkan
import FlotillaCore

extension DeviceMemory {
    /// Takes `requirements.size` bytes of a memory type that has every `required` property
    /// (and, among those, prefers one with `preferred`), charged to `owner` as `category`.
    public func allocate(_ requirements: VkMemoryRequirements, required: VkMemoryPropertyFlags,
                         preferred: VkMemoryPropertyFlags = 0, kind: ResourceKind,
                         owner: MemoryOwner, category: MemoryCategory) throws -> MemoryAllocation {
        precondition(category != .reserve, "reserve is the allocator's own category")
        let typeIndex = try memoryType(bits: requirements.memoryTypeBits, required: required, preferred: preferred)
        let hostVisible = memoryTypes[Int(typeIndex)].propertyFlags
            & VkMemoryPropertyFlags(VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT.rawValue) != 0
        let atom = hostVisible ? nonCoherentAtomSize : 1
        let alignment = max(requirements.alignment, atom)
        let size = Self.align(requirements.size, to: atom)

        // Window targets stand in for swapchain images, which are each their own allocation: so
        // are they, and a window's targets never leave slack in a shared block.
        if size >= blockSize / 2 || kind == .target {
            if kind == .target { dedicatedTargets += 1 }
            return try allocateDedicated(size: size, typeIndex: typeIndex, hostVisible: hostVisible,
                                         owner: owner, category: category)
        }
        // A block holds the allocations of one owner's making: `shared` (whatever the shared
        // resource set makes, lent to windows later) or one isolated window, which so has
        // blocks of its own, as a renderer of its own would.
        let candidates = blocks.values
            .filter { $0.typeIndex == typeIndex && $0.kind == kind && $0.group == owner }
            .sorted { $0.id < $1.id }
        for block in candidates {
            if let range = Self.carve(&block.free, size: size, alignment: alignment) {
                return record(range, in: block, owner: owner, category: category)
            }
        }
        let block = try makeBlock(typeIndex: typeIndex, kind: kind, hostVisible: hostVisible, group: owner)
        guard let range = Self.carve(&block.free, size: size, alignment: alignment) else {
            preconditionFailure("a fresh block of \(block.size) bytes cannot hold \(size)")
        }
        return record(range, in: block, owner: owner, category: category)
    }

    /// Returns an allocation's range now (its release named a serial the GPU has finished). A
    /// block it empties is kept for `emptyGrace` (see `trim`).
    func free(_ id: Int) {
        guard let entry = live.removeValue(forKey: id) else {
            preconditionFailure("DeviceMemory: allocation \(id) freed twice or never made")
        }
        let size = UInt64(entry.range.count)
        ledger.credit(size, from: entry.owner, as: entry.category)
        guard let blockID = entry.blockID, let block = blocks[blockID] else {
            if entry.category == .targets { dedicatedTargets -= 1 }
            vkFreeMemory(device, entry.memory, nil)
            deviceAllocationCount -= 1
            deviceBytes -= size
            return
        }
        ledger.charge(size, to: block.group, as: .reserve)
        block.usedBytes -= size
        Self.insert(entry.range, into: &block.free)
        if block.usedBytes == 0 { block.emptySince = .now }
    }

    /// Frees the empty blocks of `group` now: an isolated window's set is gone, and nobody else
    /// allocates from its blocks.
    public func releaseEmptyBlocks(of group: MemoryOwner) {
        for block in blocks.values where block.group == group && block.usedBytes == 0 {
            blocks[block.id] = nil
            releaseBlock(block)
        }
    }

    /// Frees the blocks that have been empty for longer than `emptyGrace`.
    public func trim(now: ContinuousClock.Instant) {
        for block in blocks.values {
            guard let since = block.emptySince, block.usedBytes == 0, now - since > Self.emptyGrace else { continue }
            blocks[block.id] = nil
            releaseBlock(block)
        }
    }

    /// Moves an allocation's charge to another owner (a pool lending a buffer to a window, and
    /// taking it back). The bytes stay where they are.
    public func transfer(_ allocation: borrowing MemoryAllocation, to owner: MemoryOwner) {
        guard var entry = live[allocation.id] else {
            preconditionFailure("DeviceMemory: transfer of allocation \(allocation.id), which is not alive")
        }
        guard entry.owner != owner else { return }
        let size = UInt64(entry.range.count)
        ledger.credit(size, from: entry.owner, as: entry.category)
        ledger.charge(size, to: owner, as: entry.category)
        entry.owner = owner
        live[allocation.id] = entry
    }

    public func owner(of allocation: borrowing MemoryAllocation) -> MemoryOwner? {
        live[allocation.id]?.owner
    }

    func releaseBlock(_ block: Block) {
        ledger.credit(block.size - block.usedBytes, from: block.group, as: .reserve)
        if block.mapped != nil { vkUnmapMemory(device, block.memory) }
        vkFreeMemory(device, block.memory, nil)
        deviceAllocationCount -= 1
        deviceBytes -= block.size
    }

    private func record(_ range: Range<UInt64>, in block: Block, owner: MemoryOwner,
                        category: MemoryCategory) -> MemoryAllocation {
        let size = UInt64(range.count)
        block.usedBytes += size
        block.emptySince = nil
        ledger.credit(size, from: block.group, as: .reserve)
        ledger.charge(size, to: owner, as: category)
        let id = takeID()
        live[id] = Live(blockID: block.id, range: range, memory: block.memory, owner: owner, category: category)
        return MemoryAllocation(memory: block.memory, offset: range.lowerBound, size: size,
                                mapped: block.mapped.map { $0 + Int(range.lowerBound) }, id: id, blockID: block.id,
                                allocator: self)
    }

    private func allocateDedicated(size: UInt64, typeIndex: UInt32, hostVisible: Bool,
                                   owner: MemoryOwner, category: MemoryCategory) throws -> MemoryAllocation {
        let (memory, mapped) = try allocateDeviceMemory(size: size, typeIndex: typeIndex, map: hostVisible)
        ledger.charge(size, to: owner, as: category)
        let id = takeID()
        live[id] = Live(blockID: nil, range: 0..<size, memory: memory, owner: owner, category: category)
        return MemoryAllocation(memory: memory, offset: 0, size: size, mapped: mapped, id: id, blockID: nil,
                                allocator: self)
    }

    private func makeBlock(typeIndex: UInt32, kind: ResourceKind, hostVisible: Bool, group: MemoryOwner) throws -> Block {
        let (memory, mapped) = try allocateDeviceMemory(size: blockSize, typeIndex: typeIndex, map: hostVisible)
        let block = Block(id: takeID(), memory: memory, size: blockSize, typeIndex: typeIndex, kind: kind, mapped: mapped,
                          group: group)
        blocks[block.id] = block
        ledger.charge(blockSize, to: group, as: .reserve)
        return block
    }

    private func allocateDeviceMemory(size: UInt64, typeIndex: UInt32,
                                      map: Bool) throws -> (VkDeviceMemory, UnsafeMutableRawPointer?) {
        var info = VkMemoryAllocateInfo()
        info.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO
        info.allocationSize = size
        info.memoryTypeIndex = typeIndex
        var memory: VkDeviceMemory?
        allocationRequests += 1
        let injected = failingAllocation == allocationRequests
        func attempt() -> VkResult {
            if injected { return VK_ERROR_OUT_OF_DEVICE_MEMORY }
            if let budget, deviceBytes + size > budget { return VK_ERROR_OUT_OF_DEVICE_MEMORY }
            return vkAllocateMemory(device, &info, nil, &memory)
        }
        var result = attempt()
        if result == VK_ERROR_OUT_OF_DEVICE_MEMORY || result == VK_ERROR_OUT_OF_HOST_MEMORY {
            // What the pools keep idle and the empty blocks go; then once more.
            relieve()
            result = attempt()
        }
        if result != VK_SUCCESS {
            refusals += 1
            if let budget, deviceBytes + size > budget {
                throw MemoryBudgetError(asked: size, used: deviceBytes, budget: budget)
            }
        }
        try check(result, "vkAllocateMemory(\(size) bytes)")
        var mapped: UnsafeMutableRawPointer?
        if map {
            let result = vkMapMemory(device, memory, 0, size, 0, &mapped)
            if result != VK_SUCCESS {
                vkFreeMemory(device, memory, nil)
                throw VulkanError(operation: "vkMapMemory", result: result)
            }
        }
        deviceAllocationCount += 1
        deviceBytes += size
        return (memory!, mapped)
    }

    private func memoryType(bits: UInt32, required: VkMemoryPropertyFlags,
                            preferred: VkMemoryPropertyFlags) throws -> UInt32 {
        let allowed = memoryTypes.indices.filter {
            bits & (1 << UInt32($0)) != 0 && memoryTypes[$0].propertyFlags & required == required
        }
        if let best = allowed.first(where: { memoryTypes[$0].propertyFlags & preferred == preferred }) ?? allowed.first {
            return UInt32(best)
        }
        throw VulkanError(operation: "choosing a memory type (bits \(bits), flags \(required))",
                          result: VK_ERROR_FEATURE_NOT_PRESENT)
    }

    private func takeID() -> Int {
        defer { nextID += 1 }
        return nextID
    }
}

/// An allocation that would take Flotilla past `--memory-budget`.
public struct MemoryBudgetError: Error, CustomStringConvertible {
    public let asked: UInt64
    public let used: UInt64
    public let budget: UInt64

    public var description: String {
        "\(ByteCount.format(asked)) asked with \(ByteCount.format(used)) of the \(ByteCount.format(budget)) memory budget in use (--memory-budget)"
    }
}

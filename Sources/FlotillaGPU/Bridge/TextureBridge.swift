import CVulkan
import FlotillaCore

/// Windows' latest frames, shared with other windows of the one device: each window publishes a
/// source; while anyone subscribes, the end of each of its frames scales the frame down on the
/// GPU into a small pooled thumbnail (charged to the producer) with a frame counter. Subscribers
/// hold generation-checked handles: a closed producer's handle is stale, and looking it up says
/// "gone", never a dangling image. Zero-copy on the one queue: the producer's barrier and the
/// submission order are the only synchronization (no semaphore, no CPU copy).
public final class TextureBridge {
    /// One producer's published source.
    public final class Entry {
        public let producer: WindowID
        public internal(set) var label: String
        /// The thumbnail the producer's frames blit into, its size in texels, and the serial
        /// of the first pass that blitted into it (0: none yet). The blit is in its pass's
        /// epilogue, after every window of the pass has drawn, so a thumbnail can be sampled
        /// from the pass after its first blit on.
        var thumbnail: PooledTexture?
        var thumbnailExtent = Extent(width: 0, height: 0)
        var firstWrittenIn: UInt64 = 0
        /// The thumbnail before a resize, shown until the new one has been written.
        var retired: PooledTexture?
        var retiredExtent = Extent(width: 0, height: 0)
        /// Thumbnails made so far: a subscriber sees it advance as the producer renders.
        public internal(set) var frames: UInt64 = 0

        init(producer: WindowID, label: String) {
            self.producer = producer
            self.label = label
        }

        /// What a frame of the pass `serial` can sample: the newest thumbnail written by an
        /// earlier pass, with its size; nil before the first.
        public func shown(in serial: UInt64) -> (view: VkImageView, extent: Extent)? {
            if firstWrittenIn != 0, firstWrittenIn < serial, let view = thumbnail?.image.view { return (view, thumbnailExtent) }
            guard let view = retired?.image.view else { return nil }
            return (view, retiredExtent)
        }

        /// Back to the pools once the GPU is past `serial`.
        func release(after serial: UInt64) {
            thumbnail.take()?.release(after: serial)
            retired.take()?.release(after: serial)
        }
    }

    private var arena = HandleArena<Entry>()
    private var handles: [WindowID: Handle<Entry>] = [:]
    private var subscribers: Set<WindowID> = []
    /// Subscriptions ever made, and lookups of a handle whose producer had gone.
    public private(set) var subscriptions = 0
    public private(set) var stale = 0

    /// Thumbnails are this wide (their height keeps the frame's aspect).
    public static let thumbnailWidth = 320

    public init() {}

    public var published: Int { arena.count }
    public var hasSubscribers: Bool { !subscribers.isEmpty }

    public func publish(_ producer: WindowID, label: String) {
        if let handle = handles[producer], let entry = arena[handle] {
            entry.label = label
            return
        }
        handles[producer] = arena.insert(Entry(producer: producer, label: label))
    }

    /// The producer closes: its handle goes stale now, its thumbnail back to its pool once the
    /// GPU is past `serial` (later frames may still sample it).
    public func withdraw(_ producer: WindowID, after serial: UInt64) {
        unsubscribe(producer)
        guard let handle = handles.removeValue(forKey: producer), let entry = arena.remove(handle) else { return }
        entry.release(after: serial)
    }

    public func subscribe(_ subscriber: WindowID) {
        if subscribers.insert(subscriber).inserted { subscriptions += 1 }
    }

    public func unsubscribe(_ subscriber: WindowID) {
        subscribers.remove(subscriber)
    }

    /// The handles of every producer but `subscriber`, in window order.
    public func handles(except subscriber: WindowID) -> [Handle<Entry>] {
        handles.filter { $0.key != subscriber }.sorted { $0.key.rawValue < $1.key.rawValue }.map(\.value)
    }

    /// `producer`'s entry, if it publishes.
    public func entry(of producer: WindowID) -> Entry? {
        handles[producer].flatMap { arena[$0] }
    }

    /// The source behind `handle`; nil ("gone", counted as stale) once its producer withdrew.
    public func source(_ handle: Handle<Entry>) -> Entry? {
        guard let entry = arena[handle] else {
            stale += 1
            return nil
        }
        return entry
    }

    /// Called while `producer`'s frame is prepared: with a subscriber and a frame that can be
    /// copied from, the frame ends with a blit into the producer's thumbnail.
    public func prepareThumbnail(for producer: WindowID, _ frame: FrameContext) throws {
        guard hasSubscribers, frame.canCopyFrom, let handle = handles[producer], let entry = arena[handle],
              frame.extent.width > 0, frame.extent.height > 0 else { return }
        let width = min(Self.thumbnailWidth, frame.extent.width)
        let size = Extent(width: width, height: max(frame.extent.height * width / frame.extent.width, 1))
        if entry.firstWrittenIn != 0, entry.firstWrittenIn < frame.serial {
            // The newer thumbnail is readable now; frames of this pass may still sample the old.
            entry.retired.take()?.release(after: frame.serial)
        }
        if entry.thumbnailExtent != size || entry.thumbnail == nil {
            // The old one stays on show until the new one is written (frames already submitted
            // may sample it too); an unwritten one goes back after this frame.
            if let old = entry.thumbnail.take() {
                if entry.firstWrittenIn != 0, entry.retired == nil {
                    entry.retired = consume old
                    entry.retiredExtent = entry.thumbnailExtent
                } else {
                    old.release(after: frame.serial)
                }
            }
            let usage = VkImageUsageFlags(VK_IMAGE_USAGE_TRANSFER_DST_BIT.rawValue | VK_IMAGE_USAGE_SAMPLED_BIT.rawValue)
            entry.thumbnail = try frame.resources.texturePool.checkout(size, format: frame.pipelines.format, usage: usage,
                                                                       for: frame.owner)
            entry.thumbnailExtent = size
            entry.firstWrittenIn = 0
        }
        guard let image = entry.thumbnail?.image.image else { return }
        frame.epilogue.add(.thumbnail(image: VulkanHandle(image), extent: size))
        if entry.firstWrittenIn == 0 { entry.firstWrittenIn = frame.serial }
        entry.frames += 1
    }

    /// Everything back to its pools (the host is going, or the device was lost).
    public func withdrawAll(after serial: UInt64) {
        for producer in Array(handles.keys) { withdraw(producer, after: serial) }
        subscribers.removeAll()
    }
}

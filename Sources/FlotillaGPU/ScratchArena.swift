/// Stable heap copies of C structs and arrays for the length of one Vulkan call, so create-info
/// chains read top to bottom instead of as nested withUnsafePointer closures. Everything is
/// freed when the arena goes away.
final class ScratchArena {
    private var releases: [() -> Void] = []

    func store<T>(_ value: T) -> UnsafeMutablePointer<T> {
        let pointer = UnsafeMutablePointer<T>.allocate(capacity: 1)
        pointer.initialize(to: value)
        releases.append { pointer.deinitialize(count: 1); pointer.deallocate() }
        return pointer
    }

    func store<T>(array values: [T]) -> UnsafeMutablePointer<T>? {
        guard !values.isEmpty else { return nil }
        let pointer = UnsafeMutablePointer<T>.allocate(capacity: values.count)
        pointer.initialize(from: values, count: values.count)
        releases.append { pointer.deinitialize(count: values.count); pointer.deallocate() }
        return pointer
    }

    func store(cString text: String) -> UnsafePointer<CChar> {
        let bytes = Array(text.utf8CString)
        return UnsafePointer(store(array: bytes)!)
    }

    deinit {
        releases.forEach { $0() }
    }
}

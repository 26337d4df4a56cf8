import CWayland
import Logging

/// A wl_output: Flotilla wants its scale (HiDPI) and its name, for logs.
public final class Output {
    let proxy: OpaquePointer
    let registryName: UInt32
    let version: UInt32
    public private(set) var scale = 1
    /// The current mode's refresh rate in millihertz (0 until known).
    public private(set) var refreshMillihertz: Int32 = 0
    public private(set) var name = ""
    /// Called at wl_output.done, which closes every batch of property changes (scale included).
    var propertiesDone: (() -> Void)?

    init(proxy: OpaquePointer, registryName: UInt32, version: UInt32) {
        self.proxy = proxy
        self.registryName = registryName
        self.version = version
        wl_output_add_listener(proxy, Self.listener, Unmanaged.passUnretained(self).toOpaque())
    }

    /// wl_output.release (v3) tells the compositor; older outputs only destroy the proxy.
    func destroy() {
        if version >= 3 { wl_output_release(proxy) } else { wl_output_destroy(proxy) }
    }

    nonisolated(unsafe) static let listener: UnsafeMutablePointer<wl_output_listener> = {
        func output(_ data: UnsafeMutableRawPointer?) -> Output { Unmanaged<Output>.fromOpaque(data!).takeUnretainedValue() }
        let listener = UnsafeMutablePointer<wl_output_listener>.allocate(capacity: 1)
        listener.initialize(to: wl_output_listener(
            geometry: { _, _, _, _, _, _, _, _, _, _ in },
            mode: { data, _, flags, _, _, refresh in
                // Only the current mode's refresh matters for pacing.
                if flags & WL_OUTPUT_MODE_CURRENT.rawValue != 0 { output(data).refreshMillihertz = refresh }
            },
            done: { data, _ in output(data).propertiesDone?() },
            scale: { data, _, factor in output(data).scale = Int(max(factor, 1)) },
            name: { data, _, name in output(data).name = name.map { String(cString: $0) } ?? "" },
            description: { _, _, _ in }))
        return listener
    }()
}

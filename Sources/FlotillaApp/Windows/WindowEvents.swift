import FlotillaCore
import FlotillaGPU
import FlotillaWayland
import Logging

/// What the window manager tells the application's loop.
protocol WindowEvents: AnyObject {
    func frameBecameDue(_ window: AppWindow)
    func requestInputPaint(_ window: AppWindow)
    func windowClosed(_ window: AppWindow)
    /// The compositor showed frame `token` of `window` at `time` (its presentation clock).
    func framePresented(_ window: AppWindow, token: UInt64, at time: Duration, refresh: Duration)
}

import ArgumentParser
import FlotillaApp
import FlotillaCore
import FlotillaWayland
import Foundation
import Logging

// What the argument parser reads straight into Flotilla's own types (and the log level).

extension Logger.Level: @retroactive ExpressibleByArgument {}

/// `--size 800x600`, parsed once by the argument parser.
extension Extent: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
    public var defaultValueDescription: String { description }
}

/// `--scene grid|particles|post|overview|gallery|mix`, parsed once by the argument parser.
extension SceneChoice: ExpressibleByArgument {
    public static var allValueStrings: [String] { SceneKind.allCases.map(\.rawValue) + ["mix"] }
    public var defaultValueDescription: String { "mix" }
}

import ArgumentParser
import FlotillaApp
import FlotillaCore
import FlotillaWayland
import Foundation
import Logging

struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the GPU host's capabilities: device, driver, memory heaps, extensions in use.")

    @OptionGroup var logging: LoggingOptions

    func run() throws {
        let logger = logging.bootstrap()
        do {
            printReport(try HostReport.text(withWayland: false, logger: logger))
        } catch {
            fail(error)
        }
    }
}

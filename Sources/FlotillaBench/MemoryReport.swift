import FlotillaApp
import FlotillaCore
import Foundation

/// The markdown of `flotilla bench-memory`.
enum MemoryReport {
    static func markdown(_ rows: [MemoryBenchmark.Row], device: String, size: Extent, frames: Int) -> String {
        func kib(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1024) }
        func mib(_ bytes: Int) -> String { String(format: "%.2f", Double(bytes) / 1_048_576) }
        var text = """
        # Memory: shared vs isolated

        Measured by `flotilla bench-memory` on \(device), \(size) windows, headless, \(frames) frames each,
        every row a separate run of the same binary read from its final `--stats` line.

        - **in use**: bytes of Flotilla's own Vulkan allocations in use (the ledger, block reserve left out);
        - offscreen targets stand in for swapchain images (the window system's) and are left out of both;
        - **per extra window**: (in use at N − in use at 1) / (N − 1);
        - **allocations**: `vkAllocateMemory` objects alive, targets' blocks left out;
        - **PSS**: the whole process, the Vulkan driver's code and data included (lavapipe's LLVM alone
          is ~55 MB).


        """
        for scene in Array(Set(rows.map(\.scene))).sorted() {
            text += "## \(scene)\n\n| mode | windows | in use (KiB) | per extra window (KiB) | allocations | pipelines | PSS (MiB) |\n"
            text += "|---|---:|---:|---:|---:|---:|---:|\n"
            for row in rows where row.scene == scene {
                let one = rows.first { $0.scene == scene && $0.mode == row.mode && $0.windows == 1 }
                let extra = row.windows > 1 && one != nil ? kib((row.appBytes - one!.appBytes) / (row.windows - 1)) : "—"
                text += "| \(row.mode) | \(row.windows) | \(kib(row.appBytes)) | \(extra) | \(row.deviceAllocations) | \(row.pipelines) | \(mib(row.pssBytes)) |\n"
            }
            text += "\n"
        }
        if rows.contains(where: { $0.driverUsageBytes != nil }) {
            text += "## The driver's view (VK_EXT_memory_budget)\n\n"
            text += "Per extra window, targets included (the driver sees them): the ledger's total against the "
            text += "heap usage the driver reports (all heaps: the ring is host-visible memory), and what the driver's figure holds beyond the "
            text += "window's two target images.\n\n"
            text += "| scene | mode | windows | ledger per extra window (KiB) | driver per extra window (KiB) | driver / ledger | driver beyond the targets (KiB) |\n|---|---|---:|---:|---:|---:|---:|\n"
            for row in rows where row.windows > 1 {
                guard let one = rows.first(where: { $0.scene == row.scene && $0.mode == row.mode && $0.windows == 1 }),
                      let driver = row.driverUsageBytes, let driverOne = one.driverUsageBytes else { continue }
                let ledger = (row.ledgerTotalBytes - one.ledgerTotalBytes) / (row.windows - 1)
                let measured = (driver - driverOne) / (row.windows - 1)
                let targets = (row.targetBytes - one.targetBytes) / (row.windows - 1)
                text += "| \(row.scene) | \(row.mode) | \(row.windows) | \(kib(ledger)) | \(kib(measured)) | \(ledger > 0 ? String(format: "%.2f", Double(measured) / Double(ledger)) : "—") | \(kib(measured - targets)) |\n"
            }
            text += "\n"
        }
        text += "## Shared / isolated\n\n"
        text += "In use (the ledger, block reserve apart) and at the device level (every block whole, targets apart: "
        text += "under `--isolated` each window allocates blocks of its own, as a renderer of its own would).\n\n"
        text += "| scene | windows | shared in use | isolated in use | ratio in use | shared device | isolated device | ratio device | transients shared / isolated |\n"
        text += "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for scene in Array(Set(rows.map(\.scene))).sorted() {
            for windows in Array(Set(rows.map(\.windows))).sorted() where windows > 1 {
                guard let shared = rows.first(where: { $0.scene == scene && $0.mode == "shared" && $0.windows == windows }),
                      let isolated = rows.first(where: { $0.scene == scene && $0.mode == "isolated" && $0.windows == windows })
                else { continue }
                func ratio(_ a: Int, _ b: Int) -> String { String(format: "%.3f", Double(a) / Double(max(b, 1))) }
                text += "| \(scene) | \(windows) | \(kib(shared.appBytes)) KiB | \(kib(isolated.appBytes)) KiB "
                text += "| \(ratio(shared.appBytes, isolated.appBytes)) | \(mib(shared.allocatedBytes)) MiB "
                text += "| \(mib(isolated.allocatedBytes)) MiB | \(ratio(shared.allocatedBytes, isolated.allocatedBytes)) "
                text += "| \(mib(shared.transientBytes)) / \(mib(isolated.transientBytes)) MiB |\n"
            }
        }
        text += "\n![bytes in use against windows](memory.png)\n"
        return text
    }
}

import CVulkan
import FlotillaCore
import FlotillaGPU
import Logging

/// `flotilla info`: the host's capabilities as text a person reads.
public enum HostReport {
    /// Makes a host (presenting to Wayland only if `withWayland`) and describes it.
    public static func text(withWayland: Bool, logger: Logger) throws -> String {
        let host = try GpuHost(.init(presentsToWayland: withWayland, logger: logger))
        let capabilities = host.capabilities
        var lines = [
            "Vulkan instance   \(capabilities.instanceVersionText)",
            "Device            \(capabilities.deviceName) (\(capabilities.deviceType), vendor 0x\(String(capabilities.vendorID, radix: 16)), device 0x\(String(capabilities.deviceID, radix: 16)))",
            "Device API        \(capabilities.apiVersionText)",
            "Driver            \(capabilities.driverName) — \(capabilities.driverInfo)",
            "Layers requested  \(capabilities.instanceLayers.isEmpty ? "none" : capabilities.instanceLayers.joined(separator: ", "))",
            "Instance ext.     \(capabilities.instanceExtensions.isEmpty ? "none" : capabilities.instanceExtensions.joined(separator: ", "))",
            "Device ext.       \(capabilities.deviceExtensions.isEmpty ? "none" : capabilities.deviceExtensions.joined(separator: ", "))",
            "Features used     Vulkan 1.3 dynamic rendering, synchronization2, timeline semaphores",
            "HDR scene image   \(capabilities.hdrFormat == VK_FORMAT_B10G11R11_UFLOAT_PACK32 ? "B10G11R11 float (32 bits a pixel)" : "RGBA16 float (64 bits a pixel)"); bloom levels RGBA16 float",
            "Memory heaps",
        ]
        for (index, heap) in capabilities.memoryHeaps.enumerated() {
            var line = "  heap \(index)  \(ByteCount.format(heap.size))\(heap.deviceLocal ? "  device-local" : "")"
            if let usage = heap.usage, let budget = heap.budget {
                line += "  usage \(ByteCount.format(usage)) of budget \(ByteCount.format(budget))"
            }
            lines.append(line)
        }
        if !capabilities.hasMemoryBudget { lines.append("  (no VK_EXT_memory_budget: usage is Flotilla's own ledger)") }
        return lines.joined(separator: "\n")
    }
}

extension HostReport {
    /// "llvmpipe (LLVM 15.0.6, 256 bits), Mesa 22.3.6 (LLVM 15.0.6)": for reports.
    public static func deviceLine(logger: Logger) throws -> String {
        let host = try GpuHost(.init(presentsToWayland: false, logger: logger))
        return "\(host.capabilities.deviceName), \(host.capabilities.driverInfo)"
    }
}

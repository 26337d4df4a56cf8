import CVulkan
import FlotillaCore
@testable import FlotillaGPU
import Testing

/// Replaying a window's draws joins barriers that follow one another into one
/// `vkCmdPipelineBarrier2` (every image transition, the memory dependencies merged), also across
/// a change of pipeline layout, and never moves a barrier past a command. No GPU: the steps.
@Suite struct RecordedDrawsTests {
    private func handle(_ value: Int) -> OpaquePointer { OpaquePointer(bitPattern: value)! }

    private func drawList() -> DrawList {
        let push: PFN_vkCmdPushDescriptorSetKHR = { _, _, _, _, _, _ in }
        return DrawList(binding: PipelineBinding(layout: VulkanHandle(handle(0x10)), pushDescriptor: push))
    }

    private func summary(_ steps: [RecordedDraws.Step]) -> [String] {
        steps.map { step in
            switch step {
            case .barrier(let transitions, let memory): "barrier(\(transitions.count)\(memory == nil ? "" : "+memory"))"
            case .command(.binding): "binding"
            case .command(.draw): "draw"
            case .command(.beginRendering): "begin"
            case .command(.endRendering): "end"
            case .command: "other"
            }
        }
    }

    @Test func consecutiveBarriersBecomeOneAndCommandsKeepTheirPlace() {
        let draws = drawList()
        let stage = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT
        let fragment = VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT
        draws.transition(handle(0x100), from: VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, to: VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                         srcStage: stage, dstStage: fragment, dstAccess: 1)
        draws.transition(handle(0x200), from: VK_IMAGE_LAYOUT_UNDEFINED, to: VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                         srcStage: stage, dstStage: stage, dstAccess: 2)
        draws.memoryBarrier(srcStage: 4, srcAccess: 8, dstStage: 16, dstAccess: 32)
        let beforeBinding = draws.commands.count
        draws.memoryBarrier(srcStage: 64, dstStage: 128)
        draws.beginRendering(handle(0x300), extent: Extent(width: 4, height: 4), clear: nil)
        draws.draw(vertices: 6)
        draws.endRendering()
        draws.transition(handle(0x200), from: VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL, to: VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                         srcStage: stage, dstStage: fragment, dstAccess: 1)
        // A change of pipeline layout between the two memory barriers (as `use(_:)` records it).
        var commands = draws.commands
        commands.insert(.binding(draws.binding), at: beforeBinding)
        let steps = RecordedDraws(binding: draws.binding, commands: commands).steps()
        #expect(summary(steps) == ["binding", "barrier(2+memory)", "begin", "draw", "end", "barrier(1)"])
        guard case .barrier(_, let memory?) = steps[1] else {
            Issue.record("the first barrier has no memory dependency")
            return
        }
        #expect(memory.srcStageMask == 4 | 64 && memory.dstStageMask == 16 | 128)
        #expect(memory.srcAccessMask == 8 && memory.dstAccessMask == 32)
    }

    @Test func drawsWithoutBarriersReplayAsTheyAre() {
        let draws = drawList()
        draws.draw(vertices: 3)
        draws.draw(vertices: 6, instances: 2)
        #expect(summary(draws.recorded.steps()) == ["draw", "draw"])
    }
}

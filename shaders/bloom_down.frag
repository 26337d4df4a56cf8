#version 450
#extension GL_GOOGLE_include_directive : require
#include "frame.glsl"
#include "bloom.glsl"

// One step down the bloom chain (the dual-filter downsample: the centre and four diagonal
// taps between texels). The first step keeps only what is brighter than frame.time (the
// threshold, with a soft knee); later steps pass 0 and keep everything.
layout(location = 0) in vec2 uv;
layout(location = 0) out vec4 color;

void main() {
    vec2 at = uv * frame.params.xy;
    vec2 h = frame.params.zw;
    vec3 sum = sampleSource(at) * 4.0 + sampleSource(at + vec2(-h.x, -h.y)) + sampleSource(at + vec2(h.x, -h.y))
             + sampleSource(at + vec2(-h.x, h.y)) + sampleSource(at + vec2(h.x, h.y));
    vec3 result = sum / 8.0;
    float threshold = frame.time;
    if (threshold > 0.0) {
        float brightness = max(result.r, max(result.g, result.b));
        float knee = threshold * 0.5;
        float soft = clamp(brightness - threshold + knee, 0.0, 2.0 * knee);
        soft = soft * soft / (4.0 * knee + 1e-4);
        result *= max(soft, brightness - threshold) / max(brightness, 1e-4);
    }
    color = vec4(result, 1.0);
}

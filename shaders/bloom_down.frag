#version 450
#extension GL_GOOGLE_include_directive : require
#include "frame.glsl"
#include "bloom.glsl"

// One step down the bloom chain (the dual-filter downsample: the centre and four diagonal
// taps between texels). The first step keeps, of every tap, only what is brighter than
// frame.time (the threshold, with a soft knee), so a small bright particle blooms even though
// the average around it is dark; later steps pass 0 and keep everything.
layout(location = 0) in vec2 uv;
layout(location = 0) out vec4 color;

vec3 tap(vec2 at) {
    vec3 value = sampleSource(at);
    float threshold = frame.time;
    if (threshold <= 0.0) return value;
    float brightness = max(value.r, max(value.g, value.b));
    float knee = threshold * 0.5;
    float soft = clamp(brightness - threshold + knee, 0.0, 2.0 * knee);
    soft = soft * soft / (4.0 * knee + 1e-4);
    return value * max(soft, brightness - threshold) / max(brightness, 1e-4);
}

void main() {
    vec2 at = uv * frame.params.xy;
    vec2 h = frame.params.zw;
    vec3 sum = tap(at) * 4.0 + tap(at + vec2(-h.x, -h.y)) + tap(at + vec2(h.x, -h.y))
             + tap(at + vec2(-h.x, h.y)) + tap(at + vec2(h.x, h.y));
    color = vec4(sum / 8.0, 1.0);
}

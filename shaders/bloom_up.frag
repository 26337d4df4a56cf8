#version 450
#extension GL_GOOGLE_include_directive : require
#include "frame.glsl"
#include "bloom.glsl"

// One step up the bloom chain (the dual-filter upsample: a tent of eight taps), added onto the
// level below, which still holds its own downsampled light.
layout(location = 0) in vec2 uv;
layout(location = 0) out vec4 color;

void main() {
    vec2 at = uv * frame.params.xy;
    vec2 h = frame.params.zw;
    vec3 sum = sampleSource(at + vec2(-2.0 * h.x, 0.0)) + sampleSource(at + vec2(2.0 * h.x, 0.0))
             + sampleSource(at + vec2(0.0, -2.0 * h.y)) + sampleSource(at + vec2(0.0, 2.0 * h.y))
             + (sampleSource(at + vec2(-h.x, -h.y)) + sampleSource(at + vec2(h.x, -h.y))
              + sampleSource(at + vec2(-h.x, h.y)) + sampleSource(at + vec2(h.x, h.y))) * 2.0;
    color = vec4(sum / 12.0, 0.0);
}

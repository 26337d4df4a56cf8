// Shared by the bloom passes: they read a source image of which only the top-left part is in
// use (the transient targets are sized for the largest window and shared by all), so every
// sample is clamped inside that part, half a texel in, and never reads another window's pixels.
// params.xy: the used part of the source in uv (used size / image size); params.zw: one source
// texel in uv.
layout(set = 0, binding = 0) uniform sampler2D source;

vec3 sampleSource(vec2 at) {
    vec2 limit = frame.params.xy - frame.params.zw * 0.5;
    return texture(source, clamp(at, frame.params.zw * 0.5, limit)).rgb;
}

// Per-draw constants shared by every graphics pipeline of the set (one pipeline layout, its whole
// 48-byte range, which particles.comp reads as its own block).
layout(push_constant) uniform Frame {
    vec2 resolution;   // target size in pixels
    float time;        // seconds of animation, paused with the window
    float hue;         // the window's accent hue, in turns (0..1)
    vec4 params;       // per pipeline: glyphs (cell size, grid origin); bloom and post (see them)
    vec4 extra;        // per pipeline: post (output scale, exposure, bloom strength)
} frame;

vec3 hueToRGB(float hue) {
    vec3 k = clamp(abs(fract(hue + vec3(0.0, 2.0 / 3.0, 1.0 / 3.0)) * 6.0 - 3.0) - 1.0, 0.0, 1.0);
    return k * k * (3.0 - 2.0 * k);
}

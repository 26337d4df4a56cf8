#version 450
#extension GL_GOOGLE_include_directive : require
#include "frame.glsl"

// The CRT composite, at the window's full resolution: the HDR scene plus its bloom, tone mapped
// (ACES, fitted), on a gently curved tube with scanlines, an aperture grille and a vignette.
// params.xy: the used part of the scene image in uv; params.zw: the same of the bloom image.
// extra.x: the output scale (scanlines and grille are in logical pixels); extra.y: exposure;
// extra.z: the bloom's strength.
layout(set = 0, binding = 0) uniform sampler2D scene;
layout(set = 0, binding = 2) uniform sampler2D bloom;
layout(location = 0) in vec2 uv;
layout(location = 0) out vec4 color;

vec3 sampleScene(vec2 at) {
    return texture(scene, clamp(at, vec2(0.0), vec2(1.0)) * frame.params.xy).rgb;
}

vec3 aces(vec3 x) {
    return clamp((x * (2.51 * x + 0.03)) / (x * (2.43 * x + 0.59) + 0.14), 0.0, 1.0);
}

void main() {
    vec2 centered = uv * 2.0 - 1.0;
    vec2 curved = centered * (1.0 + 0.035 * dot(centered, centered));
    vec2 at = curved * 0.5 + 0.5;
    if (any(lessThan(at, vec2(0.0))) || any(greaterThan(at, vec2(1.0)))) {
        color = vec4(0.0, 0.0, 0.0, 1.0);
        return;
    }
    float scale = max(frame.extra.x, 1.0);
    // A slight convergence error: red and blue land a logical pixel apart.
    vec2 split = vec2(scale * 0.8 / frame.resolution.x, 0.0);
    vec3 base = vec3(sampleScene(at + split).r, sampleScene(at).g, sampleScene(at - split).b);
    vec3 glow = texture(bloom, clamp(at, vec2(0.0), vec2(1.0)) * frame.params.zw).rgb;
    vec3 hdr = (base + glow * frame.extra.z) * frame.extra.y;
    float line = gl_FragCoord.y / scale;
    float scan = 0.78 + 0.22 * pow(sin(line * 3.14159265 / 3.0), 2.0);
    float grille = 0.9 + 0.1 * sin(gl_FragCoord.x / scale * 2.0944);
    float vignette = smoothstep(1.4, 0.4, length(centered));
    vec3 tube = aces(hdr * scan * grille) * vignette;
    color = vec4(tube + hueToRGB(frame.hue) * 0.01 * vignette, 1.0);
}

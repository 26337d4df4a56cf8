#version 450
#extension GL_GOOGLE_include_directive : require
#include "frame.glsl"

// A CRT: the low-resolution scene texture, curved, with scanlines, a shadow mask, a soft glow
// and a vignette. params.xy: the used part of the pooled texture (its uv scale); params.zw: the
// scene's size in texels.
layout(set = 0, binding = 0) uniform sampler2D scene;
layout(location = 0) in vec2 uv;
layout(location = 0) out vec4 color;

vec3 sampleScene(vec2 at) {
    return texture(scene, clamp(at, vec2(0.0), vec2(1.0)) * frame.params.xy).rgb;
}

void main() {
    vec2 centered = uv * 2.0 - 1.0;
    vec2 curved = centered * (1.0 + 0.045 * dot(centered, centered));
    vec2 at = curved * 0.5 + 0.5;
    if (any(lessThan(at, vec2(0.0))) || any(greaterThan(at, vec2(1.0)))) {
        color = vec4(0.0, 0.0, 0.0, 1.0);
        return;
    }
    vec2 texel = 1.0 / frame.params.zw;
    vec3 base = vec3(sampleScene(at + vec2(texel.x * 0.6, 0.0)).r, sampleScene(at).g,
                     sampleScene(at - vec2(texel.x * 0.6, 0.0)).b);
    vec3 glow = (sampleScene(at + texel * vec2(2.0, 0.0)) + sampleScene(at - texel * vec2(2.0, 0.0))
               + sampleScene(at + texel * vec2(0.0, 2.0)) + sampleScene(at - texel * vec2(0.0, 2.0))) * 0.25;
    float scan = 0.65 + 0.35 * pow(sin(at.y * frame.params.w * 3.14159265), 2.0);
    float mask = 0.88 + 0.12 * sin(gl_FragCoord.x * 2.0944);
    float vignette = smoothstep(1.35, 0.35, length(centered));
    vec3 tube = (base * scan * mask * 1.3 + glow * 0.55) * vignette;
    color = vec4(tube + hueToRGB(frame.hue) * 0.012 * vignette, 1.0);
}

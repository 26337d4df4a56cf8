#version 450
#extension GL_GOOGLE_include_directive : require
#include "frame.glsl"

layout(location = 0) in vec2 uv;
layout(location = 0) out vec4 color;

void main() {
    vec2 aspect = vec2(frame.resolution.x / max(frame.resolution.y, 1.0), 1.0);
    vec2 p = (uv - 0.5) * aspect;
    vec3 accent = hueToRGB(frame.hue);
    vec3 deep = mix(vec3(0.004, 0.005, 0.012), accent * 0.018, 0.6);

    // Two slow aurora bands in the accent colour.
    float bandA = exp(-pow((p.y - 0.18 * sin(p.x * 2.1 + frame.time * 0.35)) * 5.0, 2.0));
    float bandB = exp(-pow((p.y + 0.22 + 0.12 * sin(p.x * 3.3 - frame.time * 0.27)) * 7.0, 2.0));
    vec3 glow = accent * (0.045 * bandA + 0.025 * bandB);

    // A faint dot grid, fixed in pixels so it stays crisp at any size.
    vec2 cell = fract(uv * frame.resolution / 24.0) - 0.5;
    float dots = smoothstep(0.09, 0.0, length(cell)) * 0.012;

    float vignette = smoothstep(1.25, 0.2, length(p));
    // params.x: dither amplitude, for targets with few bits per channel; 0 for every target
    // Flotilla draws into today (8-bit sRGB, and floating-point HDR, whose steps are relative).
    // Noise breaks a dark gradient's bands into grain.
    float noise = fract(52.9829189 * fract(dot(gl_FragCoord.xy, vec2(0.06711056, 0.00583715)))) - 0.5;
    color = vec4(max((deep + glow + dots) * vignette + noise * frame.params.x, 0.0), 1.0);
}

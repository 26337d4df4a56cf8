#version 450
layout(location = 0) in vec2 local;
layout(location = 1) in vec4 particleColor;
layout(location = 0) out vec4 color;

void main() {
    float distance = length(local);
    float core = smoothstep(0.35, 0.0, distance);
    float halo = pow(max(1.0 - distance, 0.0), 2.5) * 0.45;
    // Premultiplied for additive blending: bright cores over a soft halo.
    float intensity = (core + halo) * particleColor.a;
    color = vec4(particleColor.rgb * intensity + core * core * 0.25 * particleColor.a, 0.0);
}

#version 450
#extension GL_GOOGLE_include_directive : require
#include "frame.glsl"
#include "particle.glsl"

// One instance per particle, read straight from the window's particle buffer that
// particles.comp advanced earlier in the same command buffer. params.y: radius multiplier.
layout(std430, set = 0, binding = 1) readonly buffer Particles { Particle particles[]; };

layout(location = 0) out vec2 local;
layout(location = 1) out vec4 particleColor;

vec3 hsv(float hue, float saturation, float value) {
    vec3 k = clamp(abs(fract(hue + vec3(0.0, 2.0 / 3.0, 1.0 / 3.0)) * 6.0 - 3.0) - 1.0, 0.0, 1.0);
    return value * mix(vec3(1.0), k, saturation);
}

void main() {
    Particle p = particles[gl_InstanceIndex];
    float unitLength = max(frame.resolution.y, 1.0);
    float speed = min(length(p.velocity) / (unitLength * 0.35), 1.0);
    // Fade in over the first second and out over the last one.
    float fade = clamp(min(p.age, p.lifetime - p.age), 0.0, 1.0);
    float hueShift = (float(hash(p.seed) & 0xffffu) / 65536.0 - 0.5) * 0.18;
    particleColor = vec4(hsv(frame.hue + hueShift + speed * 0.1, 0.8 - 0.45 * speed, (0.3 + 0.7 * speed) * fade), 1.0);
    float radius = p.size * unitLength / 600.0 * frame.params.y * (0.8 + 0.6 * speed);

    // A triangle strip of four corners, made from the vertex index.
    local = vec2(gl_VertexIndex & 1, gl_VertexIndex >> 1) * 2.0 - 1.0;
    vec2 pixel = p.position + local * radius;
    gl_Position = vec4(pixel / frame.resolution * 2.0 - 1.0, 0.0, 1.0);
}

#version 450
#extension GL_GOOGLE_include_directive : require
#include "particle.glsl"

// Advances every particle of one window by one step through a curl-noise flow: the whole
// simulation of the particle scenes, so the CPU only records.
layout(local_size_x = 64) in;

layout(std430, set = 0, binding = 1) buffer Particles { Particle particles[]; };

// The compute view of the set's push-constant range (ParticleStep in Swift, 48 bytes).
layout(push_constant) uniform Step {
    vec2 resolution;  // the target the particles live in, pixels
    float time;       // the scene's time after this step, seconds
    float step;       // seconds to advance (0: only rescale or spawn)
    uint count;       // particles in the buffer
    uint firstNew;    // particles from here on are spawned fresh (a new or grown buffer)
    uint seed;        // the window's seed, for the fresh ones
    uint spare;
    vec2 rescale;     // the target was resized: positions scale by this first
} sim;

float unitFrom(inout uint state) {
    state = hash(state);
    return float(state >> 8) / 16777216.0;
}

Particle spawn(inout uint state) {
    Particle p;
    p.position = vec2(unitFrom(state), unitFrom(state)) * sim.resolution;
    p.velocity = vec2(0.0);
    float a = unitFrom(state);
    p.size = 2.5 + 5.0 * a * unitFrom(state);
    p.age = 0.0;
    p.lifetime = 4.0 + 6.0 * unitFrom(state);
    p.seed = state;
    return p;
}

// (dψ/dy, -dψ/dx) of ψ = sin(2.1x + 0.3t)·cos(1.7y − 0.2t) + 0.5·sin(3.3(x − y) + 0.45t)
// + 0.35·cos(4.7x + 2.9y − 0.31t), in units of the target's height: divergence-free, so
// particles swirl around each other but never pile up on a few lines.
vec2 curl(vec2 q, float t) {
    float a = 2.1 * q.x + 0.3 * t, b = 1.7 * q.y - 0.2 * t;
    float c = 3.3 * (q.x - q.y) + 0.45 * t;
    float d = 4.7 * q.x + 2.9 * q.y - 0.31 * t;
    float dx = 2.1 * cos(a) * cos(b) + 0.5 * 3.3 * cos(c) - 0.35 * 4.7 * sin(d);
    float dy = -1.7 * sin(a) * sin(b) - 0.5 * 3.3 * cos(c) - 0.35 * 2.9 * sin(d);
    return vec2(dy, -dx);
}

void main() {
    uint index = gl_GlobalInvocationID.x;
    if (index >= sim.count) return;
    if (index >= sim.firstNew) {
        // A first generation: ages spread so they do not all fade at once.
        uint state = hash(sim.seed ^ hash(index + 1u));
        Particle p = spawn(state);
        p.age = unitFrom(state) * p.lifetime * 0.8;
        p.seed = state;
        particles[index] = p;
        return;
    }
    Particle p = particles[index];
    p.position *= sim.rescale;
    float unitLength = max(sim.resolution.y, 1.0);
    float inertia = 1.0 - exp(-3.0 * sim.step);
    vec2 flow = curl(p.position / unitLength, sim.time);
    p.velocity += (flow * unitLength * 0.16 - p.velocity) * inertia;
    p.position += p.velocity * sim.step;
    p.age += sim.step;
    bool outside = any(lessThan(p.position, vec2(-30.0))) || any(greaterThan(p.position, sim.resolution + 30.0));
    if (p.age > p.lifetime || outside) {
        uint state = p.seed;
        p = spawn(state);
    }
    particles[index] = p;
}

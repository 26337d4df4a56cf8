// One particle of the GPU-driven particle scenes, as it lives in the window's storage buffer
// (32 bytes, std430): advanced by particles.comp, drawn by particles.vert.
struct Particle {
    vec2 position;   // pixels
    vec2 velocity;   // pixels per second
    float age;       // seconds since spawn
    float lifetime;  // seconds
    float size;      // radius at 600 pixels of height
    uint seed;       // random state: respawns and the hue shift come from it
};

// A 32-bit integer hash (lowbias32): uncorrelated outputs for consecutive inputs.
uint hash(uint x) {
    x ^= x >> 16;
    x *= 0x7feb352du;
    x ^= x >> 15;
    x *= 0x846ca68bu;
    x ^= x >> 16;
    return x;
}

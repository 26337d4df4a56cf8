#version 450
#extension GL_GOOGLE_include_directive : require
#include "frame.glsl"

// One instance per grid cell: its column and row, its glyph (0 = space, 1.. = '!'..'~'),
// brightness and tint.
layout(location = 0) in uvec2 cell;
layout(location = 1) in uvec4 glyph;

layout(location = 0) out vec2 atlasUV;
layout(location = 1) out vec3 tint;

// The atlas holds the 95 printable ASCII glyphs in 16 columns of cell-sized slots.
const vec2 slots = vec2(16.0, 6.0);

void main() {
    vec2 corner = vec2(gl_VertexIndex & 1, gl_VertexIndex >> 1);
    vec2 cellSize = frame.params.xy;
    vec2 pixel = frame.params.zw + (vec2(cell) + corner) * cellSize;
    gl_Position = vec4(pixel / frame.resolution * 2.0 - 1.0, 0.0, 1.0);

    float index = float(glyph.x);
    atlasUV = (vec2(mod(index, slots.x), floor(index / slots.x)) + corner) / slots;

    // Colour waves sweep the grid; brightness fades as a glyph ages.
    float wave = sin(float(cell.x) * 0.11 + float(cell.y) * 0.07 - frame.time * 0.9);
    float hue = frame.hue + 0.06 * wave + float(glyph.z) / 255.0 * 0.25;
    float brightness = float(glyph.y) / 255.0;
    tint = mix(hueToRGB(hue), vec3(1.0), 0.25 + 0.5 * brightness * brightness) * brightness * (0.8 + 0.2 * wave);
}

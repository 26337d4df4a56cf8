#version 450
#extension GL_GOOGLE_include_directive : require
#include "frame.glsl"

// One instance per grid cell: its column and row; its glyph's place in the shared text atlas
// (texels) and size; the glyph's offset in the cell (bearing x, top); brightness and tint.
layout(location = 0) in uvec2 cell;
layout(location = 1) in uvec2 atlasOrigin;
layout(location = 2) in uvec4 glyphBox;     // width, height, bearing x (signed byte), top
layout(location = 3) in uvec4 look;         // brightness, tint

layout(location = 0) out vec2 atlasTexel;
layout(location = 1) out vec3 tint;

void main() {
    vec2 corner = vec2(gl_VertexIndex & 1, gl_VertexIndex >> 1);
    vec2 size = vec2(glyphBox.xy);
    float bearingX = glyphBox.z > 127u ? float(glyphBox.z) - 256.0 : float(glyphBox.z);
    vec2 cellOrigin = frame.params.zw + vec2(cell) * frame.params.xy;
    vec2 pixel = cellOrigin + vec2(bearingX, float(glyphBox.w)) + corner * size;
    gl_Position = vec4(pixel / frame.resolution * 2.0 - 1.0, 0.0, 1.0);
    atlasTexel = vec2(atlasOrigin) + corner * size;

    // Colour waves sweep the grid; brightness fades as a glyph ages.
    float wave = sin(float(cell.x) * 0.11 + float(cell.y) * 0.07 - frame.time * 0.9);
    float hue = frame.hue + 0.06 * wave + float(look.y) / 255.0 * 0.25;
    float brightness = float(look.x) / 255.0;
    tint = mix(hueToRGB(hue), vec3(1.0), 0.25 + 0.5 * brightness * brightness) * brightness * (0.8 + 0.2 * wave);
}

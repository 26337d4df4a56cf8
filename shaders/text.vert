#version 450
#extension GL_GOOGLE_include_directive : require
#include "frame.glsl"

// One instance per glyph or solid quad: a rectangle in pixels, its part of the atlas (texels), a colour
// (premultiplied). Solid quads sample the atlas's white block.
layout(location = 0) in vec4 rect;
layout(location = 1) in vec4 atlasRect;
layout(location = 2) in vec4 tint;

layout(location = 0) out vec2 atlasTexel;
layout(location = 1) out vec4 color;

void main() {
    vec2 corner = vec2(gl_VertexIndex & 1, gl_VertexIndex >> 1);
    vec2 pixel = rect.xy + corner * rect.zw;
    gl_Position = vec4(pixel / frame.resolution * 2.0 - 1.0, 0.0, 1.0);
    atlasTexel = mix(atlasRect.xy, atlasRect.zw, corner);
    color = tint;
}

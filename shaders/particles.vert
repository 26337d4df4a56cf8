#version 450
#extension GL_GOOGLE_include_directive : require
#include "frame.glsl"

// One instance per particle, streamed each frame: centre and radius in pixels, colour.
layout(location = 0) in vec2 center;
layout(location = 1) in float radius;
layout(location = 2) in vec4 tint;

layout(location = 0) out vec2 local;
layout(location = 1) out vec4 particleColor;

void main() {
    // A triangle strip of four corners, made from the vertex index.
    local = vec2(gl_VertexIndex & 1, gl_VertexIndex >> 1) * 2.0 - 1.0;
    vec2 pixel = center + local * radius;
    gl_Position = vec4(pixel / frame.resolution * 2.0 - 1.0, 0.0, 1.0);
    particleColor = tint;
}

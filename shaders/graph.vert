#version 450
#extension GL_GOOGLE_include_directive : require
#include "frame.glsl"

// The overlay's frame-time graph: one instance per bar, its frame time in milliseconds, read from
// a small per-window ring of frame times that gets one value per presented frame. params: the
// graph's rectangle in pixels (x, y, width, height); extra.x: the ring's capacity, extra.y: the
// ring slot of the oldest value, extra.z: the values held. Bars run oldest (left) to newest.
layout(location = 0) in float milliseconds;

layout(location = 0) out vec4 color;

void main() {
    float capacity = frame.extra.x;
    float held = frame.extra.z;
    // This instance's ring slot, counted from the oldest value: its place from the left.
    float place = mod(float(gl_InstanceIndex) - frame.extra.y + capacity, capacity);
    vec2 corner = vec2(gl_VertexIndex & 1, gl_VertexIndex >> 1);
    float barWidth = frame.params.z / capacity;
    // 16.7 ms (60 Hz) at half height, 33.3 ms and more full; an empty slot draws nothing.
    float height = place < held ? min(milliseconds / 33.3, 1.0) * frame.params.w : 0.0;
    vec2 origin = vec2(frame.params.x + place * barWidth, frame.params.y + frame.params.w - height);
    vec2 pixel = origin + corner * vec2(max(barWidth - 1.0, 1.0), height);
    gl_Position = vec4(pixel / frame.resolution * 2.0 - 1.0, 0.0, 1.0);
    // Green within a frame, amber within two, red beyond; premultiplied at 0.9 alpha.
    vec3 rgb = milliseconds <= 17.5 ? vec3(0.3, 0.85, 0.45) : milliseconds <= 34.0 ? vec3(0.95, 0.7, 0.2) : vec3(0.95, 0.3, 0.25);
    color = vec4(rgb * 0.9, 0.9);
}

#version 450
layout(set = 0, binding = 0) uniform sampler2D atlas;

layout(location = 0) in vec2 atlasTexel;
layout(location = 1) in vec3 tint;
layout(location = 0) out vec4 color;

void main() {
    float coverage = texture(atlas, atlasTexel / vec2(textureSize(atlas, 0))).r;
    color = vec4(tint * coverage, 0.0);
}

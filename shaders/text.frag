#version 450
layout(set = 0, binding = 0) uniform sampler2D atlas;

layout(location = 0) in vec2 atlasTexel;
layout(location = 1) in vec4 color;
layout(location = 0) out vec4 outColor;

void main() {
    // Atlas coordinates come in texels, so text laid out before the atlas grew stays right.
    float coverage = texture(atlas, atlasTexel / vec2(textureSize(atlas, 0))).r;
    // Coverage scales the premultiplied colour: crisp text over any scene.
    outColor = color * coverage;
}

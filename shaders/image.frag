#version 450
// A colour image (a window's thumbnail) drawn through the text pipeline's quads: texel
// coordinates in, the image's colour times the instance's premultiplied tint out.
layout(set = 0, binding = 0) uniform sampler2D image;

layout(location = 0) in vec2 texel;
layout(location = 1) in vec4 color;
layout(location = 0) out vec4 outColor;

void main() {
    vec4 sampled = texture(image, texel / vec2(textureSize(image, 0)));
    outColor = vec4(sampled.rgb, 1.0) * color;
}

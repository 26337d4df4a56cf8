#pragma once
// The Wayland WSI entry points (vkCreateWaylandSurfaceKHR) are only declared with this define.
#define VK_USE_PLATFORM_WAYLAND_KHR 1
#include <vulkan/vulkan.h>

// Function-like macros do not import into Swift.
static inline uint32_t flotilla_vk_make_api_version(uint32_t variant, uint32_t major, uint32_t minor, uint32_t patch) {
    return VK_MAKE_API_VERSION(variant, major, minor, patch);
}
static inline uint32_t flotilla_vk_api_version_major(uint32_t version) { return VK_API_VERSION_MAJOR(version); }
static inline uint32_t flotilla_vk_api_version_minor(uint32_t version) { return VK_API_VERSION_MINOR(version); }
static inline uint32_t flotilla_vk_api_version_patch(uint32_t version) { return VK_API_VERSION_PATCH(version); }

#pragma once
// The umbrella header of the protocol target. The *-client-protocol.h files beside it and the
// *-protocol.c files above are wayland-scanner output (scripts/generate.sh); this file is not.
#include <wayland-client.h>
#include "xdg-shell-client-protocol.h"
#include "xdg-decoration-unstable-v1-client-protocol.h"
#include "viewporter-client-protocol.h"
#include "fractional-scale-v1-client-protocol.h"
#include "presentation-time-client-protocol.h"

// Interface globals reached from Swift through functions: taking `&wl_compositor_interface`
// with withUnsafePointer(to:) can yield a temporary copy, and libwayland keeps the pointer.
static inline const struct wl_interface *flotilla_wl_compositor_interface(void) { return &wl_compositor_interface; }
static inline const struct wl_interface *flotilla_wl_seat_interface(void) { return &wl_seat_interface; }
static inline const struct wl_interface *flotilla_wl_output_interface(void) { return &wl_output_interface; }
static inline const struct wl_interface *flotilla_wl_shm_interface(void) { return &wl_shm_interface; }
static inline const struct wl_interface *flotilla_xdg_wm_base_interface(void) { return &xdg_wm_base_interface; }
static inline const struct wl_interface *flotilla_zxdg_decoration_manager_v1_interface(void) {
    return &zxdg_decoration_manager_v1_interface;
}
static inline const struct wl_interface *flotilla_wp_viewporter_interface(void) { return &wp_viewporter_interface; }
static inline const struct wl_interface *flotilla_wp_fractional_scale_manager_v1_interface(void) {
    return &wp_fractional_scale_manager_v1_interface;
}
static inline const struct wl_interface *flotilla_wp_presentation_interface(void) { return &wp_presentation_interface; }

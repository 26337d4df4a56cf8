// flotilla-test-compositor: the smallest Wayland compositor that lets Flotilla's tests check
// fractional scaling, which Debian 12's weston 10 and sway 1.7 do not offer.
//
// It offers wl_compositor, wl_shm (what Mesa's software swapchains draw into), xdg_wm_base,
// wp_viewporter and wp_fractional_scale_manager_v1. It configures every toplevel at --size,
// sends each surface the first of --scales (in 120ths) as its preferred scale, and prints one
// line per commit that brings a buffer:
//     commit surface=1 buffer=600x450 viewport=400x300 buffer_scale=1 preferred=180
// Once --frames commits at a scale have had the buffer size the protocol asks for (the logical
// size times the scale, rounded) and the viewport at the logical size, it writes the last of
// them to --dump DIR as scale-N.ppm (when given) and sends the next scale; after the last one it
// asks every toplevel to close and exits 0 when the client has gone. Frame callbacks are
// answered every 16 ms. It draws nothing: it only reads what the client commits.
//
// With --pointer SCRIPT it also offers a wl_seat with a pointer and, once the last scale has
// matched, plays SCRIPT on the first toplevel (steps apart by 120 ms, separated by ';'):
//     move X,Y   enter the surface at (X, Y), or move there
//     press, release, rpress, rrelease   the left or right button
//     leave      leave the surface
//     dump NAME  write the surface's next committed buffer to --dump DIR as NAME.ppm
//     wait       nothing, for one step
//     await set_fullscreen, await unset_fullscreen   hold the script until the client asked
// printing each step, each button's serial, and what the client asks of it (move, resize,
// window_menu, set_maximized, unset_maximized, cursor); then it closes the toplevels as above.
// A set_maximized or set_fullscreen is answered with a configure in that state.
//
// Usage: flotilla-test-compositor --socket NAME [--size 400x300] [--scales 180,150]
//                                 [--frames 20] [--dump DIR] [--timeout 60] [--pointer SCRIPT]
// NAME is created in $XDG_RUNTIME_DIR; "ready" is printed once clients can connect.

#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <wayland-server.h>

#include "fractional-scale-v1-server-protocol.h"
#include "viewporter-server-protocol.h"
#include "xdg-shell-server-protocol.h"

#define MAX_SCALES 8

static struct {
    struct wl_display *display;
    int width, height;
    int scales[MAX_SCALES];
    int scale_count;
    int scale_index;
    int frames_per_scale;
    int matched;
    const char *dump_dir;
    bool closing;
    bool finished;
    int next_surface_number;
    uint32_t serial;
    struct wl_list surfaces;
    struct wl_list frame_callbacks;
    struct wl_event_source *frame_timer;
    // The pointer script.
    char *pointer_script;
    char *next_step;
    char *held_step;
    int step_number;
    struct wl_event_source *step_timer;
    struct wl_resource *pointer;
    bool pointer_entered;
    bool maximized;
    bool fullscreen;
    int fullscreen_requests, unfullscreen_requests;
    char *pending_dump;
} compositor;

struct pool {
    int fd;
    int32_t size;
    int references;
};

struct buffer {
    struct pool *pool;
    int32_t offset, width, height, stride;
    uint32_t format;
};

struct surface {
    struct wl_list link;
    struct wl_resource *resource;
    int number;
    struct wl_resource *pending_buffer;
    bool attached;
    int32_t pending_buffer_scale, buffer_scale;
    int32_t pending_destination[2], destination[2];
    struct wl_list pending_frames;
    struct wl_resource *xdg_surface;
    struct wl_resource *toplevel;
    struct wl_resource *viewport;
    struct wl_resource *fractional;
    bool configured;
};

// A client that made a surface ends the run when it goes (a client that only looked at the
// globals, as a Vulkan loader may, does not).
struct client_watch {
    struct wl_listener gone;
    struct wl_client *client;
    bool made_surface;
    struct wl_list link;
};

static struct wl_list watches;

static struct client_watch *watch_of(struct wl_client *client);

static void destroy_resource(struct wl_client *client, struct wl_resource *resource) {
    (void)client;
    wl_resource_destroy(resource);
}

static void pool_unref(struct pool *pool) {
    if (--pool->references == 0) {
        close(pool->fd);
        free(pool);
    }
}

// ---- wl_buffer ------------------------------------------------------------------------------

static const struct wl_buffer_interface buffer_implementation = {.destroy = destroy_resource};

static void buffer_destroyed(struct wl_resource *resource) {
    struct buffer *buffer = wl_resource_get_user_data(resource);
    struct surface *surface;
    wl_list_for_each(surface, &compositor.surfaces, link) {
        if (surface->pending_buffer == resource) surface->pending_buffer = NULL;
    }
    pool_unref(buffer->pool);
    free(buffer);
}

// ---- wl_shm and wl_shm_pool -----------------------------------------------------------------

static void pool_create_buffer(struct wl_client *client, struct wl_resource *resource, uint32_t id, int32_t offset,
                               int32_t width, int32_t height, int32_t stride, uint32_t format) {
    struct pool *pool = wl_resource_get_user_data(resource);
    if (width <= 0 || height <= 0 || stride < width * 4 || offset < 0 ||
        (int64_t)offset + (int64_t)stride * height > pool->size) {
        wl_resource_post_error(resource, WL_SHM_ERROR_INVALID_STRIDE, "buffer outside its pool");
        return;
    }
    struct buffer *buffer = calloc(1, sizeof *buffer);
    *buffer = (struct buffer){.pool = pool, .offset = offset, .width = width, .height = height,
                              .stride = stride, .format = format};
    pool->references++;
    struct wl_resource *made = wl_resource_create(client, &wl_buffer_interface, 1, id);
    wl_resource_set_implementation(made, &buffer_implementation, buffer, buffer_destroyed);
}

static void pool_resize(struct wl_client *client, struct wl_resource *resource, int32_t size) {
    (void)client;
    struct pool *pool = wl_resource_get_user_data(resource);
    pool->size = size;
}

static const struct wl_shm_pool_interface pool_implementation = {
    .create_buffer = pool_create_buffer, .destroy = destroy_resource, .resize = pool_resize};

static void pool_destroyed(struct wl_resource *resource) {
    pool_unref(wl_resource_get_user_data(resource));
}

static void shm_create_pool(struct wl_client *client, struct wl_resource *resource, uint32_t id, int32_t fd,
                            int32_t size) {
    (void)resource;
    struct pool *pool = calloc(1, sizeof *pool);
    *pool = (struct pool){.fd = fd, .size = size, .references = 1};
    struct wl_resource *made = wl_resource_create(client, &wl_shm_pool_interface, 1, id);
    wl_resource_set_implementation(made, &pool_implementation, pool, pool_destroyed);
}

static const struct wl_shm_interface shm_implementation = {.create_pool = shm_create_pool};

static void bind_shm(struct wl_client *client, void *data, uint32_t version, uint32_t id) {
    (void)data;
    struct wl_resource *resource = wl_resource_create(client, &wl_shm_interface, (int)version, id);
    wl_resource_set_implementation(resource, &shm_implementation, NULL, NULL);
    wl_shm_send_format(resource, WL_SHM_FORMAT_ARGB8888);
    wl_shm_send_format(resource, WL_SHM_FORMAT_XRGB8888);
}

// ---- the scale script -----------------------------------------------------------------------

static int current_scale(void) { return compositor.scales[compositor.scale_index]; }
static void start_script(void);

// What wp_fractional_scale_v1 asks of a client: the logical size times the scale, rounded
// half away from zero.
static int scaled(int logical) { return (logical * current_scale() + 60) / 120; }

static void dump_as(struct surface *surface, struct buffer *buffer, const char *name);

static void dump(struct surface *surface, struct buffer *buffer) {
    char name[64];
    snprintf(name, sizeof name, "scale-%d", current_scale());
    dump_as(surface, buffer, name);
}

static void dump_as(struct surface *surface, struct buffer *buffer, const char *name) {
    if (!compositor.dump_dir) return;
    void *map = mmap(NULL, (size_t)buffer->pool->size, PROT_READ, MAP_SHARED, buffer->pool->fd, 0);
    if (map == MAP_FAILED) {
        fprintf(stderr, "flotilla-test-compositor: mmap: %s\n", strerror(errno));
        return;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.ppm", compositor.dump_dir, name);
    FILE *file = fopen(path, "wb");
    if (file) {
        fprintf(file, "P6\n%d %d\n255\n", buffer->width, buffer->height);
        for (int y = 0; y < buffer->height; y++) {
            const uint8_t *row = (const uint8_t *)map + buffer->offset + (size_t)y * (size_t)buffer->stride;
            for (int x = 0; x < buffer->width; x++) {
                // ARGB8888 and XRGB8888 are little-endian words: B, G, R, A in memory.
                const uint8_t rgb[3] = {row[x * 4 + 2], row[x * 4 + 1], row[x * 4]};
                fwrite(rgb, 1, 3, file);
            }
        }
        fclose(file);
        printf("dumped surface=%d %s\n", surface->number, path);
    }
    munmap(map, (size_t)buffer->pool->size);
}

static void close_all(void) {
    compositor.closing = true;
    printf("closing\n");
    struct surface *surface;
    wl_list_for_each(surface, &compositor.surfaces, link) {
        if (surface->toplevel) xdg_toplevel_send_close(surface->toplevel);
    }
}

static void advance_scale(void) {
    compositor.matched = 0;
    if (compositor.scale_index + 1 >= compositor.scale_count) {
        compositor.finished = true;
        if (compositor.pointer_script) start_script();
        else close_all();
        return;
    }
    compositor.scale_index++;
    printf("preferred_scale %d\n", current_scale());
    struct surface *surface;
    wl_list_for_each(surface, &compositor.surfaces, link) {
        if (surface->fractional) wp_fractional_scale_v1_send_preferred_scale(surface->fractional, (uint32_t)current_scale());
    }
}

// ---- wl_surface -----------------------------------------------------------------------------

static void surface_attach(struct wl_client *client, struct wl_resource *resource, struct wl_resource *buffer,
                           int32_t x, int32_t y) {
    (void)client, (void)x, (void)y;
    struct surface *surface = wl_resource_get_user_data(resource);
    surface->pending_buffer = buffer;
    surface->attached = true;
}

static void surface_damage(struct wl_client *client, struct wl_resource *resource, int32_t x, int32_t y,
                           int32_t width, int32_t height) {
    (void)client, (void)resource, (void)x, (void)y, (void)width, (void)height;
}

static void callback_destroyed(struct wl_resource *resource) { wl_list_remove(wl_resource_get_link(resource)); }

static void surface_frame(struct wl_client *client, struct wl_resource *resource, uint32_t id) {
    struct surface *surface = wl_resource_get_user_data(resource);
    struct wl_resource *callback = wl_resource_create(client, &wl_callback_interface, 1, id);
    wl_resource_set_implementation(callback, NULL, NULL, callback_destroyed);
    wl_list_insert(surface->pending_frames.prev, wl_resource_get_link(callback));
}

static void surface_set_region(struct wl_client *client, struct wl_resource *resource, struct wl_resource *region) {
    (void)client, (void)resource, (void)region;
}

static void send_configure(struct surface *surface) {
    struct wl_array states;
    wl_array_init(&states);
    uint32_t *activated = wl_array_add(&states, sizeof *activated);
    *activated = XDG_TOPLEVEL_STATE_ACTIVATED;
    if (compositor.maximized) {
        uint32_t *maximized = wl_array_add(&states, sizeof *maximized);
        *maximized = XDG_TOPLEVEL_STATE_MAXIMIZED;
    }
    if (compositor.fullscreen) {
        uint32_t *fullscreen = wl_array_add(&states, sizeof *fullscreen);
        *fullscreen = XDG_TOPLEVEL_STATE_FULLSCREEN;
    }
    xdg_toplevel_send_configure(surface->toplevel, compositor.width, compositor.height, &states);
    wl_array_release(&states);
    xdg_surface_send_configure(surface->xdg_surface, ++compositor.serial);
}

static void surface_commit(struct wl_client *client, struct wl_resource *resource) {
    (void)client;
    struct surface *surface = wl_resource_get_user_data(resource);
    surface->buffer_scale = surface->pending_buffer_scale;
    surface->destination[0] = surface->pending_destination[0];
    surface->destination[1] = surface->pending_destination[1];
    struct wl_list *frames = &surface->pending_frames;
    if (!wl_list_empty(frames)) {
        wl_list_insert_list(compositor.frame_callbacks.prev, frames);
        wl_list_init(frames);
    }
    if (surface->toplevel && !surface->configured) {
        // The initial commit carries no buffer; the configure answers it.
        surface->configured = true;
        send_configure(surface);
        return;
    }
    if (!surface->attached || !surface->pending_buffer) return;
    struct wl_resource *committed = surface->pending_buffer;
    struct buffer *buffer = wl_resource_get_user_data(committed);
    surface->attached = false;
    printf("commit surface=%d buffer=%dx%d viewport=%dx%d buffer_scale=%d preferred=%d\n", surface->number,
           buffer->width, buffer->height, surface->destination[0], surface->destination[1], surface->buffer_scale,
           current_scale());
    if (compositor.pending_dump && surface->toplevel) {
        dump_as(surface, buffer, compositor.pending_dump);
        free(compositor.pending_dump);
        compositor.pending_dump = NULL;
    }
    if (!compositor.finished && surface->fractional && buffer->width == scaled(compositor.width) &&
        buffer->height == scaled(compositor.height) && surface->destination[0] == compositor.width &&
        surface->destination[1] == compositor.height && surface->buffer_scale == 1) {
        if (++compositor.matched >= compositor.frames_per_scale) {
            dump(surface, buffer);
            advance_scale();
        }
    }
    // Nothing keeps the pixels: the client may have the buffer back at once.
    wl_buffer_send_release(committed);
}

static void surface_set_buffer_transform(struct wl_client *client, struct wl_resource *resource, int32_t transform) {
    (void)client, (void)resource, (void)transform;
}

static void surface_set_buffer_scale(struct wl_client *client, struct wl_resource *resource, int32_t scale) {
    (void)client;
    struct surface *surface = wl_resource_get_user_data(resource);
    surface->pending_buffer_scale = scale;
}

static void surface_offset(struct wl_client *client, struct wl_resource *resource, int32_t x, int32_t y) {
    (void)client, (void)resource, (void)x, (void)y;
}

static const struct wl_surface_interface surface_implementation = {
    .destroy = destroy_resource,
    .attach = surface_attach,
    .damage = surface_damage,
    .frame = surface_frame,
    .set_opaque_region = surface_set_region,
    .set_input_region = surface_set_region,
    .commit = surface_commit,
    .set_buffer_transform = surface_set_buffer_transform,
    .set_buffer_scale = surface_set_buffer_scale,
    .damage_buffer = surface_damage,
    .offset = surface_offset,
};

static void surface_destroyed(struct wl_resource *resource) {
    struct surface *surface = wl_resource_get_user_data(resource);
    struct wl_resource *callback, *next;
    wl_resource_for_each_safe(callback, next, &surface->pending_frames) wl_resource_destroy(callback);
    if (surface->xdg_surface) wl_resource_set_user_data(surface->xdg_surface, NULL);
    if (surface->toplevel) wl_resource_set_user_data(surface->toplevel, NULL);
    if (surface->viewport) wl_resource_set_user_data(surface->viewport, NULL);
    if (surface->fractional) wl_resource_set_user_data(surface->fractional, NULL);
    wl_list_remove(&surface->link);
    free(surface);
}

// ---- wl_region and wl_compositor ------------------------------------------------------------

static void region_box(struct wl_client *client, struct wl_resource *resource, int32_t x, int32_t y, int32_t width,
                       int32_t height) {
    (void)client, (void)resource, (void)x, (void)y, (void)width, (void)height;
}

static const struct wl_region_interface region_implementation = {
    .destroy = destroy_resource, .add = region_box, .subtract = region_box};

static void compositor_create_surface(struct wl_client *client, struct wl_resource *resource, uint32_t id) {
    struct surface *surface = calloc(1, sizeof *surface);
    surface->number = ++compositor.next_surface_number;
    surface->pending_buffer_scale = surface->buffer_scale = 1;
    wl_list_init(&surface->pending_frames);
    surface->resource = wl_resource_create(client, &wl_surface_interface, wl_resource_get_version(resource), id);
    wl_resource_set_implementation(surface->resource, &surface_implementation, surface, surface_destroyed);
    wl_list_insert(&compositor.surfaces, &surface->link);
    struct client_watch *watch = watch_of(client);
    if (watch) watch->made_surface = true;
}

static void compositor_create_region(struct wl_client *client, struct wl_resource *resource, uint32_t id) {
    (void)resource;
    struct wl_resource *region = wl_resource_create(client, &wl_region_interface, 1, id);
    wl_resource_set_implementation(region, &region_implementation, NULL, NULL);
}

static const struct wl_compositor_interface compositor_implementation = {
    .create_surface = compositor_create_surface, .create_region = compositor_create_region};

static void bind_compositor(struct wl_client *client, void *data, uint32_t version, uint32_t id) {
    (void)data;
    struct wl_resource *resource = wl_resource_create(client, &wl_compositor_interface, (int)version, id);
    wl_resource_set_implementation(resource, &compositor_implementation, NULL, NULL);
}

// ---- xdg-shell ------------------------------------------------------------------------------

static void toplevel_ignore_string(struct wl_client *c, struct wl_resource *r, const char *s) { (void)c, (void)r, (void)s; }
static void toplevel_ignore_resource(struct wl_client *c, struct wl_resource *r, struct wl_resource *o) { (void)c, (void)r, (void)o; }
static void toplevel_ignore_size(struct wl_client *c, struct wl_resource *r, int32_t w, int32_t h) { (void)c, (void)r, (void)w, (void)h; }
static void toplevel_ignore(struct wl_client *c, struct wl_resource *r) { (void)c, (void)r; }
static void toplevel_min_size(struct wl_client *c, struct wl_resource *r, int32_t w, int32_t h) {
    (void)c, (void)r;
    printf("min_size %dx%d\n", w, h);
}
// Interactive requests are printed with the serial they quote (the test checks it is the press's).
static void toplevel_menu(struct wl_client *c, struct wl_resource *r, struct wl_resource *s, uint32_t serial, int32_t x,
                          int32_t y) {
    (void)c, (void)r, (void)s;
    printf("window_menu serial=%u x=%d y=%d\n", serial, x, y);
}
static void toplevel_move(struct wl_client *c, struct wl_resource *r, struct wl_resource *s, uint32_t serial) {
    (void)c, (void)r, (void)s;
    printf("move serial=%u\n", serial);
}
static void toplevel_resize(struct wl_client *c, struct wl_resource *r, struct wl_resource *s, uint32_t serial,
                            uint32_t edges) {
    (void)c, (void)r, (void)s;
    printf("resize serial=%u edges=%u\n", serial, edges);
}
// A maximize request is answered with a configure in the state asked for, as a compositor does.
static void toplevel_maximize(struct wl_resource *r, bool maximized) {
    printf("%s\n", maximized ? "set_maximized" : "unset_maximized");
    compositor.maximized = maximized;
    struct surface *surface = wl_resource_get_user_data(r);
    if (surface && surface->xdg_surface) send_configure(surface);
}
static void toplevel_set_maximized(struct wl_client *c, struct wl_resource *r) { (void)c, toplevel_maximize(r, true); }
static void toplevel_unset_maximized(struct wl_client *c, struct wl_resource *r) { (void)c, toplevel_maximize(r, false); }

// Full screen likewise, at the configured size (this compositor has one output of that size).
static void toplevel_fullscreen(struct wl_resource *r, bool fullscreen) {
    printf("%s\n", fullscreen ? "set_fullscreen" : "unset_fullscreen");
    compositor.fullscreen = fullscreen;
    if (fullscreen) compositor.fullscreen_requests++;
    else compositor.unfullscreen_requests++;
    struct surface *surface = wl_resource_get_user_data(r);
    if (surface && surface->xdg_surface) send_configure(surface);
}
static void toplevel_set_fullscreen(struct wl_client *c, struct wl_resource *r, struct wl_resource *output) {
    (void)c, (void)output, toplevel_fullscreen(r, true);
}
static void toplevel_unset_fullscreen(struct wl_client *c, struct wl_resource *r) { (void)c, toplevel_fullscreen(r, false); }

static const struct xdg_toplevel_interface toplevel_implementation = {
    .destroy = destroy_resource,
    .set_parent = toplevel_ignore_resource,
    .set_title = toplevel_ignore_string,
    .set_app_id = toplevel_ignore_string,
    .show_window_menu = toplevel_menu,
    .move = toplevel_move,
    .resize = toplevel_resize,
    .set_max_size = toplevel_ignore_size,
    .set_min_size = toplevel_min_size,
    .set_maximized = toplevel_set_maximized,
    .unset_maximized = toplevel_unset_maximized,
    .set_fullscreen = toplevel_set_fullscreen,
    .unset_fullscreen = toplevel_unset_fullscreen,
    .set_minimized = toplevel_ignore,
};

static void toplevel_destroyed(struct wl_resource *resource) {
    struct surface *surface = wl_resource_get_user_data(resource);
    if (surface) printf("toplevel destroyed surface=%d\n", surface->number);
    if (surface) surface->toplevel = NULL;
}

static void xdg_surface_get_toplevel(struct wl_client *client, struct wl_resource *resource, uint32_t id) {
    struct surface *surface = wl_resource_get_user_data(resource);
    struct wl_resource *toplevel = wl_resource_create(client, &xdg_toplevel_interface,
                                                      wl_resource_get_version(resource), id);
    wl_resource_set_implementation(toplevel, &toplevel_implementation, surface, toplevel_destroyed);
    if (surface) surface->toplevel = toplevel;
}

static void xdg_surface_get_popup(struct wl_client *client, struct wl_resource *resource, uint32_t id,
                                  struct wl_resource *parent, struct wl_resource *positioner) {
    (void)client, (void)id, (void)parent, (void)positioner;
    wl_resource_post_error(resource, XDG_WM_BASE_ERROR_INVALID_POPUP_PARENT, "this compositor has no popups");
}

static void xdg_surface_set_window_geometry(struct wl_client *c, struct wl_resource *r, int32_t x, int32_t y, int32_t w,
                                            int32_t h) { (void)c, (void)r, (void)x, (void)y, (void)w, (void)h; }

static void xdg_surface_ack_configure(struct wl_client *client, struct wl_resource *resource, uint32_t serial) {
    (void)client, (void)resource, (void)serial;
}

static const struct xdg_surface_interface xdg_surface_implementation = {
    .destroy = destroy_resource,
    .get_toplevel = xdg_surface_get_toplevel,
    .get_popup = xdg_surface_get_popup,
    .set_window_geometry = xdg_surface_set_window_geometry,
    .ack_configure = xdg_surface_ack_configure,
};

static void xdg_surface_destroyed(struct wl_resource *resource) {
    struct surface *surface = wl_resource_get_user_data(resource);
    if (surface) surface->xdg_surface = NULL;
}

static void wm_base_create_positioner(struct wl_client *client, struct wl_resource *resource, uint32_t id) {
    (void)client, (void)id;
    wl_resource_post_error(resource, XDG_WM_BASE_ERROR_INVALID_POSITIONER, "this compositor has no popups");
}

static void wm_base_get_xdg_surface(struct wl_client *client, struct wl_resource *resource, uint32_t id,
                                    struct wl_resource *surface_resource) {
    struct surface *surface = wl_resource_get_user_data(surface_resource);
    struct wl_resource *xdg = wl_resource_create(client, &xdg_surface_interface, wl_resource_get_version(resource), id);
    wl_resource_set_implementation(xdg, &xdg_surface_implementation, surface, xdg_surface_destroyed);
    surface->xdg_surface = xdg;
}

static void wm_base_pong(struct wl_client *client, struct wl_resource *resource, uint32_t serial) {
    (void)client, (void)resource, (void)serial;
}

static const struct xdg_wm_base_interface wm_base_implementation = {
    .destroy = destroy_resource,
    .create_positioner = wm_base_create_positioner,
    .get_xdg_surface = wm_base_get_xdg_surface,
    .pong = wm_base_pong,
};

static void bind_wm_base(struct wl_client *client, void *data, uint32_t version, uint32_t id) {
    (void)data;
    struct wl_resource *resource = wl_resource_create(client, &xdg_wm_base_interface, (int)version, id);
    wl_resource_set_implementation(resource, &wm_base_implementation, NULL, NULL);
}

// ---- wp_viewporter --------------------------------------------------------------------------

static void viewport_set_source(struct wl_client *c, struct wl_resource *r, wl_fixed_t x, wl_fixed_t y, wl_fixed_t w,
                                wl_fixed_t h) { (void)c, (void)r, (void)x, (void)y, (void)w, (void)h; }

static void viewport_set_destination(struct wl_client *client, struct wl_resource *resource, int32_t width,
                                     int32_t height) {
    (void)client;
    struct surface *surface = wl_resource_get_user_data(resource);
    if (!surface) {
        wl_resource_post_error(resource, WP_VIEWPORT_ERROR_NO_SURFACE, "the surface is gone");
        return;
    }
    if ((width <= 0 || height <= 0) && !(width == -1 && height == -1)) {
        wl_resource_post_error(resource, WP_VIEWPORT_ERROR_BAD_VALUE, "destination %dx%d", width, height);
        return;
    }
    surface->pending_destination[0] = width;
    surface->pending_destination[1] = height;
}

static const struct wp_viewport_interface viewport_implementation = {
    .destroy = destroy_resource, .set_source = viewport_set_source, .set_destination = viewport_set_destination};

static void viewport_destroyed(struct wl_resource *resource) {
    struct surface *surface = wl_resource_get_user_data(resource);
    if (!surface) return;
    surface->viewport = NULL;
    surface->pending_destination[0] = surface->pending_destination[1] = 0;
}

static void viewporter_get_viewport(struct wl_client *client, struct wl_resource *resource, uint32_t id,
                                    struct wl_resource *surface_resource) {
    struct surface *surface = wl_resource_get_user_data(surface_resource);
    if (surface->viewport) {
        wl_resource_post_error(resource, WP_VIEWPORTER_ERROR_VIEWPORT_EXISTS, "the surface has a viewport");
        return;
    }
    struct wl_resource *viewport = wl_resource_create(client, &wp_viewport_interface, 1, id);
    wl_resource_set_implementation(viewport, &viewport_implementation, surface, viewport_destroyed);
    surface->viewport = viewport;
}

static const struct wp_viewporter_interface viewporter_implementation = {
    .destroy = destroy_resource, .get_viewport = viewporter_get_viewport};

static void bind_viewporter(struct wl_client *client, void *data, uint32_t version, uint32_t id) {
    (void)data;
    struct wl_resource *resource = wl_resource_create(client, &wp_viewporter_interface, (int)version, id);
    wl_resource_set_implementation(resource, &viewporter_implementation, NULL, NULL);
}

// ---- wp_fractional_scale_manager_v1 ---------------------------------------------------------

static const struct wp_fractional_scale_v1_interface fractional_implementation = {.destroy = destroy_resource};

static void fractional_destroyed(struct wl_resource *resource) {
    struct surface *surface = wl_resource_get_user_data(resource);
    if (surface) surface->fractional = NULL;
}

static void manager_get_fractional_scale(struct wl_client *client, struct wl_resource *resource, uint32_t id,
                                         struct wl_resource *surface_resource) {
    struct surface *surface = wl_resource_get_user_data(surface_resource);
    if (surface->fractional) {
        wl_resource_post_error(resource, WP_FRACTIONAL_SCALE_MANAGER_V1_ERROR_FRACTIONAL_SCALE_EXISTS,
                               "the surface has a fractional scale object");
        return;
    }
    struct wl_resource *fractional = wl_resource_create(client, &wp_fractional_scale_v1_interface, 1, id);
    wl_resource_set_implementation(fractional, &fractional_implementation, surface, fractional_destroyed);
    surface->fractional = fractional;
    wp_fractional_scale_v1_send_preferred_scale(fractional, (uint32_t)current_scale());
}

static const struct wp_fractional_scale_manager_v1_interface manager_implementation = {
    .destroy = destroy_resource, .get_fractional_scale = manager_get_fractional_scale};

static void bind_fractional_manager(struct wl_client *client, void *data, uint32_t version, uint32_t id) {
    (void)data;
    struct wl_resource *resource = wl_resource_create(client, &wp_fractional_scale_manager_v1_interface,
                                                      (int)version, id);
    wl_resource_set_implementation(resource, &manager_implementation, NULL, NULL);
}

// ---- wl_seat and the pointer script -----------------------------------------------------------

static struct surface *surface_of_resource(struct wl_resource *resource) { return wl_resource_get_user_data(resource); }

static void pointer_set_cursor(struct wl_client *client, struct wl_resource *resource, uint32_t serial,
                               struct wl_resource *surface_resource, int32_t x, int32_t y) {
    (void)client, (void)resource;
    struct surface *surface = surface_resource ? surface_of_resource(surface_resource) : NULL;
    printf("cursor serial=%u surface=%d hotspot=%d,%d\n", serial, surface ? surface->number : 0, x, y);
}

static const struct wl_pointer_interface pointer_implementation = {
    .set_cursor = pointer_set_cursor, .release = destroy_resource};

static void pointer_destroyed(struct wl_resource *resource) {
    if (compositor.pointer == resource) compositor.pointer = NULL;
}

static void seat_get_pointer(struct wl_client *client, struct wl_resource *resource, uint32_t id) {
    struct wl_resource *pointer = wl_resource_create(client, &wl_pointer_interface, wl_resource_get_version(resource), id);
    wl_resource_set_implementation(pointer, &pointer_implementation, NULL, pointer_destroyed);
    compositor.pointer = pointer;
    compositor.pointer_entered = false;
}

// The seat has no keyboard or touch: asking for a capability the seat lacks is wl_seat's
// missing_capability error (0), so a client that asks anyway is caught.
static void seat_get_missing(struct wl_client *client, struct wl_resource *resource, uint32_t id) {
    (void)client, (void)id;
    wl_resource_post_error(resource, 0, "this seat has only a pointer");
}

static const struct wl_seat_interface seat_implementation = {
    .get_pointer = seat_get_pointer, .get_keyboard = seat_get_missing, .get_touch = seat_get_missing,
    .release = destroy_resource};

static void bind_seat(struct wl_client *client, void *data, uint32_t version, uint32_t id) {
    (void)data;
    struct wl_resource *resource = wl_resource_create(client, &wl_seat_interface, (int)version, id);
    wl_resource_set_implementation(resource, &seat_implementation, NULL, NULL);
    wl_seat_send_capabilities(resource, WL_SEAT_CAPABILITY_POINTER);
    if (version >= 2) wl_seat_send_name(resource, "test-seat");
}

static struct surface *first_toplevel(void) {
    struct surface *surface, *first = NULL;
    // The list is newest first: the last toplevel in it is the oldest.
    wl_list_for_each(surface, &compositor.surfaces, link) {
        if (surface->toplevel) first = surface;
    }
    return first;
}

static uint32_t now_milliseconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint32_t)(now.tv_sec * 1000 + now.tv_nsec / 1000000);
}

static void pointer_frame(void) {
    if (wl_resource_get_version(compositor.pointer) >= WL_POINTER_FRAME_SINCE_VERSION) wl_pointer_send_frame(compositor.pointer);
}

// "await set_fullscreen" / "await unset_fullscreen": whether the client has asked yet.
static bool awaited(const char *step) {
    if (strcmp(step, "await set_fullscreen") == 0) return compositor.fullscreen_requests > 0;
    if (strcmp(step, "await unset_fullscreen") == 0) return compositor.unfullscreen_requests > 0;
    return true;
}

static void play_step(const char *step) {
    struct surface *surface = first_toplevel();
    printf("step %d %s\n", ++compositor.step_number, step);
    if (!compositor.pointer || !surface) return;
    int x, y;
    if (sscanf(step, "move %d,%d", &x, &y) == 2) {
        if (!compositor.pointer_entered) {
            compositor.pointer_entered = true;
            wl_pointer_send_enter(compositor.pointer, ++compositor.serial, surface->resource, wl_fixed_from_int(x),
                                  wl_fixed_from_int(y));
        } else {
            wl_pointer_send_motion(compositor.pointer, now_milliseconds(), wl_fixed_from_int(x), wl_fixed_from_int(y));
        }
        pointer_frame();
    } else if (strcmp(step, "press") == 0 || strcmp(step, "release") == 0 || strcmp(step, "rpress") == 0 ||
               strcmp(step, "rrelease") == 0) {
        bool right = strcmp(step, "rpress") == 0 || strcmp(step, "rrelease") == 0;
        uint32_t button = right ? 0x111 : 0x110;  // BTN_RIGHT, BTN_LEFT
        bool pressed = strcmp(step, "press") == 0 || strcmp(step, "rpress") == 0;
        uint32_t serial = ++compositor.serial;
        printf("button serial=%u %s\n", serial, pressed ? "pressed" : "released");
        wl_pointer_send_button(compositor.pointer, serial, now_milliseconds(), button,
                               pressed ? WL_POINTER_BUTTON_STATE_PRESSED : WL_POINTER_BUTTON_STATE_RELEASED);
        pointer_frame();
    } else if (strcmp(step, "leave") == 0) {
        compositor.pointer_entered = false;
        wl_pointer_send_leave(compositor.pointer, ++compositor.serial, surface->resource);
        pointer_frame();
    } else if (strncmp(step, "dump ", 5) == 0) {
        free(compositor.pending_dump);
        compositor.pending_dump = strdup(step + 5);
    }
}

static int next_step(void *data) {
    (void)data;
    // A step that is still awaiting its request is tried again before the script goes on.
    char *step = compositor.held_step;
    compositor.held_step = NULL;
    if (!step) {
        step = compositor.next_step;
        while (step && *step == ' ') step++;
        if (!step || !*step) {
            printf("script done\n");
            close_all();
            return 0;
        }
        char *end = strchr(step, ';');
        if (end) *end = '\0';
        compositor.next_step = end ? end + 1 : NULL;
        char *last = step + strlen(step);
        while (last > step && last[-1] == ' ') *--last = '\0';
    }
    if (awaited(step)) play_step(step);
    else compositor.held_step = step;
    wl_event_source_timer_update(compositor.step_timer, 120);
    return 0;
}

static void start_script(void) {
    printf("script start\n");
    compositor.next_step = compositor.pointer_script;
    wl_event_source_timer_update(compositor.step_timer, 120);
}

// ---- the loop -------------------------------------------------------------------------------

static int answer_frame_callbacks(void *data) {
    (void)data;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    uint32_t milliseconds = (uint32_t)(now.tv_sec * 1000 + now.tv_nsec / 1000000);
    struct wl_resource *callback, *next;
    wl_resource_for_each_safe(callback, next, &compositor.frame_callbacks) {
        wl_callback_send_done(callback, milliseconds);
        wl_resource_destroy(callback);
    }
    wl_event_source_timer_update(compositor.frame_timer, 16);
    return 0;
}

static int time_out(void *data) {
    (void)data;
    printf("timeout\n");
    fflush(stdout);
    exit(2);
}

static int terminate(int signal_number, void *data) {
    (void)signal_number, (void)data;
    wl_display_terminate(compositor.display);
    return 0;
}

static struct client_watch *watch_of(struct wl_client *client) {
    struct client_watch *watch;
    wl_list_for_each(watch, &watches, link) {
        if (watch->client == client) return watch;
    }
    return NULL;
}

static void client_gone(struct wl_listener *listener, void *data) {
    (void)data;
    struct client_watch *watch = wl_container_of(listener, watch, gone);
    bool made_surface = watch->made_surface;
    wl_list_remove(&watch->link);
    free(watch);
    if (made_surface) {
        printf("client gone\n");
        wl_display_terminate(compositor.display);
    }
}

static void client_created(struct wl_listener *listener, void *data) {
    (void)listener;
    struct client_watch *watch = calloc(1, sizeof *watch);
    watch->client = data;
    watch->gone.notify = client_gone;
    wl_list_insert(&watches, &watch->link);
    wl_client_add_destroy_listener(data, &watch->gone);
}

static struct wl_listener client_created_listener = {.notify = client_created};

static void usage(void) {
    fprintf(stderr, "usage: flotilla-test-compositor --socket NAME [--size WxH] [--scales N,N...] [--frames N] "
                    "[--dump DIR] [--timeout S] [--pointer SCRIPT]\n");
    exit(64);
}

int main(int argc, char **argv) {
    const char *socket = NULL;
    int timeout = 60;
    compositor.width = 400;
    compositor.height = 300;
    compositor.scales[0] = 180;
    compositor.scales[1] = 150;
    compositor.scale_count = 2;
    compositor.frames_per_scale = 20;
    for (int i = 1; i < argc; i++) {
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (!value) usage();
        if (strcmp(argv[i], "--socket") == 0) socket = value;
        else if (strcmp(argv[i], "--size") == 0) {
            if (sscanf(value, "%dx%d", &compositor.width, &compositor.height) != 2 || compositor.width <= 0 ||
                compositor.height <= 0) usage();
        } else if (strcmp(argv[i], "--scales") == 0) {
            compositor.scale_count = 0;
            char *copy = strdup(value), *saved = NULL;
            for (char *part = strtok_r(copy, ",", &saved); part && compositor.scale_count < MAX_SCALES;
                 part = strtok_r(NULL, ",", &saved)) {
                int scale = atoi(part);
                if (scale <= 0) usage();
                compositor.scales[compositor.scale_count++] = scale;
            }
            free(copy);
            if (compositor.scale_count == 0) usage();
        } else if (strcmp(argv[i], "--frames") == 0) {
            compositor.frames_per_scale = atoi(value);
            if (compositor.frames_per_scale <= 0) usage();
        } else if (strcmp(argv[i], "--dump") == 0) compositor.dump_dir = value;
        else if (strcmp(argv[i], "--timeout") == 0) timeout = atoi(value);
        else if (strcmp(argv[i], "--pointer") == 0) compositor.pointer_script = strdup(value);
        else usage();
        i++;
    }
    if (!socket) usage();
    setvbuf(stdout, NULL, _IOLBF, 0);
    wl_list_init(&compositor.surfaces);
    wl_list_init(&compositor.frame_callbacks);
    wl_list_init(&watches);

    compositor.display = wl_display_create();
    if (wl_display_add_socket(compositor.display, socket) != 0) {
        fprintf(stderr, "flotilla-test-compositor: cannot create the socket '%s': %s\n", socket, strerror(errno));
        return 1;
    }
    wl_global_create(compositor.display, &wl_compositor_interface, 4, NULL, bind_compositor);
    wl_global_create(compositor.display, &wl_shm_interface, 1, NULL, bind_shm);
    wl_global_create(compositor.display, &xdg_wm_base_interface, 2, NULL, bind_wm_base);
    wl_global_create(compositor.display, &wp_viewporter_interface, 1, NULL, bind_viewporter);
    wl_global_create(compositor.display, &wp_fractional_scale_manager_v1_interface, 1, NULL, bind_fractional_manager);
    if (compositor.pointer_script) wl_global_create(compositor.display, &wl_seat_interface, 5, NULL, bind_seat);
    wl_display_add_client_created_listener(compositor.display, &client_created_listener);

    struct wl_event_loop *loop = wl_display_get_event_loop(compositor.display);
    compositor.frame_timer = wl_event_loop_add_timer(loop, answer_frame_callbacks, NULL);
    wl_event_source_timer_update(compositor.frame_timer, 16);
    compositor.step_timer = wl_event_loop_add_timer(loop, next_step, NULL);
    struct wl_event_source *deadline = wl_event_loop_add_timer(loop, time_out, NULL);
    wl_event_source_timer_update(deadline, timeout * 1000);
    wl_event_loop_add_signal(loop, SIGTERM, terminate, NULL);
    wl_event_loop_add_signal(loop, SIGINT, terminate, NULL);

    printf("ready\n");
    wl_display_run(compositor.display);
    wl_display_destroy_clients(compositor.display);
    wl_display_destroy(compositor.display);
    return compositor.finished ? 0 : 1;
}

// libpng's simplified API (png_image_*): whole images to RGBA, errors as return values.
#include <png.h>

// PNG_FORMAT_RGBA is an expression macro, which Swift does not import.
static const png_uint_32 flotilla_png_format_rgba = PNG_FORMAT_RGBA;

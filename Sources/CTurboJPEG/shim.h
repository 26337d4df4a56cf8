// libjpeg-turbo's TurboJPEG API: errors as return values (libjpeg's own API reports them by
// longjmp, which Swift cannot take part in).
#include <turbojpeg.h>

// The target's only hand-written C file: it exists so the umbrella header compiles on its own.
#include "CWaylandProtocols.h"

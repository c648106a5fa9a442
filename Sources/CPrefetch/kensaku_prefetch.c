// CPrefetch is header-only (`kensaku_prefetch.h`); SwiftPM needs one source file per C target.
#include "kensaku_prefetch.h"

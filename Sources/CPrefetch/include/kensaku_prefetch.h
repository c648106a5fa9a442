#ifndef KENSAKU_PREFETCH_H
#define KENSAKU_PREFETCH_H

/// Asks the processor to start loading the cache line holding `address`, for a read or write
/// soon after. A hint: it changes no result and never faults, whatever the address. Swift has no
/// prefetch of its own; this inline function compiles to one instruction at the call site.
static inline void kensaku_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif

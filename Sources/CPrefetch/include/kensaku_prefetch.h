#ifndef KENSAKU_PREFETCH_H
#define KENSAKU_PREFETCH_H

/// Asks the processor to start loading the cache line holding `address` for a write soon
/// (a hint: no effect on results, never faults). Swift has no prefetch of its own; this inline
/// function compiles to one instruction at the call site.
static inline void kensaku_prefetch_for_write(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif

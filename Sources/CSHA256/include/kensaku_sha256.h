#ifndef KENSAKU_SHA256_H
#define KENSAKU_SHA256_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The 64 round constants of SHA-256 (FIPS 180-4, 4.2.2).
const uint32_t *kensaku_sha256_round_constants(void);

/// Nonzero when this processor has the x86 SHA extensions (SHA-NI), which
/// `kensaku_sha256_compress_blocks` needs.
int kensaku_sha256_has_hardware(void);

/// Runs the SHA-256 compression function over `blockCount` 64-byte blocks at `blocks`, updating
/// the eight state words `state` (a, b, … h, as FIPS 180-4 numbers them) with the SHA-NI
/// instructions. Call only when `kensaku_sha256_has_hardware()` is nonzero.
void kensaku_sha256_compress_blocks(uint32_t state[8], const uint8_t *blocks, size_t blockCount);

#ifdef __cplusplus
}
#endif

#endif

#ifndef KENSAKU_CRC32_H
#define KENSAKU_CRC32_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Nonzero when this processor has carry-less multiplication (PCLMULQDQ) and SSE4.1, which
/// `kensaku_crc32_fold` needs.
int kensaku_crc32_has_hardware(void);

/// Continues the CRC-32 (ISO-HDLC, the zlib and PNG checksum) `crc` over `length` bytes at
/// `data` by folding with carry-less multiplication; `crc` and the result are in the
/// pre- and post-conditioned form (`~checksum`), as a table-driven loop keeps them. `length`
/// must be a multiple of 16 and at least 64. Call only when `kensaku_crc32_has_hardware()` is
/// nonzero.
uint32_t kensaku_crc32_fold(uint32_t crc, const uint8_t *data, size_t length);

#ifdef __cplusplus
}
#endif

#endif

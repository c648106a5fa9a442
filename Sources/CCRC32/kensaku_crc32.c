// CRC-32 by folding with carry-less multiplication (PCLMULQDQ), after Intel's "Fast CRC
// Computation for Generic Polynomials Using PCLMULQDQ Instruction" (Gopal et al., 2009) for the
// bit-reflected polynomial 0x04C11DB7: four 128-bit lanes are folded 64 bytes at a time, then
// into one lane, reduced to 64 bits and to 32 by Barrett reduction. About ten times the
// table-driven loop of `CRC32.swift`, which remains the fallback without these instructions and
// on other architectures, and handles the bytes after the last 16-byte block.
//
// Constants (x^n mod P, bit-reflected, as in the paper and zlib's `crc32_simd.c`):
// k1 = x^(4·128+32) mod P, k2 = x^(4·128−32) mod P (fold by four lanes), k3 = x^(128+32) mod P,
// k4 = x^(128−32) mod P (fold by one lane), k5 = x^64 mod P, P' = P, μ = x^64 / P.

#include "kensaku_crc32.h"

#if defined(__x86_64__) || defined(__i386__)

#include <cpuid.h>
#include <immintrin.h>

int kensaku_crc32_has_hardware(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    // PCLMULQDQ (ecx bit 1) and SSE4.1 (ecx bit 19, for the final extract).
    return (ecx & (1u << 1)) != 0 && (ecx & (1u << 19)) != 0;
}

__attribute__((target("pclmul,sse4.1")))
uint32_t kensaku_crc32_fold(uint32_t crc, const uint8_t *data, size_t length) {
    static const uint64_t k1k2[2] __attribute__((aligned(16))) = {0x0154442bd4, 0x01c6e41596};
    static const uint64_t k3k4[2] __attribute__((aligned(16))) = {0x01751997d0, 0x00ccaa009e};
    static const uint64_t k5k0[2] __attribute__((aligned(16))) = {0x0163cd6124, 0x0000000000};
    static const uint64_t poly[2] __attribute__((aligned(16))) = {0x01db710641, 0x01f7011641};

    __m128i x0, x1, x2, x3, x4, x5, x6, x7, x8, y5, y6, y7, y8;
    x1 = _mm_loadu_si128((const __m128i *)(data + 0x00));
    x2 = _mm_loadu_si128((const __m128i *)(data + 0x10));
    x3 = _mm_loadu_si128((const __m128i *)(data + 0x20));
    x4 = _mm_loadu_si128((const __m128i *)(data + 0x30));
    x1 = _mm_xor_si128(x1, _mm_cvtsi32_si128((int)crc));
    x0 = _mm_load_si128((const __m128i *)k1k2);
    data += 64;
    length -= 64;

    // Four lanes, 64 bytes a step.
    while (length >= 64) {
        x5 = _mm_clmulepi64_si128(x1, x0, 0x00);
        x6 = _mm_clmulepi64_si128(x2, x0, 0x00);
        x7 = _mm_clmulepi64_si128(x3, x0, 0x00);
        x8 = _mm_clmulepi64_si128(x4, x0, 0x00);
        x1 = _mm_clmulepi64_si128(x1, x0, 0x11);
        x2 = _mm_clmulepi64_si128(x2, x0, 0x11);
        x3 = _mm_clmulepi64_si128(x3, x0, 0x11);
        x4 = _mm_clmulepi64_si128(x4, x0, 0x11);
        y5 = _mm_loadu_si128((const __m128i *)(data + 0x00));
        y6 = _mm_loadu_si128((const __m128i *)(data + 0x10));
        y7 = _mm_loadu_si128((const __m128i *)(data + 0x20));
        y8 = _mm_loadu_si128((const __m128i *)(data + 0x30));
        x1 = _mm_xor_si128(_mm_xor_si128(x1, x5), y5);
        x2 = _mm_xor_si128(_mm_xor_si128(x2, x6), y6);
        x3 = _mm_xor_si128(_mm_xor_si128(x3, x7), y7);
        x4 = _mm_xor_si128(_mm_xor_si128(x4, x8), y8);
        data += 64;
        length -= 64;
    }

    // The four lanes into one.
    x0 = _mm_load_si128((const __m128i *)k3k4);
    x5 = _mm_clmulepi64_si128(x1, x0, 0x00);
    x1 = _mm_clmulepi64_si128(x1, x0, 0x11);
    x1 = _mm_xor_si128(_mm_xor_si128(x1, x2), x5);
    x5 = _mm_clmulepi64_si128(x1, x0, 0x00);
    x1 = _mm_clmulepi64_si128(x1, x0, 0x11);
    x1 = _mm_xor_si128(_mm_xor_si128(x1, x3), x5);
    x5 = _mm_clmulepi64_si128(x1, x0, 0x00);
    x1 = _mm_clmulepi64_si128(x1, x0, 0x11);
    x1 = _mm_xor_si128(_mm_xor_si128(x1, x4), x5);

    // The remaining 16-byte blocks, one lane.
    while (length >= 16) {
        x2 = _mm_loadu_si128((const __m128i *)data);
        x5 = _mm_clmulepi64_si128(x1, x0, 0x00);
        x1 = _mm_clmulepi64_si128(x1, x0, 0x11);
        x1 = _mm_xor_si128(_mm_xor_si128(x1, x2), x5);
        data += 16;
        length -= 16;
    }

    // 128 bits to 64.
    x2 = _mm_clmulepi64_si128(x1, x0, 0x10);
    x3 = _mm_setr_epi32(~0, 0, ~0, 0);
    x1 = _mm_srli_si128(x1, 8);
    x1 = _mm_xor_si128(x1, x2);
    x0 = _mm_loadl_epi64((const __m128i *)k5k0);
    x2 = _mm_srli_si128(x1, 4);
    x1 = _mm_and_si128(x1, x3);
    x1 = _mm_clmulepi64_si128(x1, x0, 0x00);
    x1 = _mm_xor_si128(x1, x2);

    // Barrett reduction to 32 bits.
    x0 = _mm_load_si128((const __m128i *)poly);
    x2 = _mm_and_si128(x1, x3);
    x2 = _mm_clmulepi64_si128(x2, x0, 0x10);
    x2 = _mm_and_si128(x2, x3);
    x2 = _mm_clmulepi64_si128(x2, x0, 0x00);
    x1 = _mm_xor_si128(x1, x2);
    return (uint32_t)_mm_extract_epi32(x1, 1);
}

#else

int kensaku_crc32_has_hardware(void) { return 0; }

uint32_t kensaku_crc32_fold(uint32_t crc, const uint8_t *data, size_t length) {
    (void)data;
    (void)length;
    return crc;
}

#endif

// Kensaku's C shim over the system ICU (libicu-dev).
//
// This header exposes plain C types only: Foundation on Linux ships its own copy of the ICU
// headers, so a Swift module that imports Foundation cannot also import <unicode/...>. The ICU
// headers are included in kensaku_icu.c alone, and every symbol here is prefixed `kensaku_icu_`.
//
// Error codes are ICU `UErrorCode` values passed through as `int32_t`: zero or negative means
// success (negative values are warnings), positive means failure. `kensaku_icu_error_name`
// turns one into its ICU name, for example "U_BUFFER_OVERFLOW_ERROR".

#ifndef KENSAKU_ICU_H
#define KENSAKU_ICU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Writes the ICU version ("72.1") as a NUL-terminated string; returns its length.
int32_t kensaku_icu_version(char *buffer, int32_t capacity);

/// The ICU name of an error code (a static string). The corresponding ICU function is `u_errorName`.
const char *kensaku_icu_error_name(int32_t errorCode);

/// Normalizes UTF-16 text with NFKC plus case folding (ICU's `nfkc_cf` data), keeping a map back
/// to the source.
///
/// The source is cut at normalization boundaries into chunks that normalize independently; every
/// output code unit that a chunk produces records the chunk's source range `[start, end)` in
/// `sourceStarts` / `sourceEnds` (UTF-16 indices). Chunks that normalize to nothing (default
/// ignorables such as U+00AD) produce no output.
///
/// Returns the number of output units written. If `capacity` is too small, returns the negated
/// capacity needed so far (a lower bound; the caller should retry with at least 4x the source
/// length). On an ICU failure sets `*errorCode` (> 0) and returns 0.
int32_t kensaku_icu_normalize_mapped(const uint16_t *source, int32_t sourceLength,
                                     uint16_t *destination, int32_t *sourceStarts,
                                     int32_t *sourceEnds, int32_t capacity,
                                     int32_t *errorCode);

/// Whether UTF-16 text passes the NFC quick check with "yes" (ICU `unorm2_spanQuickCheckYes`):
/// then the text and every substring of it are in NFC. Returns 1 or 0; on an ICU failure sets
/// `*errorCode` (> 0) and returns 0.
int32_t kensaku_icu_is_quick_nfc(const uint16_t *text, int32_t length, int32_t *errorCode);

/// Writes the NFC form of UTF-16 text (ICU `unorm2_normalize` with the NFC instance). Returns the
/// length of the result, which may exceed `capacity` (then nothing useful is written: retry with
/// that capacity). On an ICU failure sets `*errorCode` (> 0) and returns 0.
int32_t kensaku_icu_nfc(const uint16_t *text, int32_t length, uint16_t *destination,
                        int32_t capacity, int32_t *errorCode);

/// An ICU word break iterator (opaque). Not thread-safe: clone one per thread.
typedef struct KensakuWordBreaker KensakuWordBreaker;

/// Opens a word break iterator for a locale ("ja"). The corresponding ICU function is `ubrk_open`.
KensakuWordBreaker *kensaku_icu_word_breaker_open(const char *locale, int32_t *errorCode);

/// Clones a word break iterator: much cheaper than opening a new one. The corresponding ICU
/// function is `ubrk_clone`.
KensakuWordBreaker *kensaku_icu_word_breaker_clone(const KensakuWordBreaker *breaker,
                                                   int32_t *errorCode);

/// Closes a word break iterator. Passing NULL is allowed.
void kensaku_icu_word_breaker_close(KensakuWordBreaker *breaker);

/// Segments text into words. For each segment writes its end index (UTF-16, exclusive) into `ends`
/// and its ICU rule status into `statuses` (UBRK_WORD_NONE 0..<100, NUMBER 100..<200,
/// LETTER 200..<300, KANA 300..<400, IDEO 400..<500). A segment starts where the previous one
/// ended (the first at 0). Capacity `length` is always enough. Returns the segment count.
int32_t kensaku_icu_word_breaker_segment(KensakuWordBreaker *breaker, const uint16_t *text,
                                         int32_t length, int32_t *ends, int32_t *statuses,
                                         int32_t capacity, int32_t *errorCode);

#ifdef __cplusplus
}
#endif

#endif

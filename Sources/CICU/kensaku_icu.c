#include "kensaku_icu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>
#include <unicode/utypes.h>
#include <unicode/uversion.h>

int32_t kensaku_icu_version(char *buffer, int32_t capacity) {
    UVersionInfo info;
    char text[U_MAX_VERSION_STRING_LENGTH];
    u_getVersion(info);
    u_versionToString(info, text);
    int32_t length = (int32_t)strlen(text);
    if (capacity > 0) {
        snprintf(buffer, (size_t)capacity, "%s", text);
    }
    return length;
}

const char *kensaku_icu_error_name(int32_t errorCode) {
    return u_errorName((UErrorCode)errorCode);
}

int32_t kensaku_icu_normalize_mapped(const uint16_t *source, int32_t sourceLength,
                                     uint16_t *destination, int32_t *sourceStarts,
                                     int32_t *sourceEnds, int32_t capacity,
                                     int32_t *errorCode) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *normalizer = unorm2_getNFKCCasefoldInstance(&status);
    if (U_FAILURE(status)) {
        *errorCode = status;
        return 0;
    }
    const UChar *text = (const UChar *)source;
    int32_t written = 0;
    int32_t position = 0;
    while (position < sourceLength) {
        // A prefix that is already normalized maps one code point to itself.
        int32_t spanEnd = position + unorm2_spanQuickCheckYes(normalizer, text + position,
                                                               sourceLength - position, &status);
        if (U_FAILURE(status)) {
            *errorCode = status;
            return 0;
        }
        // Room is checked once for the span, and each unit is its own code point except the
        // two units of a surrogate pair (rare), which both map to the pair.
        if (written + (spanEnd - position) > capacity) {
            return -(written + (sourceLength - position) * 4);
        }
        while (position < spanEnd) {
            int32_t start = position;
            if (U16_IS_LEAD(text[position]) && position + 1 < spanEnd && U16_IS_TRAIL(text[position + 1])) {
                destination[written] = source[position];
                destination[written + 1] = source[position + 1];
                sourceStarts[written] = start;
                sourceStarts[written + 1] = start;
                sourceEnds[written] = start + 2;
                sourceEnds[written + 1] = start + 2;
                written += 2;
                position += 2;
                continue;
            }
            destination[written] = source[position];
            sourceStarts[written] = start;
            sourceEnds[written] = start + 1;
            written++;
            position++;
        }
        if (position >= sourceLength) {
            break;
        }
        // A chunk that needs work: up to the next normalization boundary.
        int32_t chunkStart = position;
        UChar32 c;
        U16_NEXT(text, position, sourceLength, c);
        while (position < sourceLength) {
            int32_t next = position;
            U16_NEXT(text, next, sourceLength, c);
            if (unorm2_hasBoundaryBefore(normalizer, c)) {
                break;
            }
            position = next;
        }
        int32_t room = capacity - written;
        int32_t produced = unorm2_normalize(normalizer, text + chunkStart, position - chunkStart,
                                            (UChar *)destination + written, room > 0 ? room : 0,
                                            &status);
        if (status == U_BUFFER_OVERFLOW_ERROR) {
            return -(written + produced + (sourceLength - position) * 4);
        }
        if (U_FAILURE(status)) {
            *errorCode = status;
            return 0;
        }
        for (int32_t i = 0; i < produced; i++) {
            sourceStarts[written + i] = chunkStart;
            sourceEnds[written + i] = position;
        }
        written += produced;
    }
    return written;
}

int32_t kensaku_icu_is_quick_nfc(const uint16_t *text, int32_t length, int32_t *errorCode) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *normalizer = unorm2_getNFCInstance(&status);
    if (U_FAILURE(status)) {
        *errorCode = status;
        return 0;
    }
    int32_t span = unorm2_spanQuickCheckYes(normalizer, (const UChar *)text, length, &status);
    if (U_FAILURE(status)) {
        *errorCode = status;
        return 0;
    }
    return span == length ? 1 : 0;
}

int32_t kensaku_icu_nfc(const uint16_t *text, int32_t length, uint16_t *destination,
                        int32_t capacity, int32_t *errorCode) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *normalizer = unorm2_getNFCInstance(&status);
    if (U_FAILURE(status)) {
        *errorCode = status;
        return 0;
    }
    int32_t written = unorm2_normalize(normalizer, (const UChar *)text, length, (UChar *)destination,
                                       capacity, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
        return written;
    }
    if (U_FAILURE(status)) {
        *errorCode = status;
        return 0;
    }
    return written;
}

struct KensakuWordBreaker {
    UBreakIterator *iterator;
};

static KensakuWordBreaker *wrap(UBreakIterator *iterator) {
    KensakuWordBreaker *breaker = (KensakuWordBreaker *)malloc(sizeof(KensakuWordBreaker));
    if (breaker == NULL) {
        ubrk_close(iterator);
        return NULL;
    }
    breaker->iterator = iterator;
    return breaker;
}

KensakuWordBreaker *kensaku_icu_word_breaker_open(const char *locale, int32_t *errorCode) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *iterator = ubrk_open(UBRK_WORD, locale, NULL, 0, &status);
    if (U_FAILURE(status)) {
        *errorCode = status;
        return NULL;
    }
    return wrap(iterator);
}

KensakuWordBreaker *kensaku_icu_word_breaker_clone(const KensakuWordBreaker *breaker,
                                                   int32_t *errorCode) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *iterator = ubrk_clone(breaker->iterator, &status);
    if (U_FAILURE(status)) {
        *errorCode = status;
        return NULL;
    }
    return wrap(iterator);
}

void kensaku_icu_word_breaker_close(KensakuWordBreaker *breaker) {
    if (breaker == NULL) {
        return;
    }
    ubrk_close(breaker->iterator);
    free(breaker);
}

int32_t kensaku_icu_word_breaker_segment(KensakuWordBreaker *breaker, const uint16_t *text,
                                         int32_t length, int32_t *ends, int32_t *statuses,
                                         int32_t capacity, int32_t *errorCode) {
    UErrorCode status = U_ZERO_ERROR;
    ubrk_setText(breaker->iterator, (const UChar *)text, length, &status);
    if (U_FAILURE(status)) {
        *errorCode = status;
        return 0;
    }
    int32_t count = 0;
    ubrk_first(breaker->iterator);
    for (int32_t end = ubrk_next(breaker->iterator); end != UBRK_DONE;
         end = ubrk_next(breaker->iterator)) {
        if (count >= capacity) {
            *errorCode = U_BUFFER_OVERFLOW_ERROR;
            return count;
        }
        ends[count] = end;
        statuses[count] = ubrk_getRuleStatus(breaker->iterator);
        count++;
    }
    // Detach the text so the iterator never points at a caller's freed buffer.
    ubrk_setText(breaker->iterator, NULL, 0, &status);
    return count;
}

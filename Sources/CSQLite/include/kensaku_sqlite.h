#ifndef KENSAKU_SQLITE_H
#define KENSAKU_SQLITE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// An open SQLite database holding one FTS5 table `passages(body)` with the trigram tokenizer.
/// Opaque; the corresponding SQLite type is `sqlite3`.
typedef struct kensaku_sqlite_db kensaku_sqlite_db;

/// Opens (creating when `create` is nonzero) the database at `path`. Returns NULL on failure and
/// writes SQLite's message (NUL-terminated, truncated) to `error`.
kensaku_sqlite_db *kensaku_sqlite_open(const char *path, int create, char *error, int32_t errorCapacity);

/// Closes the database (sqlite3_close_v2).
void kensaku_sqlite_close(kensaku_sqlite_db *db);

/// Runs SQL without results (sqlite3_exec). Returns 0 on success.
int kensaku_sqlite_exec(kensaku_sqlite_db *db, const char *sql, char *error, int32_t errorCapacity);

/// Inserts one passage as row `rowid` (prepared once, reused). Returns 0 on success.
int kensaku_sqlite_insert(kensaku_sqlite_db *db, int64_t rowid, const char *text, int32_t byteCount);

/// Runs `SELECT rowid FROM passages WHERE passages MATCH ? ORDER BY bm25(passages) LIMIT ?` and
/// writes up to `limit` rowids to `rowids`. Returns the number written, or -1 on error (message in
/// `error`).
int32_t kensaku_sqlite_search(kensaku_sqlite_db *db, const char *match, int32_t limit, int64_t *rowids,
                              char *error, int32_t errorCapacity);

/// The SQLite library version (sqlite3_libversion).
const char *kensaku_sqlite_version(void);

#ifdef __cplusplus
}
#endif

#endif

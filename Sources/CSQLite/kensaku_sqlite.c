// The only code that includes SQLite headers: the SQLite FTS5 baseline of `kensaku bench`.
#include "kensaku_sqlite.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

struct kensaku_sqlite_db {
    sqlite3 *handle;
    sqlite3_stmt *insert;
    sqlite3_stmt *search;
};

static void copy_error(const char *message, char *error, int32_t capacity) {
    if (error == NULL || capacity <= 0) return;
    strncpy(error, message ? message : "unknown SQLite error", (size_t)capacity - 1);
    error[capacity - 1] = 0;
}

kensaku_sqlite_db *kensaku_sqlite_open(const char *path, int create, char *error, int32_t errorCapacity) {
    sqlite3 *handle = NULL;
    int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path, &handle, flags, NULL) != SQLITE_OK) {
        copy_error(handle ? sqlite3_errmsg(handle) : "out of memory", error, errorCapacity);
        sqlite3_close_v2(handle);
        return NULL;
    }
    kensaku_sqlite_db *db = calloc(1, sizeof *db);
    if (db == NULL) {
        sqlite3_close_v2(handle);
        copy_error("out of memory", error, errorCapacity);
        return NULL;
    }
    db->handle = handle;
    return db;
}

void kensaku_sqlite_close(kensaku_sqlite_db *db) {
    if (db == NULL) return;
    sqlite3_finalize(db->insert);
    sqlite3_finalize(db->search);
    sqlite3_close_v2(db->handle);
    free(db);
}

int kensaku_sqlite_exec(kensaku_sqlite_db *db, const char *sql, char *error, int32_t errorCapacity) {
    char *message = NULL;
    int status = sqlite3_exec(db->handle, sql, NULL, NULL, &message);
    if (status != SQLITE_OK) {
        copy_error(message ? message : sqlite3_errmsg(db->handle), error, errorCapacity);
        sqlite3_free(message);
        return status;
    }
    return 0;
}

int kensaku_sqlite_insert(kensaku_sqlite_db *db, int64_t rowid, const char *text, int32_t byteCount) {
    if (db->insert == NULL) {
        int status = sqlite3_prepare_v2(db->handle, "INSERT INTO passages(rowid, body) VALUES (?, ?)", -1, &db->insert, NULL);
        if (status != SQLITE_OK) return status;
    }
    sqlite3_bind_int64(db->insert, 1, rowid);
    sqlite3_bind_text(db->insert, 2, text, byteCount, SQLITE_STATIC);
    int status = sqlite3_step(db->insert);
    sqlite3_reset(db->insert);
    return status == SQLITE_DONE ? 0 : status;
}

int32_t kensaku_sqlite_search(kensaku_sqlite_db *db, const char *match, int32_t limit, int64_t *rowids,
                              char *error, int32_t errorCapacity) {
    if (db->search == NULL) {
        const char *sql = "SELECT rowid FROM passages WHERE passages MATCH ? ORDER BY bm25(passages) LIMIT ?";
        if (sqlite3_prepare_v2(db->handle, sql, -1, &db->search, NULL) != SQLITE_OK) {
            copy_error(sqlite3_errmsg(db->handle), error, errorCapacity);
            return -1;
        }
    }
    sqlite3_bind_text(db->search, 1, match, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(db->search, 2, limit);
    int32_t count = 0;
    int status;
    while ((status = sqlite3_step(db->search)) == SQLITE_ROW) {
        if (count < limit) rowids[count++] = sqlite3_column_int64(db->search, 0);
    }
    if (status != SQLITE_DONE) {
        copy_error(sqlite3_errmsg(db->handle), error, errorCapacity);
        sqlite3_reset(db->search);
        return -1;
    }
    sqlite3_reset(db->search);
    return count;
}

const char *kensaku_sqlite_version(void) { return sqlite3_libversion(); }

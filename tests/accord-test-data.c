#define G_LOG_DOMAIN "accord-test"

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "accord-test-data.h"

/**
 * accord_test_damage_table:
 * @path: a database, closed
 * @table: one of its tables
 *
 * Writes garbage over the first page of @table: what a bad sector can do.
 */
void
accord_test_damage_table (const char *path,
                          const char *table)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 root, page_size;
  guchar garbage[512];
  int fd;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT rootpage, (SELECT page_size FROM pragma_page_size)"
                                           " FROM sqlite_schema WHERE name = ?", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  root = sqlite3_column_int64 (stmt, 0);
  page_size = sqlite3_column_int64 (stmt, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  memset (garbage, 0xa5, sizeof garbage);
  fd = g_open (path, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  for (gint64 offset = 0; offset < page_size; offset += sizeof garbage)
    g_assert_cmpint (pwrite (fd, garbage, sizeof garbage, (root - 1) * page_size + offset), ==, sizeof garbage);
  close (fd);
}

#define G_LOG_DOMAIN "accord-test"

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "accord-test-data.h"

/* The page number and size of @table's first page. */
static void
find_root_page (const char *path,
                const char *table,
                gint64     *root,
                gint64     *page_size)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT rootpage, (SELECT page_size FROM pragma_page_size)"
                                           " FROM sqlite_schema WHERE name = ?", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *root = sqlite3_column_int64 (stmt, 0);
  *page_size = sqlite3_column_int64 (stmt, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

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
  gint64 root, page_size;
  guchar garbage[512];
  int fd;

  find_root_page (path, table, &root, &page_size);
  memset (garbage, 0xa5, sizeof garbage);
  fd = g_open (path, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  for (gint64 offset = 0; offset < page_size; offset += sizeof garbage)
    g_assert_cmpint (pwrite (fd, garbage, sizeof garbage, (root - 1) * page_size + offset), ==, sizeof garbage);
  close (fd);
}

/* @table's first page open to change, its first @size bytes read into
 * @header and its offset in the file in @page. */
static int
open_root_page (const char *path,
                const char *table,
                guchar     *header,
                gsize       size,
                gint64     *page)
{
  gint64 root, page_size;
  int fd;

  find_root_page (path, table, &root, &page_size);
  *page = (root - 1) * page_size;
  fd = g_open (path, O_RDWR, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pread (fd, header, size, *page), ==, (gssize) size);
  return fd;
}

/**
 * accord_test_damage_first_record:
 * @path: a database, closed
 * @table: a table WITHOUT ROWID small enough to fit its first page
 *
 * Makes the key of the first record of @table, a text, a byte shorter
 * than it is, the table's pages otherwise whole: the record cannot be
 * read, yet rows can still be added, as after a single bad byte.
 */
void
accord_test_damage_first_record (const char *path,
                                 const char *table)
{
  guchar header[10];
  guchar byte;
  guint cell;
  gint64 page;
  int fd = open_root_page (path, table, header, sizeof header, &page);

  /* A leaf of an index b-tree, as a table without rowid is. */
  g_assert_cmpint (header[0], ==, 0x0a);
  cell = (header[8] << 8) | header[9];
  /* Past the payload's size, a varint, and the record header's size, a
   * byte: the key's type, 13 + twice its length for a text. */
  do
    g_assert_cmpint (pread (fd, &byte, 1, page + cell++), ==, 1);
  while (byte & 0x80);
  cell++;
  g_assert_cmpint (pread (fd, &byte, 1, page + cell), ==, 1);
  g_assert_true (byte >= 15 && byte < 0x80 && byte % 2 == 1);
  byte -= 2;
  g_assert_cmpint (pwrite (fd, &byte, 1, page + cell), ==, 1);
  close (fd);
}

/**
 * accord_test_hide_last_record:
 * @path: a database, closed
 * @table: a table small enough to fit its first page
 *
 * Makes the first page of @table count one record less than it holds:
 * every record left reads back whole, and a plain read gives no error,
 * but the last one is gone, as after a bad byte in the page's header.
 */
void
accord_test_hide_last_record (const char *path,
                              const char *table)
{
  guchar header[5];
  guint n_cells;
  gint64 page;
  int fd = open_root_page (path, table, header, sizeof header, &page);

  /* A leaf, of a table or of an index b-tree. */
  g_assert_true (header[0] == 0x0d || header[0] == 0x0a);
  n_cells = (header[3] << 8) | header[4];
  g_assert_cmpuint (n_cells, >=, 2);
  n_cells--;
  header[3] = n_cells >> 8;
  header[4] = n_cells & 0xff;
  g_assert_cmpint (pwrite (fd, header + 3, 2, page + 3), ==, 2);
  close (fd);
}

#define G_LOG_DOMAIN "accord-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "accord-article-list.h"
#include "accord-store-import.h"
#include "accord-store-private.h"
#include "accord-string-table.h"
#include "accord-utils.h"

/* The SQLite database under every screen.
 *
 * The snapshot (categories, entities, articles and their full-text index)
 * is replaced as a whole by each import, in one transaction on a
 * connection of the import's own, so that a failure at any point leaves
 * the previous snapshot as it was. Bookmarks live in a table of their
 * own that imports only refresh, never empty. The main thread reads
 * through a second connection; WAL lets both work at once. */

struct _AccordStore
{
  GObject   parent_instance;

  char     *path;
  sqlite3  *db;
  sqlite3_stmt *load_article;   /* kept: lists read articles one by one */
  sqlite3  *writer;              /* the worker's, for the writes queued */
  sqlite3  *reader;              /* the reading threads', one at a time */
  GMutex    reader_lock;
  guint     reader_delay_ms;      /* for the tests: how long reads wait */
  gboolean  reader_fails;         /* for the tests: no reading threads */
  gboolean  read_only;            /* see accord_store_new_read_only() */
  GQueue    writes;              /* of GTask: the first one is running */
  int       writer_busy_ms;      /* how long a queued write waits for the lock */
  GHashTable *removed;           /* article id → RemovedBookmark: the writes' only */

  /* The index's tokenizer, for queries: see build_search_query(). */
  fts5_tokenizer tokenizer_module;
  Fts5Tokenizer *tokenizer;

  /* Fault injection for the tests. */
  AccordImportFault fault;
};

/* Long enough for any import to finish; a write still waiting then fails. */
#define BUSY_TIMEOUT_MS 10000
/* A snapshot this many pages (4 KiB each) smaller than the last one is
 * worth shrinking the file for. */
#define MIN_FREE_PAGES_TO_SHRINK 1024

G_DEFINE_FINAL_TYPE (AccordStore, accord_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (accord-store-error-quark, accord_store_error)

enum {
  SNAPSHOT_CHANGED,
  BOOKMARKS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A text in English and French as the import indexes it: both, one
 * line each, or the one there is. */
#define BOTH_LANGUAGES(column) \
  "CASE WHEN " column "_en IS NOT NULL AND " column "_fr IS NOT NULL" \
  " THEN " column "_en || char (10) || " column "_fr ELSE coalesce (" column "_en, " column "_fr) END"

/* Each entry moves the schema up one version; never edit a released one. */
static const char * const migrations[] = {
  /* 1 */
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;"
  "CREATE TABLE category (id TEXT PRIMARY KEY, name_en TEXT, name_fr TEXT, texts TEXT);"
  "CREATE TABLE entity (rowid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,"
  "  kind TEXT NOT NULL, name_en TEXT, name_fr TEXT, acronym_en TEXT, acronym_fr TEXT,"
  "  summary_en TEXT, summary_fr TEXT, founded TEXT, updated TEXT,"
  "  profile TEXT, members TEXT, links TEXT, texts TEXT);"
  "CREATE TABLE article (rowid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,"
  "  date TEXT NOT NULL, category TEXT, source TEXT, url TEXT,"
  "  title_en TEXT, title_fr TEXT, summary_en TEXT, summary_fr TEXT, texts TEXT);"
  "CREATE INDEX article_by_date ON article (date DESC);"
  "CREATE TABLE article_entity ("
  "  entity INTEGER NOT NULL REFERENCES entity (rowid) ON DELETE CASCADE,"
  "  date TEXT NOT NULL,"
  "  article INTEGER NOT NULL REFERENCES article (rowid) ON DELETE CASCADE,"
  "  PRIMARY KEY (entity, date, article)) WITHOUT ROWID;"
  "CREATE INDEX article_entity_by_article ON article_entity (article);"
  "CREATE TABLE bookmark (article_id TEXT PRIMARY KEY, created INTEGER NOT NULL,"
  "  date TEXT, title_en TEXT, title_fr TEXT, source TEXT, url TEXT, entities TEXT) WITHOUT ROWID;"
  "CREATE VIRTUAL TABLE entity_fts USING fts5 (name, acronym, summary, profile,"
  "  content='', detail=column, tokenize='unicode61 remove_diacritics 2', prefix='2 3');"
  "CREATE VIRTUAL TABLE article_fts USING fts5 (title, source, summary,"
  "  content='', detail=column, tokenize='unicode61 remove_diacritics 2', prefix='2 3');",

  /* 2: what the sync job remembers, and which articles are new. */
  "CREATE TABLE sync_state (key TEXT PRIMARY KEY, value) WITHOUT ROWID;"
  "CREATE TABLE article_state (id TEXT PRIMARY KEY, first_seen INTEGER NOT NULL,"
  "  seen INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
  "CREATE INDEX article_state_unseen ON article_state (id) WHERE seen = 0;"
  "INSERT INTO article_state (id, first_seen, seen) SELECT id, 0, 1 FROM article;",

  /* 3: each entity's number of articles, counted at import. */
  "ALTER TABLE entity ADD COLUMN n_articles INTEGER NOT NULL DEFAULT 0;"
  "UPDATE entity SET n_articles = (SELECT count(*) FROM article_entity ae WHERE ae.entity = entity.rowid);",

  /* 4: the sidebar's columns, read without the profiles stored beside
   * them (n_articles, added last, comes after them in each row). */
  "CREATE INDEX entity_sidebar ON entity (kind, id, name_en, name_fr, acronym_en, acronym_fr, n_articles);",

  /* 5: an entity or an article named in neither language is found by the
   * id it is shown under, once imported again: without the validators,
   * the next refresh downloads the feed whole. (The index has no content
   * to update a row from.) */
  "DELETE FROM sync_state WHERE key = 'validators-url' AND"
  " (EXISTS (SELECT 1 FROM entity WHERE name_en IS NULL AND name_fr IS NULL) OR"
  "  EXISTS (SELECT 1 FROM article WHERE title_en IS NULL AND title_fr IS NULL));",

  /* 6: the index holds text as people type it (accord_search_fold_index()):
   * built again from the stored texts, as the import writes it. */
  "INSERT INTO entity_fts (entity_fts) VALUES ('delete-all');"
  "INSERT INTO entity_fts (rowid, name, acronym, summary, profile)"
  " SELECT rowid,"
  "  accord_index_text (" BOTH_LANGUAGES ("name") ", id),"
  "  accord_index_text (" BOTH_LANGUAGES ("acronym") ", NULL),"
  "  accord_index_text (" BOTH_LANGUAGES ("summary") ", NULL),"
  "  accord_index_text ((SELECT group_concat (coalesce (json_extract (section.value, '$.heading'), '') || char (10) ||"
  "                                           json_extract (section.value, '$.body') || char (10), '')"
  "                      FROM json_each (entity.profile) AS lang, json_each (lang.value) AS section"
  "                      WHERE lang.key IN ('en', 'fr')), '')"
  " FROM entity;"
  "INSERT INTO article_fts (article_fts) VALUES ('delete-all');"
  "INSERT INTO article_fts (rowid, title, source, summary)"
  " SELECT rowid, accord_index_text (" BOTH_LANGUAGES ("title") ", id), accord_index_text (source, NULL),"
  "  accord_index_text (" BOTH_LANGUAGES ("summary") ", NULL)"
  " FROM article;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == ACCORD_STORE_SCHEMA_VERSION);

/* The count of new articles is filled in apart: see count_new_articles(). */
#define ENTITY_COLUMNS \
  "e.id, e.kind, e.name_en, e.name_fr, e.acronym_en, e.acronym_fr, e.summary_en, e.summary_fr," \
  " e.founded, e.updated, e.n_articles"

/* A category named in neither language shows under its id, in the rows
 * as in the menu of categories (accord_category_get_name()). */
#define CATEGORY_NAMES \
  " coalesce (c.name_en, iif (c.name_fr IS NULL, c.id, NULL)), c.name_fr"

#define ARTICLE_COLUMNS \
  "a.id, a.date, a.title_en, a.title_fr," \
  CATEGORY_NAMES ", a.source, a.url, " ACCORD_ARTICLE_ENTITIES_JSON "," \
  " b.created, (SELECT s.seen = 0 FROM article_state s WHERE s.id = a.id)"

#define ARTICLE_JOINS \
  " LEFT JOIN category c ON c.id = a.category" \
  " LEFT JOIN bookmark b ON b.article_id = a.id"

/* ---------------------------------------------------------------------- */
/* SQLite helpers                                                          */

/* SQLite says SQLITE_FULL only when the database file itself cannot
 * grow: a WAL or its index that cannot be made is an I/O error to it. */
static gboolean
is_disk_full (sqlite3 *db,
              int      rc)
{
  int os_error;

  if ((rc & 0xff) == SQLITE_FULL)
    return TRUE;
  if (db == NULL || ((rc & 0xff) != SQLITE_IOERR && (rc & 0xff) != SQLITE_CANTOPEN))
    return FALSE;
  os_error = sqlite3_system_errno (db);
  return os_error == ENOSPC || os_error == EDQUOT;
}

static gboolean
is_permission_denied (sqlite3 *db)
{
  int os_error = db != NULL ? sqlite3_system_errno (db) : 0;

  return os_error == EACCES || os_error == EPERM;
}

/* Not a damage: moving the folder aside would only hide the bookmarks
 * in it. */
static gboolean
set_permission_error (const char  *what,
                      const char  *file,
                      GError     **error)
{
  g_autofree char *folder = file != NULL && *file != '\0' ? g_path_get_dirname (file) : NULL;

  if (folder != NULL)
    g_set_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_READ_ONLY,
                 /* Translators: the first %s says what failed, the second is a folder */
                 _("%s: Accord is not allowed to open its data in %s; check the permissions of that folder "
                   "and of the files in it"),
                 what, folder);
  else
    g_set_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_READ_ONLY,
                 /* Translators: %s says what failed */
                 _("%s: Accord is not allowed to open its data; check the permissions of its folder"), what);
  return FALSE;
}

gboolean
accord_store_set_sqlite_error (sqlite3     *db,
                               int          rc,
                               const char  *what,
                               GError     **error)
{
  int code;
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  switch (is_disk_full (db, rc) ? SQLITE_FULL : rc & 0xff)
    {
    case SQLITE_FULL:
      code = ACCORD_STORE_ERROR_FULL;
      /* Translators: %s says what failed, as in "Could not store the feed" */
      g_set_error (error, ACCORD_STORE_ERROR, code, _("%s: not enough disk space; nothing was changed"), what);
      return FALSE;

    case SQLITE_IOERR:
      code = ACCORD_STORE_ERROR_FAILED;
      /* Translators: the first %s says what failed, the second why */
      g_set_error (error, ACCORD_STORE_ERROR, code, _("%s: the disk could not be written (%s); nothing was changed"),
                   what, detail);
      return FALSE;

    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      code = ACCORD_STORE_ERROR_CORRUPT;
      /* Translators: the first %s says what failed, the second is SQLite's own words */
      g_set_error (error, ACCORD_STORE_ERROR, code, _("%s: Accord’s data file is damaged (%s)"), what, detail);
      return FALSE;

    case SQLITE_CANTOPEN:
      if (is_permission_denied (db))
        return set_permission_error (what, sqlite3_db_filename (db, "main"), error);
      /* Where the file cannot be written to (a disk mounted read-only),
       * SQLite opens it read-only without a word, then cannot make the
       * files beside it that it needs: only that it cannot open it. */
      if (db == NULL || sqlite3_db_readonly (db, "main") != 1)
        {
          code = ACCORD_STORE_ERROR_FAILED;
          break;
        }
      G_GNUC_FALLTHROUGH;
    case SQLITE_READONLY:
      {
        const char *file = db != NULL ? sqlite3_db_filename (db, "main") : NULL;
        g_autofree char *folder = file != NULL && *file != '\0' ? g_path_get_dirname (file) : NULL;

        code = ACCORD_STORE_ERROR_READ_ONLY;
        /* Translators: the first %s says what failed, the second is a folder */
        g_set_error (error, ACCORD_STORE_ERROR, code, _("%s: Accord’s data in %s cannot be written to"), what,
                     folder != NULL ? folder : detail);
        return FALSE;
      }

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = ACCORD_STORE_ERROR_BUSY;
      /* Translators: the first %s says what failed, the second is SQLite's own words */
      g_set_error (error, ACCORD_STORE_ERROR, code, _("%s: Accord’s data file is in use by another program; try again later (%s)"),
                   what, detail);
      return FALSE;

    default:
      code = ACCORD_STORE_ERROR_FAILED;
      break;
    }

  /* Translators: the first %s says what failed, the second is SQLite's own words */
  g_set_error (error, ACCORD_STORE_ERROR, code, C_("store error", "%s: %s"), what, detail);
  return FALSE;
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return accord_store_set_sqlite_error (db, rc, _("Could not update the database"), error);
  return TRUE;
}

static sqlite3_stmt *
prepare (sqlite3     *db,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v3 (db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      accord_store_set_sqlite_error (db, rc, _("Could not read the database"), error);
      return NULL;
    }
  return stmt;
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

/* The number a pragma such as "PRAGMA user_version" answers, or -1. */
static gint64
read_pragma_int (sqlite3    *db,
                 const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int64 (stmt, 0);
}

static int
read_user_version (sqlite3 *db)
{
  return (int) read_pragma_int (db, "PRAGMA user_version");
}

/* Asks for WAL; SQLite answers with the mode the file is in. */
static int
try_wal (sqlite3  *db,
         gboolean *is_wal)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *is_wal = FALSE;
  if ((rc = sqlite3_prepare_v2 (db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL)) != SQLITE_OK)
    return rc;
  if ((rc = sqlite3_step (stmt)) != SQLITE_ROW)
    return rc;
  *is_wal = g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") == 0;
  return SQLITE_OK;
}

/* Two connections switching a new file to WAL at once would each wait
 * for the other, so SQLite fails one of them without waiting, or leaves
 * it in the old mode; that one tries again once the other is done. */
static gboolean
enable_wal (sqlite3  *db,
            GError  **error)
{
  gint64 deadline = g_get_monotonic_time () + BUSY_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;
  guint n_other_mode = 0;
  gboolean is_wal;
  int rc;

  /* A file that cannot be in WAL at all (no shared memory where it is)
   * answers so at once: only a few more tries then, not the whole wait. */
  while ((((rc = try_wal (db, &is_wal)) & 0xff) == SQLITE_BUSY ||
          (rc == SQLITE_OK && !is_wal && ++n_other_mode < 20)) &&
         g_get_monotonic_time () < deadline)
    g_usleep (10 * G_TIME_SPAN_MILLISECOND);

  if (rc != SQLITE_OK)
    return accord_store_set_sqlite_error (db, rc, _("Could not open the database"), error);
  /* Still usable, each import still atomic; readers wait for writers. */
  if (!is_wal)
    g_message ("The database could not switch to write-ahead logging");
  return TRUE;
}

/* bm25, with the columns weighed by the arguments, but for how rare each
 * word is. FTS5's own bm25 finds no words in an index without positions
 * (detail=column), and ranks every row alike; weighing rarity would also
 * mean counting every row holding each word, most of a search's time
 * over 50,000 articles, when every result holds every word anyway.
 * Each column's length is weighed on its own (as BM25F does): a word in
 * a short name counts as much as in any name, however long the profile
 * beside it. */
#define MAX_RANKED_COLUMNS 8

static void
rank_by_columns (const Fts5ExtensionApi  *api,
                 Fts5Context             *fts,
                 sqlite3_context         *context,
                 int                      n_values,
                 sqlite3_value          **values)
{
  const double k1 = 1.2, b = 0.75;
  int n_phrases = api->xPhraseCount (fts);
  int n_columns = MIN (api->xColumnCount (fts), MAX_RANKED_COLUMNS);
  double weight[MAX_RANKED_COLUMNS];
  sqlite3_int64 n_rows = 0;
  double score = 0;
  int rc;

  if ((rc = api->xRowCount (fts, &n_rows)) != SQLITE_OK)
    goto failed;
  /* A word in a column weighs its weight, less in a longer column. */
  for (int c = 0; c < n_columns; c++)
    {
      sqlite3_int64 total_size = 0;
      int size = 0;
      double average_size;

      if ((rc = api->xColumnTotalSize (fts, c, &total_size)) != SQLITE_OK ||
          (rc = api->xColumnSize (fts, c, &size)) != SQLITE_OK)
        goto failed;
      average_size = n_rows > 0 && total_size > 0 ? (double) total_size / (double) n_rows : 1.0;
      weight[c] = (c < n_values ? sqlite3_value_double (values[c]) : 1.0) / (1 - b + b * size / average_size);
    }
  /* The index keeps which columns hold a word, not where in them. */
  for (int i = 0; i < n_phrases; i++)
    {
      Fts5PhraseIter iter;
      double frequency = 0;
      int column;

      if ((rc = api->xPhraseFirstColumn (fts, i, &iter, &column)) != SQLITE_OK)
        goto failed;
      for (; column >= 0; api->xPhraseNextColumn (fts, &iter, &column))
        frequency += column < n_columns ? weight[column] : 0;
      score += frequency * (k1 + 1) / (frequency + k1);
    }
  /* Smaller first, as bm25's. */
  sqlite3_result_double (context, -score);
  return;

failed:
  sqlite3_result_error_code (context, rc);
}

/* FTS5's own API, to add functions and find tokenizers with. */
static fts5_api *
get_fts5_api (sqlite3 *db)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  fts5_api *api = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5 (?1)", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_pointer (stmt, 1, (void *) &api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  return api;
}

/* Adds rank_by_columns() to @db's full-text functions. */
static void
add_rank_function (sqlite3 *db)
{
  fts5_api *api = get_fts5_api (db);

  if (api == NULL || api->xCreateFunction (api, "accord_rank", NULL, rank_by_columns, NULL) != SQLITE_OK)
    g_warning ("Could not add the search's ranking function: searches will find nothing");
}

/* Tables without a schema version are another program's: Accord's first
 * change makes its tables and sets the version at once. So is a version
 * this Accord knows without its first table, meta. Such a file is left
 * as it is, never taken over. (A newer Accord's schema is not judged.) */
#define FOREIGN_DATABASE_SQL \
  "SELECT CASE WHEN user_version = 0 THEN (SELECT count(*) FROM sqlite_schema) > 0" \
  " WHEN user_version <= " G_STRINGIFY (ACCORD_STORE_SCHEMA_VERSION) \
  " THEN NOT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta')" \
  " ELSE 0 END FROM pragma_user_version"

static gboolean
check_not_foreign (sqlite3     *db,
                   const char  *path,
                   GError     **error)
{
  /* One statement, one snapshot: another Accord may be making its tables
   * and setting the version meanwhile, both at once. */
  if (read_pragma_int (db, FOREIGN_DATABASE_SQL) != 1)
    return TRUE;

  g_set_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_FOREIGN,
               /* Translators: %s is a file's path */
               _("%s holds another program’s data, not Accord’s; it was left as it is"), path);
  return FALSE;
}

/* SQLite makes its log and its index with the data file's permissions:
 * read once while the file was read-only, it leaves them so, and they
 * keep every write out after the file is writable again. */
static void
mend_side_files (const char *path)
{
  static const char *const suffixes[] = { "-wal", "-shm" };
  /* Where SQLite keeps them: beside the file a link leads to. */
  g_autofree char *real = realpath (path, NULL);
  struct stat data, side;

  if (real == NULL || stat (real, &data) != 0 || !S_ISREG (data.st_mode) || (data.st_mode & S_IWUSR) == 0)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *side_path = g_strconcat (real, suffixes[i], NULL);
      int fd = open (side_path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

      if (fd < 0)
        continue;
      if (fstat (fd, &side) == 0 && S_ISREG (side.st_mode) && side.st_uid == data.st_uid &&
          (side.st_mode & S_IWUSR) == 0)
        (void) fchmod (fd, (side.st_mode & 07777) | (data.st_mode & 0600));
      close (fd);
    }
}

static gboolean check_version (sqlite3  *db,
                               int       version,
                               GError  **error);

/* Only a version that could be read is judged here: a damaged file is
 * opened still, for what can be read of it. */
static gboolean
check_not_newer (sqlite3  *db,
                 GError  **error)
{
  int version = read_user_version (db);

  return version < 0 || check_version (db, version, error);
}

static sqlite3 *
open_connection (const char  *path,
                 GError     **error)
{
  sqlite3 *db = NULL;
  int rc;

  mend_side_files (path);
  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      /* SQLite would only say it cannot open it. */
      if ((rc & 0xff) == SQLITE_CANTOPEN && g_file_test (path, G_FILE_TEST_IS_DIR))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                     _("Could not open the database: %s is a folder, where Accord keeps its data file"), path);
      else if ((rc & 0xff) == SQLITE_CANTOPEN && is_permission_denied (db))
        set_permission_error (_("Could not open the database"), path, error);
      else
        accord_store_set_sqlite_error (db, rc, _("Could not open the database"), error);
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
  sqlite3_extended_result_codes (db, 1);
  add_rank_function (db);

  /* WAL keeps readers going during an import; NORMAL is durable against a
   * crash of the app, and each commit is atomic whatever happens. A file
   * of a newer Accord is refused before: switching it to WAL would write
   * to it. */
  if (!check_not_foreign (db, path, error) ||
      !check_not_newer (db, error) ||
      !enable_wal (db, error) ||
      !exec_sql (db,
                 "PRAGMA synchronous = NORMAL;"
                 "PRAGMA foreign_keys = ON;"
                 "PRAGMA temp_store = MEMORY;",
                 error))
    {
      sqlite3_close (db);
      return NULL;
    }

  return db;
}

static gboolean
check_version (sqlite3     *db,
               int          version,
               GError     **error)
{
  if (version < 0)
    return accord_store_set_sqlite_error (db, sqlite3_errcode (db), _("Could not read the database"), error);

  if (version > ACCORD_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_NEWER_SCHEMA,
                   _("The data was saved by a newer version of Accord (schema %d; this one knows %d)"),
                   version, ACCORD_STORE_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

/* Runs in a write transaction, from @version up to @target. */
/* accord_index_text (text, otherwise), for the migrations: @text as
 * the full-text index has it (see accord_search_fold_index()), or
 * @otherwise for no text, as the import writes it. */
static void
index_text (sqlite3_context  *context,
            int               n_values,
            sqlite3_value   **values)
{
  sqlite3_value *chosen = sqlite3_value_type (values[0]) != SQLITE_NULL ? values[0] : values[1];
  const char *text = (const char *) sqlite3_value_text (chosen);
  g_autofree char *valid = NULL;
  char *folded;

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }
  /* Written by Accord, so valid; but the file is the user's. */
  valid = g_utf8_make_valid (text, -1);
  folded = accord_search_fold_index (valid);
  if (folded != NULL)
    sqlite3_result_text (context, folded, -1, g_free);
  else
    sqlite3_result_text (context, g_steal_pointer (&valid), -1, g_free);
}

static gboolean
run_migrations (sqlite3     *db,
                int          version,
                int          target,
                GError     **error)
{
  int rc = sqlite3_create_function (db, "accord_index_text", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                                    index_text, NULL, NULL);

  if (rc != SQLITE_OK)
    return accord_store_set_sqlite_error (db, rc, _("Could not update the database"), error);

  for (int v = version; v < target; v++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", v + 1);

      g_debug ("Migrating the database from schema %d to %d", v, v + 1);
      if (!exec_sql (db, migrations[v], error) || !exec_sql (db, set_version, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
migrate (sqlite3     *db,
         int          target,
         GError     **error)
{
  int version = read_user_version (db);

  if (!check_version (db, version, error))
    return FALSE;
  if (version >= target)
    return TRUE;

  if (!exec_sql (db, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* Another process opening the same file may have migrated it while
   * this one waited for the lock: read the version again under it. */
  version = read_user_version (db);
  if (!check_version (db, version, error) ||
      !run_migrations (db, version, target, error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  return exec_sql (db, "COMMIT", error);
}

static gboolean
ensure_parent_dir (const char  *path,
                   GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Opening                                                                 */

/**
 * accord_store_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/accord/accord.db`
 */
char *
accord_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "accord", "accord.db", NULL);
}

static void remove_stale_spares (const char *path);

/**
 * accord_store_new:
 * @path: the database file, created when missing
 *
 * Opens the store, bringing an older database up to the current schema.
 *
 * Returns: (transfer full): the store, or %NULL
 */
AccordStore *
accord_store_new (const char  *path,
                  GError     **error)
{
  g_autoptr(AccordStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ensure_parent_dir (path, error))
    return NULL;

  self = g_object_new (ACCORD_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  if ((self->db = open_connection (path, error)) == NULL ||
      !migrate (self->db, ACCORD_STORE_SCHEMA_VERSION, error))
    return NULL;
  remove_stale_spares (path);

  return g_steal_pointer (&self);
}

static sqlite3 *
open_read_only_as (const char  *name,
                   int          flags,
                   int         *rc_out,
                   GError     **error)
{
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2 (name, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | flags, NULL);

  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
      sqlite3_extended_result_codes (db, 1);
      add_rank_function (db);
      /* SQLite opens lazily: a first read says whether it can. */
      if (read_user_version (db) >= 0)
        return db;
      rc = sqlite3_extended_errcode (db);
      /* A file cut short, its header counting pages it no longer has, is
       * refused whole: told to go by the file's size, SQLite reads the
       * pages left, the bookmarks' maybe. Only ever read here. */
      if ((rc & 0xff) == SQLITE_CORRUPT && sqlite3_exec (db, "PRAGMA writable_schema = ON", NULL, NULL, NULL) == SQLITE_OK &&
          read_user_version (db) >= 0)
        return db;
    }
  *rc_out = rc;
  accord_store_set_sqlite_error (db, rc, _("Could not open the database"), error);
  sqlite3_close (db);
  return NULL;
}

static gboolean
holds_something (const char *path)
{
  GStatBuf buf;

  return g_stat (path, &buf) == 0 && buf.st_size > 0;
}

/* What keeps SQLite from making the log's index beside a database, so
 * that it can share reading it: a folder that cannot be written to, or a
 * full disk. */
static gboolean
cannot_share_reading (int rc)
{
  switch (rc)
    {
    case SQLITE_READONLY_CANTINIT:
    case SQLITE_READONLY_DIRECTORY:
    case SQLITE_IOERR_SHMOPEN:
    case SQLITE_IOERR_SHMSIZE:
    case SQLITE_IOERR_SHMMAP:
      return TRUE;
    default:
      return (rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_FULL;
    }
}

/* SQLite reads a WAL database read-only when it can make the log's index
 * beside it, or find it there. In a folder it cannot write to, with no
 * log or journal left to apply (Accord closed as it should), the file
 * holds everything and is read as one that cannot change: never when a
 * write may have been cut short, which only a writer can mend. */
static sqlite3 *
open_read_only_connection (const char  *path,
                           GError     **error)
{
  g_autofree char *log = g_strconcat (path, "-wal", NULL);
  g_autofree char *journal = g_strconcat (path, "-journal", NULL);
  g_autofree char *uri = NULL;
  g_autofree char *immutable = NULL;
  sqlite3 *db;
  int rc, ignored;

  if ((db = open_read_only_as (path, 0, &rc, error)) != NULL)
    return db;
  if (holds_something (log) || holds_something (journal))
    {
      g_clear_error (error);
      g_set_error_literal (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_FAILED,
                           _("The data was left in the middle of a change, which can only be finished where it "
                             "can be written to: copy the whole data folder to such a place first"));
      return NULL;
    }
  if (!cannot_share_reading (rc))
    return NULL;
  if ((uri = g_filename_to_uri (path, NULL, NULL)) == NULL)
    return NULL;
  immutable = g_strconcat (uri, "?immutable=1", NULL);
  if ((db = open_read_only_as (immutable, SQLITE_OPEN_URI, &ignored, NULL)) != NULL)
    g_clear_error (error);
  return db;
}

/**
 * accord_store_new_read_only:
 * @path: an existing database file
 *
 * Opens the store to read it only, writing nothing beside it, as a
 * read-only folder or file system allows: enough to export the bookmarks
 * from a disk mounted to rescue them. A database of an older version of
 * Accord, which cannot be brought up to date this way, is read as it is:
 * its bookmarks' table is the same.
 *
 * Returns: (transfer full): the store, or %NULL
 */
AccordStore *
accord_store_new_read_only (const char  *path,
                            GError     **error)
{
  g_autoptr(AccordStore) self = NULL;
  int version;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (ACCORD_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->read_only = TRUE;
  if ((self->db = open_read_only_connection (path, error)) == NULL)
    return NULL;

  version = read_user_version (self->db);
  if (!check_version (self->db, version, error) || !check_not_foreign (self->db, path, error))
    return NULL;
  if (version == 0)
    {
      g_set_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_FAILED,
                   /* Translators: %s is a file's path */
                   _("%s holds no data of Accord’s yet"), path);
      return NULL;
    }

  return g_steal_pointer (&self);
}

/* A database at an older schema, as an older Accord left it (for tests). */
gboolean
accord_store_create_at_version (const char  *path,
                                int          version,
                                GError     **error)
{
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (version >= 1 && version <= ACCORD_STORE_SCHEMA_VERSION, FALSE);

  if (!ensure_parent_dir (path, error) || (db = open_connection (path, error)) == NULL)
    return FALSE;
  ok = migrate (db, version, error);
  sqlite3_close (db);
  return ok;
}

/* For the tests: a queued write gives up after @ms. */
void
accord_store_set_busy_timeout (AccordStore *self,
                               int          ms)
{
  g_return_if_fail (ACCORD_IS_STORE (self));
  g_return_if_fail (g_queue_is_empty (&self->writes));

  self->writer_busy_ms = ms;
  if (self->writer != NULL)
    sqlite3_busy_timeout (self->writer, ms);
}

/* For the tests: reading threads wait @ms before they read, as behind a
 * slow query. Set while none runs. */
void
accord_store_set_reader_delay (AccordStore *self,
                               guint        ms)
{
  g_return_if_fail (ACCORD_IS_STORE (self));

  self->reader_delay_ms = ms;
}

/* For the tests: the reading threads' connection cannot be opened, as
 * when the process has run out of file descriptors. */
void
accord_store_set_reader_fails (AccordStore *self,
                               gboolean     fails)
{
  g_return_if_fail (ACCORD_IS_STORE (self));

  self->reader_fails = fails;
}

void
accord_store_set_import_fault (AccordStore *self,
                               guint        fail_after_articles,
                               gint64       max_pages)
{
  g_return_if_fail (ACCORD_IS_STORE (self));

  self->fault.fail_after_articles = fail_after_articles;
  self->fault.max_pages = max_pages;
}

/* ---------------------------------------------------------------------- */
/* Importing                                                               */

/* Sync state kept to be written later, in another thread: the keys and,
 * for each, its value or NULL. */
typedef struct
{
  char **keys;
  char **values;
} StateCopy;

static void
state_copy_init (StateCopy          *copy,
                 const char * const *keys,
                 const char * const *values)
{
  guint n = g_strv_length ((char **) keys);

  copy->keys = g_strdupv ((char **) keys);
  copy->values = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    copy->values[i] = g_strdup (values[i]);
}

static void
state_copy_clear (StateCopy *copy)
{
  for (guint i = 0; copy->keys != NULL && copy->keys[i] != NULL; i++)
    g_free (copy->values[i]);
  g_clear_pointer (&copy->values, g_free);
  g_clear_pointer (&copy->keys, g_strfreev);
}

typedef struct
{
  AccordFeed           *feed;
  AccordSnapshotOrigin  origin;
  StateCopy             state;          /* keys NULL for none */
  AccordImportFault     fault;
  char                 *path;
  AccordImportStats     stats;
} ImportData;

static void
import_data_free (ImportData *data)
{
  state_copy_clear (&data->state);
  accord_feed_unref (data->feed);
  g_free (data->path);
  g_free (data);
}

/* An import leaves the WAL as large as what it wrote, a failed one too,
 * and SQLite keeps the file at that size for as long as another
 * connection is open: tens of megabytes held while the app runs, on a
 * disk perhaps full. Not worth waiting for: with a reader busy now, the
 * space comes back when the last connection closes. */
static void
give_back_log_space (sqlite3 *db)
{
  sqlite3_busy_timeout (db, 0);
  sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);
}

/* SQLite reuses the pages a smaller snapshot leaves free but never
 * hands them back: after a large feed, the file would keep its size for
 * good. Rewritten only when most of it is free, which costs the copy of
 * what is left; should that fail (a full disk), nothing is lost. */
static void
give_back_free_pages (sqlite3 *db)
{
  gint64 n_pages = read_pragma_int (db, "PRAGMA page_count");
  gint64 n_free = read_pragma_int (db, "PRAGMA freelist_count");

  if (n_free < MIN_FREE_PAGES_TO_SHRINK || n_free * 2 < n_pages)
    return;
  if (sqlite3_exec (db, "VACUUM", NULL, NULL, NULL) != SQLITE_OK)
    g_debug ("Could not shrink the data file: %s", sqlite3_errmsg (db));
}

static void
remove_database_files (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

      g_remove (name);
    }
}

/* A rebuild's spare file is named after the data file, and its own:
 * the app's refresh and a command line's import may rebuild at once. */
#define SPARE_INFIX ".rebuild-"
#define SPARE_RANDOM_CHARS 6   /* what g_mkstemp() puts for its XXXXXX */
/* The last damaged file a rebuild replaced, beside the data file. */
#define DAMAGED_SUFFIX ".damaged"
/* Older than this, a spare was left by a rebuild that was killed. */
#define STALE_SPARE_AGE_S (24 * 60 * 60)

typedef struct
{
  char           *path;     /* the spare file */
  sqlite3        *spare;    /* writes the new data into it */
  sqlite3        *source;   /* reads it for the copy over the damaged file */
  sqlite3_backup *backup;   /* holds the damaged file's write lock */
} Rebuild;

static void
rebuild_clear (Rebuild *rebuild)
{
  g_clear_pointer (&rebuild->backup, sqlite3_backup_finish);
  g_clear_pointer (&rebuild->source, sqlite3_close);
  g_clear_pointer (&rebuild->spare, sqlite3_close);
  if (rebuild->path != NULL)
    remove_database_files (rebuild->path);
  g_clear_pointer (&rebuild->path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Rebuild, rebuild_clear)

static gboolean
create_spare (Rebuild     *rebuild,
              const char  *path,
              GError     **error)
{
  g_autofree char *spare_path = g_strconcat (path, SPARE_INFIX "XXXXXX", NULL);
  int fd = g_mkstemp (spare_path);

  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s: %s",
                   _("Could not update the database"), g_strerror (saved_errno));
      return FALSE;
    }
  g_close (fd, NULL);
  rebuild->path = g_steal_pointer (&spare_path);
  return (rebuild->spare = open_connection (rebuild->path, error)) != NULL &&
         migrate (rebuild->spare, ACCORD_STORE_SCHEMA_VERSION, error) &&
         (rebuild->source = open_connection (rebuild->path, error)) != NULL;
}

/* From here until the copy, nothing else writes to the damaged file: a
 * bookmark added meanwhile would be written over. Readers go on. */
static gboolean
lock_damaged (Rebuild  *rebuild,
              sqlite3  *damaged,
              GError  **error)
{
  int rc;

  if ((rebuild->backup = sqlite3_backup_init (damaged, "main", rebuild->source, "main")) == NULL)
    return accord_store_set_sqlite_error (damaged, sqlite3_errcode (damaged), _("Could not update the database"),
                                          error);
  /* Copies nothing yet: SQLITE_DONE would mean an empty spare was copied. */
  if ((rc = sqlite3_backup_step (rebuild->backup, 0)) != SQLITE_OK)
    return accord_store_set_sqlite_error (NULL, rc, _("Could not update the database"), error);
  return TRUE;
}

/* In a rollback journal, holding the write lock would shut readers out,
 * the window's too, for the whole rebuild; and a copy into a WAL file
 * needs the same page size on both sides. */
static gboolean
can_rebuild (sqlite3  *damaged,
             sqlite3  *spare,
             GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (damaged, "PRAGMA journal_mode", -1, &stmt, NULL) != SQLITE_OK ||
      sqlite3_step (stmt) != SQLITE_ROW ||
      g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") != 0)
    {
      g_set_error_literal (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_FAILED, "the data file is not in WAL mode");
      return FALSE;
    }
  if (read_pragma_int (damaged, "PRAGMA page_size") != read_pragma_int (spare, "PRAGMA page_size"))
    {
      g_set_error_literal (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_FAILED,
                           "the data file's page size is not a new file's");
      return FALSE;
    }
  return TRUE;
}

static gboolean
bookmarks_whole (sqlite3  *reader,
                 GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  /* A plain read does not see every damage: a table whose root points
   * at another's pages reads as rows. */
  rc = sqlite3_prepare_v2 (reader, "PRAGMA main.quick_check (bookmark)", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW &&
      g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;
  /* A check that could not run (cut short, out of memory) is no damage
   * it found. */
  if (rc != SQLITE_ROW && (rc & 0xff) != SQLITE_CORRUPT && (rc & 0xff) != SQLITE_NOTADB)
    return accord_store_set_sqlite_error (reader, rc, _("Could not read the bookmarks"), error);
  g_set_error_literal (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_CORRUPT, "the bookmarks' table is damaged");
  return FALSE;
}

/* The damaged file as it is, page for page, beside it: whatever a rebuild
 * could miss can still be rescued from it. One copy, the last one. */
static gboolean
keep_damaged_copy (sqlite3     *reader,
                   const char  *path,
                   GError     **error)
{
  g_autofree char *copy_path = g_strconcat (path, DAMAGED_SUFFIX, NULL);
  sqlite3 *copy = NULL;
  sqlite3_backup *backup = NULL;
  int rc;

  remove_database_files (copy_path);
  rc = sqlite3_open_v2 (copy_path, &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK && (backup = sqlite3_backup_init (copy, "main", reader, "main")) == NULL)
    rc = sqlite3_errcode (copy);
  if (backup != NULL)
    {
      rc = sqlite3_backup_step (backup, -1);
      sqlite3_backup_finish (backup);
    }
  sqlite3_close (copy);
  if (rc == SQLITE_DONE)
    return TRUE;
  remove_database_files (copy_path);
  return accord_store_set_sqlite_error (NULL, rc, _("Could not update the database"), error);
}

/* What is the user's, read from the damaged file on a connection of its
 * own (the locked one belongs to the copy): every bookmark, or nothing.
 * What the sync job remembers, which articles were seen and what the
 * snapshot was are kept where they can still be read. */
static gboolean
copy_user_data (const char  *path,
                const char  *spare_path,
                GError     **error)
{
  sqlite3 *reader = open_connection (path, error);
  g_autoptr(sqlite3_stmt) attach = NULL;
  gboolean ok;

  if (reader == NULL)
    return FALSE;
  if (!bookmarks_whole (reader, error) || !keep_damaged_copy (reader, path, error) ||
      (attach = prepare (reader, "ATTACH ?1 AS spare", error)) == NULL)
    {
      sqlite3_close (reader);
      return FALSE;
    }
  sqlite3_bind_text (attach, 1, spare_path, -1, SQLITE_STATIC);
  if (sqlite3_step (attach) != SQLITE_DONE)
    ok = accord_store_set_sqlite_error (reader, sqlite3_errcode (reader), _("Could not update the database"), error);
  else
    ok = exec_sql (reader, "INSERT INTO spare.bookmark SELECT * FROM main.bookmark", error);
  if (ok)
    {
      sqlite3_exec (reader, "INSERT OR REPLACE INTO spare.meta SELECT * FROM main.meta", NULL, NULL, NULL);
      sqlite3_exec (reader, "INSERT OR REPLACE INTO spare.sync_state SELECT * FROM main.sync_state", NULL, NULL, NULL);
      sqlite3_exec (reader, "INSERT OR REPLACE INTO spare.article_state SELECT * FROM main.article_state",
                    NULL, NULL, NULL);
      /* Rows are numbered on from the damaged file's: a list read from it
       * must not find another article at a row it knew. */
      sqlite3_exec (reader, "DELETE FROM spare.sqlite_sequence;"
                            "INSERT INTO spare.sqlite_sequence SELECT * FROM main.sqlite_sequence",
                    NULL, NULL, NULL);
    }
  g_clear_pointer (&attach, sqlite3_finalize);
  sqlite3_exec (reader, "DETACH spare", NULL, NULL, NULL);
  sqlite3_close (reader);
  return ok;
}

/* The spare over the damaged file, page by page through SQLite, which
 * keeps every other connection to it right, the store's own included. */
static gboolean
copy_over (Rebuild  *rebuild,
           sqlite3  *damaged,
           GError  **error)
{
  int rc = sqlite3_backup_step (rebuild->backup, -1);

  /* The backup's result, which it does not leave on the connection. */
  if (rc != SQLITE_DONE)
    return accord_store_set_sqlite_error (NULL, rc, _("Could not update the database"), error);
  return TRUE;
}

/* The snapshot can be fetched again, the bookmarks cannot: a data file
 * damaged where an import writes is made again beside it, with the
 * bookmarks and then @feed, and copied over it. Only when every bookmark
 * can be read; otherwise the file stays as it is, for the user to rescue. */
static gboolean
rebuild_with_feed (sqlite3                  *damaged,
                   const char               *path,
                   AccordFeed               *feed,
                   AccordSnapshotOrigin      origin,
                   const char * const       *state_keys,
                   const char * const       *state_values,
                   GCancellable             *cancellable,
                   AccordImportStats        *stats,
                   GError                  **error)
{
  static const AccordImportFault no_fault = { 0 };
  g_auto(Rebuild) rebuild = { 0 };

  return create_spare (&rebuild, path, error) &&
         can_rebuild (damaged, rebuild.spare, error) &&
         lock_damaged (&rebuild, damaged, error) &&
         copy_user_data (path, rebuild.path, error) &&
         accord_store_run_import (rebuild.spare, feed, origin, state_keys, state_values, FALSE, &no_fault,
                                  cancellable, stats, NULL, error) &&
         copy_over (&rebuild, damaged, error);
}

/* The data file's name, SPARE_INFIX, g_mkstemp()'s characters, then
 * nothing or the suffix of a file SQLite keeps beside it. */
static gboolean
is_spare_name (const char *name,
               const char *prefix)
{
  const char *rest;

  if (!g_str_has_prefix (name, prefix))
    return FALSE;
  rest = name + strlen (prefix);
  for (guint i = 0; i < SPARE_RANDOM_CHARS; i++, rest++)
    if (!g_ascii_isalnum (*rest))
      return FALSE;
  return *rest == '\0' || g_str_equal (rest, "-wal") || g_str_equal (rest, "-shm") || g_str_equal (rest, "-journal");
}

/* Spares a killed rebuild left behind, which no rebuild under way can
 * still be writing. */
static void
remove_stale_spares (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *prefix = g_strconcat (base, SPARE_INFIX, NULL);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *spare = NULL;
      GStatBuf buf;

      if (!is_spare_name (name, prefix))
        continue;
      spare = g_build_filename (folder, name, NULL);
      if (g_stat (spare, &buf) == 0 && now - buf.st_mtime > STALE_SPARE_AGE_S)
        g_remove (spare);
    }
}

static gboolean
import_on_new_connection (const char               *path,
                          AccordFeed               *feed,
                          AccordSnapshotOrigin      origin,
                          const char * const       *state_keys,
                          const char * const       *state_values,
                          const AccordImportFault  *fault,
                          GCancellable             *cancellable,
                          AccordImportStats        *stats,
                          GError                  **error)
{
  sqlite3 *db = open_connection (path, error);
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  if (db == NULL)
    return FALSE;
  ok = accord_store_run_import (db, feed, origin, state_keys, state_values, FALSE, fault, cancellable,
                                stats, NULL, &local_error);
  if (!ok && g_error_matches (local_error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_CORRUPT))
    {
      g_autoptr(GError) rebuild_error = NULL;

      if ((ok = rebuild_with_feed (db, path, feed, origin, state_keys, state_values, cancellable, stats,
                                   &rebuild_error)))
        {
          g_autofree char *copy_path = g_strconcat (path, DAMAGED_SUFFIX, NULL);

          g_debug ("%s", local_error->message);
          /* Translators: %s is the path of a copy of the damaged file */
          g_message (_("Accord’s data file was damaged: it was rebuilt from the feed, with the bookmarks, "
                       "and the damaged file kept as %s"), copy_path);
        }
      else if (g_error_matches (rebuild_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (&local_error);
          local_error = g_steal_pointer (&rebuild_error);
        }
      else
        g_debug ("Could not rebuild the damaged data file: %s", rebuild_error->message);
    }
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    give_back_free_pages (db);
  give_back_log_space (db);
  sqlite3_close (db);
  return ok;
}

/**
 * accord_store_import_feed:
 * @feed: a validated feed
 * @origin: where it comes from
 * @stats: (out): what was stored
 *
 * Replaces the snapshot with @feed in one transaction, keeping every
 * bookmark. On failure, or when @cancellable is cancelled, the previous
 * snapshot is left exactly as it was. Blocks: call it from a worker, or
 * use accord_store_import_feed_async().
 *
 * Returns: whether @feed is now the snapshot
 */
gboolean
accord_store_import_feed (AccordStore           *self,
                          AccordFeed            *feed,
                          AccordSnapshotOrigin   origin,
                          GCancellable          *cancellable,
                          AccordImportStats     *stats,
                          GError               **error)
{
  g_return_val_if_fail (ACCORD_IS_STORE (self), FALSE);
  g_return_val_if_fail (feed != NULL, FALSE);
  g_return_val_if_fail (stats != NULL, FALSE);

  if (!import_on_new_connection (self->path, feed, origin, NULL, NULL, &self->fault, cancellable, stats, error))
    return FALSE;

  g_signal_emit (self, signals[SNAPSHOT_CHANGED], 0);
  return TRUE;
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *data = task_data;
  GError *error = NULL;

  if (import_on_new_connection (data->path, data->feed, data->origin,
                                (const char * const *) data->state.keys,
                                (const char * const *) data->state.values,
                                &data->fault, cancellable, &data->stats, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
import_in_thread (AccordStore         *self,
                  ImportData          *data,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  data->fault = self->fault;
  data->path = g_strdup (self->path);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, accord_store_import_feed_async);
  /* The thread checks for a cancel up to the commit; one that comes later
   * must not hide a snapshot that is stored. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, data, (GDestroyNotify) import_data_free);
  g_task_run_in_thread (task, import_thread);
}

void
accord_store_import_feed_async (AccordStore           *self,
                                AccordFeed            *feed,
                                AccordSnapshotOrigin   origin,
                                GCancellable          *cancellable,
                                GAsyncReadyCallback    callback,
                                gpointer               user_data)
{
  ImportData *data;

  g_return_if_fail (ACCORD_IS_STORE (self));
  g_return_if_fail (feed != NULL);

  data = g_new0 (ImportData, 1);
  data->feed = accord_feed_ref (feed);
  data->origin = origin;
  import_in_thread (self, data, cancellable, callback, user_data);
}

/**
 * accord_store_import_synced_feed_async:
 * @feed: a validated feed, just fetched
 * @state_keys: sync state keys, %NULL-terminated
 * @state_values: their values, %NULL to remove one
 *
 * Like accord_store_import_feed_async() for a synced snapshot, setting
 * sync state in the same transaction: cache validators, say, are then
 * stored with the snapshot they describe, or not at all. Finish it with
 * accord_store_import_feed_finish().
 */
void
accord_store_import_synced_feed_async (AccordStore         *self,
                                       AccordFeed          *feed,
                                       const char * const  *state_keys,
                                       const char * const  *state_values,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  ImportData *data;

  g_return_if_fail (ACCORD_IS_STORE (self));
  g_return_if_fail (feed != NULL);
  g_return_if_fail (state_keys != NULL && state_values != NULL);

  data = g_new0 (ImportData, 1);
  data->feed = accord_feed_ref (feed);
  data->origin = ACCORD_SNAPSHOT_SYNC;
  state_copy_init (&data->state, state_keys, state_values);
  import_in_thread (self, data, cancellable, callback, user_data);
}

gboolean
accord_store_import_feed_finish (AccordStore        *self,
                                 GAsyncResult       *result,
                                 AccordImportStats  *stats,
                                 GError            **error)
{
  ImportData *data;

  g_return_val_if_fail (ACCORD_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  data = g_task_get_task_data (G_TASK (result));
  if (stats != NULL)
    *stats = data->stats;
  g_signal_emit (self, signals[SNAPSHOT_CHANGED], 0);
  return TRUE;
}

/**
 * accord_store_snapshot_changed_elsewhere:
 *
 * Another process stored a snapshot (`accord --import` while the app
 * runs): lists read before are out of date. Nothing is cached here, so
 * it only says so.
 */
void
accord_store_snapshot_changed_elsewhere (AccordStore *self)
{
  g_return_if_fail (ACCORD_IS_STORE (self));

  g_signal_emit (self, signals[SNAPSHOT_CHANGED], 0);
}

/**
 * accord_store_bookmarks_changed_elsewhere:
 *
 * Another process changed the bookmarks (`accord --import-bookmarks`).
 */
void
accord_store_bookmarks_changed_elsewhere (AccordStore *self)
{
  g_return_if_fail (ACCORD_IS_STORE (self));

  g_signal_emit (self, signals[BOOKMARKS_CHANGED], 0, NULL);
}

static gint64
read_meta_int (sqlite3    *db,
               const char *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = ?1", -1, &stmt, NULL) != SQLITE_OK)
    return 0;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

/**
 * accord_store_get_snapshot_origin:
 *
 * Returns: where the stored snapshot came from, or
 *   %ACCORD_SNAPSHOT_NONE before the first import
 */
AccordSnapshotOrigin
accord_store_get_snapshot_origin (AccordStore *self)
{
  g_return_val_if_fail (ACCORD_IS_STORE (self), ACCORD_SNAPSHOT_NONE);
  return (AccordSnapshotOrigin) read_meta_int (self->db, "snapshot-origin");
}

/**
 * accord_store_get_snapshot_generated:
 *
 * Returns: when the stored snapshot was generated, in seconds since 1970,
 *   or 0 when unknown
 */
gint64
accord_store_get_snapshot_generated (AccordStore *self)
{
  g_return_val_if_fail (ACCORD_IS_STORE (self), 0);
  return read_meta_int (self->db, "snapshot-generated-unix");
}

/* ---------------------------------------------------------------------- */
/* Reading                                                                 */

static AccordEntityKind
kind_from_string (const char *kind)
{
  return g_strcmp0 (kind, "legislation") == 0 ? ACCORD_ENTITY_KIND_LEGISLATION
                                              : ACCORD_ENTITY_KIND_ORGANISATION;
}

/* New articles are few: count them per entity in one pass over them,
 * rather than once for every entity. */
static GHashTable *
count_new_articles (sqlite3 *db)
{
  GHashTable *counts = accord_string_table_new (g_free, NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = prepare (db,
                  "SELECT e.id, count(*) FROM article_state s INDEXED BY article_state_unseen"
                  " JOIN article a ON a.id = s.id JOIN article_entity ae ON ae.article = a.rowid"
                  " JOIN entity e ON e.rowid = ae.entity WHERE s.seen = 0 GROUP BY e.id",
                  NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (counts, g_strdup (column_text (stmt, 0)), GINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
  return counts;
}

static AccordEntity *
entity_from_row (sqlite3_stmt *stmt,
                 gboolean      full,
                 guint         n_new_articles)
{
  AccordEntityData data = {
    .id = column_text (stmt, 0),
    .kind = kind_from_string (column_text (stmt, 1)),
    .name_en = column_text (stmt, 2),
    .name_fr = column_text (stmt, 3),
    .acronym_en = column_text (stmt, 4),
    .acronym_fr = column_text (stmt, 5),
    .summary_en = column_text (stmt, 6),
    .summary_fr = column_text (stmt, 7),
    .founded = column_text (stmt, 8),
    .updated = column_text (stmt, 9),
    .n_articles = (guint) sqlite3_column_int (stmt, 10),
    .n_new_articles = n_new_articles,
  };

  if (full)
    {
      data.profile_json = column_text (stmt, 11);
      data.members_json = column_text (stmt, 12);
      data.links_json = column_text (stmt, 13);
    }

  return accord_entity_new (&data);
}

typedef struct
{
  char         *key;
  const char   *name;
  AccordEntity *entity;
} SortedEntity;

static int
compare_sorted_entities (gconstpointer a,
                         gconstpointer b)
{
  const SortedEntity *ea = a, *eb = b;
  int by_kind = (int) accord_entity_get_kind (ea->entity) - (int) accord_entity_get_kind (eb->entity);

  return by_kind != 0 ? by_kind : accord_sort_compare (ea->key, ea->name, eb->key, eb->name);
}

/* Every entity as the sidebar shows it: no summaries, no dates. */
static GPtrArray *
read_entities (sqlite3 *db)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) new_counts = count_new_articles (db);
  g_autoptr(GError) error = NULL;
  GPtrArray *entities = g_ptr_array_new_with_free_func (g_object_unref);

  if ((stmt = prepare (db,
                       "SELECT e.id, e.kind, e.name_en, e.name_fr, e.acronym_en, e.acronym_fr,"
                       " NULL, NULL, NULL, NULL, e.n_articles FROM entity e",
                       &error)) == NULL)
    {
      g_warning ("%s", error->message);
      return entities;
    }

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (entities,
                     entity_from_row (stmt, FALSE,
                                      GPOINTER_TO_UINT (g_hash_table_lookup (new_counts, column_text (stmt, 0)))));
  return entities;
}

/* Organisations first, then legislation, each by name in @lang. */
static GListModel *
sort_entities (GPtrArray  *entities,
               const char *lang)
{
  g_autoptr(GArray) sorted = g_array_sized_new (FALSE, FALSE, sizeof (SortedEntity), entities->len);
  g_autoptr(GPtrArray) items = g_ptr_array_new_full (entities->len, g_object_unref);
  GListStore *store = g_list_store_new (ACCORD_TYPE_ENTITY);

  for (guint i = 0; i < entities->len; i++)
    {
      AccordEntity *entity = g_ptr_array_index (entities, i);
      const char *name = accord_entity_get_name (entity, lang, NULL);
      SortedEntity item = { accord_sort_key (name), name, entity };

      g_array_append_val (sorted, item);
    }

  g_array_sort (sorted, compare_sorted_entities);
  for (guint i = 0; i < sorted->len; i++)
    {
      SortedEntity *item = &g_array_index (sorted, SortedEntity, i);

      g_ptr_array_add (items, g_object_ref (item->entity));
      g_free (item->key);
    }
  g_list_store_splice (store, 0, 0, items->pdata, items->len);

  return G_LIST_MODEL (store);
}

/**
 * accord_store_list_entities:
 * @lang: the language to sort by ("en" or "fr")
 *
 * Lists every entity with its name, acronym and article counts only:
 * organisations first, then
 * legislation, each sorted by name in @lang as people of that language
 * expect. Use accord_store_get_entity() for one with its profile.
 *
 * Returns: (transfer full): a list of #AccordEntity
 */
GListModel *
accord_store_list_entities (AccordStore *self,
                            const char  *lang)
{
  g_autoptr(GPtrArray) entities = NULL;

  g_return_val_if_fail (ACCORD_IS_STORE (self), NULL);
  g_return_val_if_fail (lang != NULL, NULL);

  entities = read_entities (self->db);
  return sort_entities (entities, lang);
}

/* Read in a thread while the main thread starts GTK, so that the first
 * window shows its list at once; a first start stores the built-in feed
 * there too, to show it in the first frame. */
struct _AccordEntityPrefetch
{
  GThread           *thread;
  char              *path;
  AccordImportFault  fault;
  GBytes            *feed;
  gboolean           feed_stored;
  AccordImportStats  feed_stats;
  GError            *feed_error;
  char              *lang;       /* the one sorted for ahead */
  GPtrArray         *entities;   /* as read, for another language */
  GListModel        *sorted;
};

static gboolean
snapshot_is_users (sqlite3 *db)
{
  AccordSnapshotOrigin origin = (AccordSnapshotOrigin) read_meta_int (db, "snapshot-origin");

  return origin == ACCORD_SNAPSHOT_FILE || origin == ACCORD_SNAPSHOT_SYNC;
}

static void
prefetch_store_feed (AccordEntityPrefetch *prefetch,
                     sqlite3              *db)
{
  g_autoptr(AccordFeed) feed = accord_feed_parse (prefetch->feed, NULL, &prefetch->feed_error);

  if (feed != NULL)
    accord_store_run_import (db, feed, ACCORD_SNAPSHOT_BUILTIN, NULL, NULL, TRUE, &prefetch->fault, NULL,
                             &prefetch->feed_stats, &prefetch->feed_stored, &prefetch->feed_error);
}

static gpointer
prefetch_thread (gpointer data)
{
  AccordEntityPrefetch *prefetch = data;
  g_autoptr(GPtrArray) entities = NULL;
  sqlite3 *db;

  if ((db = open_connection (prefetch->path, prefetch->feed ? &prefetch->feed_error : NULL)) == NULL)
    return NULL;
  /* A snapshot the user imported or synced stays whatever the built-in
   * data: no need to read it (the import checks again, in its
   * transaction, for built-in data). */
  if (prefetch->feed != NULL && !snapshot_is_users (db))
    prefetch_store_feed (prefetch, db);
  prefetch->entities = read_entities (db);
  sqlite3_close (db);

  /* One language only: on two cores, sorting for the other one would
   * take time from GTK starting meanwhile. */
  if (prefetch->entities != NULL)
    prefetch->sorted = sort_entities (prefetch->entities, prefetch->lang);
  return NULL;
}

/**
 * accord_store_prefetch_entities:
 * @builtin: (nullable): the built-in feed, to store first when there is
 *   no snapshot or the snapshot is older built-in data: never over data
 *   the user imported or synced
 * @lang: the language the list will most likely be wanted in; another
 *   one costs a sort when joining
 *
 * Starts reading what accord_store_list_entities() returns, in the
 * background. Pass the result to accord_entity_prefetch_join() or
 * accord_entity_prefetch_discard().
 *
 * Returns: (transfer full): the reading under way
 */
AccordEntityPrefetch *
accord_store_prefetch_entities (AccordStore *self,
                                GBytes      *builtin,
                                const char  *lang)
{
  AccordEntityPrefetch *prefetch;

  g_return_val_if_fail (ACCORD_IS_STORE (self), NULL);
  g_return_val_if_fail (lang != NULL, NULL);

  prefetch = g_new0 (AccordEntityPrefetch, 1);
  prefetch->path = g_strdup (self->path);
  prefetch->fault = self->fault;
  prefetch->feed = builtin ? g_bytes_ref (builtin) : NULL;
  prefetch->lang = g_strdup (lang);
  prefetch->thread = g_thread_new ("accord-prefetch", prefetch_thread, prefetch);
  return prefetch;
}

static void
prefetch_free (AccordEntityPrefetch *prefetch)
{
  g_clear_object (&prefetch->sorted);
  g_clear_pointer (&prefetch->entities, g_ptr_array_unref);
  g_free (prefetch->lang);
  g_clear_error (&prefetch->feed_error);
  g_clear_pointer (&prefetch->feed, g_bytes_unref);
  g_free (prefetch->path);
  g_free (prefetch);
}

/**
 * accord_entity_prefetch_join:
 * @prefetch: (transfer full): what accord_store_prefetch_entities() started
 * @lang: the language to sort by
 * @stats: (out) (optional): what was stored of the built-in feed, all
 *   zero when it was not newer
 * @builtin_error: (out) (optional): why the built-in feed could not be
 *   stored; the list is returned all the same
 *
 * Waits for the reading to end (it usually has) and frees @prefetch.
 * When the built-in feed was stored, #AccordStore::snapshot-changed is
 * emitted.
 *
 * Returns: (transfer full) (nullable): the list
 *   accord_store_list_entities() would give, or %NULL when the database
 *   could not be read
 */
GListModel *
accord_entity_prefetch_join (AccordStore           *self,
                               AccordEntityPrefetch  *prefetch,
                               const char            *lang,
                               AccordImportStats     *stats,
                               GError               **builtin_error)
{
  GListModel *list = NULL;

  g_return_val_if_fail (ACCORD_IS_STORE (self), NULL);
  g_return_val_if_fail (prefetch != NULL, NULL);
  g_return_val_if_fail (lang != NULL, NULL);

  g_thread_join (prefetch->thread);
  if (g_str_equal (lang, prefetch->lang))
    list = g_steal_pointer (&prefetch->sorted);
  else if (prefetch->entities != NULL)
    list = sort_entities (prefetch->entities, lang);
  if (stats != NULL)
    *stats = prefetch->feed_stats;
  if (prefetch->feed_error != NULL)
    g_propagate_error (builtin_error, g_steal_pointer (&prefetch->feed_error));
  if (prefetch->feed_stored)
    g_signal_emit (self, signals[SNAPSHOT_CHANGED], 0);

  prefetch_free (prefetch);
  return list;
}

/**
 * accord_entity_prefetch_discard:
 * @prefetch: (transfer full): what accord_store_prefetch_entities() started
 *
 * Waits for the reading to end and drops what it read, for a snapshot
 * that changed meanwhile, or an application that quits.
 */
void
accord_entity_prefetch_discard (AccordEntityPrefetch *prefetch)
{
  g_return_if_fail (prefetch != NULL);

  g_thread_join (prefetch->thread);
  prefetch_free (prefetch);
}

/**
 * accord_store_get_entity:
 * @id: an entity id
 *
 * Returns: (transfer full) (nullable): the entity with its profile,
 *   members and links, or %NULL when no entity has @id
 */
AccordEntity *
accord_store_get_entity (AccordStore *self,
                         const char  *id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ACCORD_IS_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  stmt = prepare (self->db,
                  "SELECT " ENTITY_COLUMNS ", e.profile, e.members, e.links FROM entity e WHERE e.id = ?1",
                  NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return entity_from_row (stmt, TRUE, accord_store_get_n_new_articles (self, id));
}

static AccordArticle *
article_from_row (sqlite3_stmt *stmt,
                  gboolean      in_feed)
{
  AccordArticleData data = {
    .id = column_text (stmt, 0),
    .date = column_text (stmt, 1),
    .title_en = column_text (stmt, 2),
    .title_fr = column_text (stmt, 3),
    .category_en = column_text (stmt, 4),
    .category_fr = column_text (stmt, 5),
    .source = column_text (stmt, 6),
    .url = column_text (stmt, 7),
    .entities_json = column_text (stmt, 8),
    .in_feed = in_feed,
    .bookmarked = sqlite3_column_type (stmt, 9) != SQLITE_NULL,
    .bookmarked_at = sqlite3_column_int64 (stmt, 9),
    .is_new = sqlite3_column_int (stmt, 10) != 0,
  };

  return accord_article_new (&data);
}

/**
 * accord_store_load_article:
 * @rowid: an article's row
 *
 * Returns: (transfer full) (nullable): the article, or %NULL when the row
 *   is gone (a newer snapshot replaced it)
 */
AccordArticle *
accord_store_load_article (AccordStore *self,
                           gint64       rowid)
{
  static const char sql[] = "SELECT " ARTICLE_COLUMNS " FROM article a" ARTICLE_JOINS " WHERE a.rowid = ?1";
  AccordArticle *article = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (ACCORD_IS_STORE (self), NULL);

  if (self->load_article == NULL && (self->load_article = prepare (self->db, sql, NULL)) == NULL)
    return NULL;
  stmt = self->load_article;
  sqlite3_bind_int64 (stmt, 1, rowid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    article = article_from_row (stmt, TRUE);
  sqlite3_reset (stmt);
  return article;
}

gint64
accord_store_find_article_row (AccordStore *self,
                               const char  *article_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ACCORD_IS_STORE (self), 0);

  if ((stmt = prepare (self->db, "SELECT rowid FROM article WHERE id = ?1", NULL)) == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, article_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

/* A query that stopped short says why in the log: its callers show
 * what was read, which would otherwise look like nothing found. */
static void
warn_unless_done (sqlite3    *db,
                  int         rc,
                  const char *what)
{
  /* Interrupted: cancelled on purpose (see stop_if_cancelled()). */
  if (rc != SQLITE_DONE && (rc & 0xff) != SQLITE_INTERRUPT)
    g_warning ("%s: %s", what, sqlite3_errmsg (db));
}


/* A query is what a person types. A text pasted whole would take
 * seconds to search, on the main thread, and its words past the first
 * few would only leave nothing found: the rest is not searched for. */
#define MAX_QUERY_BYTES 1024
#define MAX_QUERY_WORDS 32

/* Ligatures, which the index keeps as they were written and which few
 * keyboards type: œ, æ, and the typesetters' ﬁ and ﬂ. */
static const struct {
  const char *letters;
  const char *ligature;
} ligatures[] = {
  { "oe", "œ" }, { "ae", "æ" }, { "fi", "ﬁ" }, { "fl", "ﬂ" },
};

static char *
replace_all (const char *text,
             const char *from,
             const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, -1);

  return g_strjoinv (to, parts);
}

/* "@word"*, or, when the word may be written with ligatures or without,
 * ("@word"* OR "variant"* ...): "oeuvre" finds "œuvre", and "œuvre"
 * finds "oeuvre". To @ranked, the same with the word itself too, whose
 * rows then rank above those holding only longer words ("act",
 * "actors"); to @exact, the same without prefixes. */
static void
append_word (GString    *query,
             GString    *ranked,
             GString    *exact,
             const char *word,
             gsize       len)
{
  g_autofree char *lower = g_utf8_strdown (word, (gssize) len);
  g_autoptr(GPtrArray) forms = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *spelled_out = g_strdup (lower);

  for (guint i = 0; i < G_N_ELEMENTS (ligatures); i++)
    {
      char *joined = replace_all (lower, ligatures[i].letters, ligatures[i].ligature);
      char *split = replace_all (spelled_out, ligatures[i].ligature, ligatures[i].letters);

      g_free (spelled_out);
      spelled_out = split;
      if (!g_str_equal (joined, lower))
        g_ptr_array_add (forms, joined);
      else
        g_free (joined);
    }
  if (!g_str_equal (spelled_out, lower))
    g_ptr_array_add (forms, g_steal_pointer (&spelled_out));

  g_string_append_printf (query, "(\"%s\"*", lower);
  g_string_append_printf (ranked, "(\"%s\" OR \"%s\"*", lower, lower);
  g_string_append_printf (exact, "(\"%s\"", lower);
  for (guint i = 0; i < forms->len; i++)
    {
      const char *form = g_ptr_array_index (forms, i);

      g_string_append_printf (query, " OR \"%s\"*", form);
      g_string_append_printf (ranked, " OR \"%s\"*", form);
      g_string_append_printf (exact, " OR \"%s\"", form);
    }
  g_string_append_c (query, ')');
  g_string_append_c (ranked, ')');
  g_string_append_c (exact, ')');
}

/* The tokenizer of the index, to cut a query into the very words the
 * index holds: any other cut may leave a word several tokens, a phrase,
 * which an index without positions refuses. */
static gboolean
ensure_tokenizer (AccordStore *self)
{
  fts5_api *api;
  const char *args[] = { "remove_diacritics", "2" };
  void *user_data = NULL;

  if (self->tokenizer != NULL)
    return TRUE;
  api = get_fts5_api (self->db);
  if (api == NULL ||
      api->xFindTokenizer (api, "unicode61", &user_data, &self->tokenizer_module) != SQLITE_OK ||
      self->tokenizer_module.xCreate (user_data, args, G_N_ELEMENTS (args), &self->tokenizer) != SQLITE_OK)
    {
      g_warning ("Could not load the search tokenizer");
      self->tokenizer = NULL;
      return FALSE;
    }
  return TRUE;
}

/* Adds a token of the query to @user_data, a GPtrArray of strings. */
static int
collect_word (void       *user_data,
              int         flags,
              const char *token,
              int         n_token,
              int         start,
              int         end)
{
  if ((flags & FTS5_TOKEN_COLOCATED) == 0 && n_token > 0)
    g_ptr_array_add (user_data, g_strndup (token, n_token));
  return SQLITE_OK;
}

/* A lone Latin letter, as French elisions leave ("d'auteur", "l'IA"),
 * would match nearly everything and has no prefix index: left out, but
 * for a query of nothing else, as while the user starts typing. */
static gboolean
is_lone_latin_letter (const char *word)
{
  return g_utf8_strlen (word, -1) == 1 && g_unichar_get_script (g_utf8_get_char (word)) == G_UNICODE_SCRIPT_LATIN;
}

/* What a search asks of the index, as build_search_query() writes it. */
typedef struct
{
  char     *match;    /* every word, each as a prefix */
  char     *ranked;   /* the same, holding the very words ranking first */
  char     *exact;    /* every word, whole */
  char     *any;      /* any of the words, for two or more; else %NULL */
  gboolean  broad;    /* words of one or two letters only */
} SearchQuery;

static void
search_query_clear (SearchQuery *query)
{
  g_clear_pointer (&query->match, g_free);
  g_clear_pointer (&query->ranked, g_free);
  g_clear_pointer (&query->exact, g_free);
  g_clear_pointer (&query->any, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SearchQuery, search_query_clear)

static char *
steal_query (GString **query)
{
  return (*query)->len > 0 ? g_string_free_and_steal (g_steal_pointer (query)) : NULL;
}

/* The user's words as FTS5 queries: every word is quoted, so quotes,
 * stars, minus signs and operators typed by a user stay text, and each
 * matches as a prefix, as people expect while typing. Returns FALSE,
 * with @out left empty, for a text without a word to search for. */
static gboolean
build_search_query (AccordStore *self,
                    const char  *text,
                    SearchQuery *out)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autoptr(GString) any_query = g_string_new (NULL);
  g_autoptr(GString) ranked_query = g_string_new (NULL);
  g_autoptr(GString) exact_query = g_string_new (NULL);
  /* A character cut in two becomes a replacement, which no word has. */
  g_autofree char *head = g_utf8_make_valid (text, MIN (strlen (text), MAX_QUERY_BYTES));
  /* Written as the index has it. */
  g_autofree char *folded = accord_search_fold_query (head);
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  gboolean all_short = TRUE, only_letters = TRUE;
  guint n_words = 0;
  gsize prefix_start;

  if (!ensure_tokenizer (self))
    return FALSE;
  if (folded != NULL)
    g_set_str (&head, folded);
  self->tokenizer_module.xTokenize (self->tokenizer, tokens, FTS5_TOKENIZE_QUERY, head, (int) strlen (head),
                                    collect_word);

  for (guint i = 0; i < tokens->len; i++)
    only_letters &= is_lone_latin_letter (g_ptr_array_index (tokens, i));

  for (guint i = 0; i < tokens->len && n_words < MAX_QUERY_WORDS; i++)
    {
      const char *word = g_ptr_array_index (tokens, i);

      if (!only_letters && is_lone_latin_letter (word))
        continue;
      if (g_utf8_strlen (word, -1) >= 3)
        all_short = FALSE;
      /* AND in words: FTS5 takes no implicit AND before a group. */
      if (query->len > 0)
        {
          g_string_append (query, " AND ");
          g_string_append (ranked_query, " AND ");
          g_string_append (exact_query, " AND ");
          g_string_append (any_query, " OR ");
        }
      prefix_start = query->len;
      append_word (query, ranked_query, exact_query, word, strlen (word));
      g_string_append (any_query, query->str + prefix_start);
      n_words++;
    }

  if (n_words == 0)
    return FALSE;
  out->match = steal_query (&query);
  out->ranked = steal_query (&ranked_query);
  out->exact = steal_query (&exact_query);
  out->any = n_words > 1 ? steal_query (&any_query) : NULL;
  out->broad = all_short;
  return TRUE;
}

/* The words of a filter, as the match of build_search_query(). */
static char *
build_match_query (AccordStore *self,
                   const char  *text)
{
  g_auto(SearchQuery) query = { 0 };

  if (!build_search_query (self, text, &query))
    return NULL;
  return g_steal_pointer (&query.match);
}

/* The rows of @entity_id's articles not seen yet (all articles' for
 * %NULL), or %NULL when there are none: few, unlike the articles. */
static GHashTable *
read_unseen_rows (sqlite3    *db,
                  const char *entity_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GHashTable *rows = NULL;

  if (entity_id != NULL)
    stmt = prepare (db,
                    /* From the few unseen articles out, never from the
                     * entity's thousands of articles in. */
                    "SELECT ae.article FROM article_state s INDEXED BY article_state_unseen"
                    " CROSS JOIN article a ON a.id = s.id"
                    " CROSS JOIN article_entity ae ON ae.article = a.rowid"
                    " CROSS JOIN entity e ON e.rowid = ae.entity"
                    " WHERE s.seen = 0 AND e.id = ?1",
                    NULL);
  else
    stmt = prepare (db,
                    "SELECT a.rowid FROM article_state s INDEXED BY article_state_unseen"
                    " JOIN article a ON a.id = s.id WHERE s.seen = 0",
                    NULL);
  if (stmt == NULL)
    return NULL;
  if (entity_id != NULL)
    sqlite3_bind_text (stmt, 1, entity_id, -1, SQLITE_STATIC);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 *rowid = g_new (gint64, 1);

      *rowid = sqlite3_column_int64 (stmt, 0);
      if (rows == NULL)
        rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      g_hash_table_add (rows, rowid);
    }
  return rows;
}

/* Appends to @rows the order of the articles accord_store_list_articles()
 * lists, @match being its @text as build_match_query() writes it. */
static void
read_article_rows (sqlite3    *db,
                   const char *entity_id,
                   const char *category_id,
                   const char *match,
                   GArray     *rows)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) unseen = NULL;
  g_autoptr(GError) error = NULL;
  int n = 0;
  int rc;

  if (entity_id != NULL)
    {
      g_string_append (sql, "SELECT ae.article, ae.date FROM article_entity ae"
                            " JOIN entity e ON e.rowid = ae.entity");
      if (category_id != NULL)
        g_string_append (sql, " JOIN article a ON a.rowid = ae.article");
      g_string_append_printf (sql, " WHERE e.id = ?%d", ++n);
    }
  else
    g_string_append (sql, "SELECT a.rowid, a.date FROM article a WHERE 1");

  if (category_id != NULL)
    g_string_append_printf (sql, " AND a.category = ?%d", ++n);
  if (match != NULL)
    g_string_append_printf (sql, " AND %s IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ?%d)",
                            entity_id != NULL ? "ae.article" : "a.rowid", ++n);
  g_string_append (sql, entity_id != NULL ? " ORDER BY ae.date DESC, ae.article"
                                          : " ORDER BY a.date DESC, a.rowid");

  stmt = prepare (db, sql->str, &error);
  if (stmt == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }

  n = 0;
  if (entity_id != NULL)
    sqlite3_bind_text (stmt, ++n, entity_id, -1, SQLITE_STATIC);
  if (category_id != NULL)
    sqlite3_bind_text (stmt, ++n, category_id, -1, SQLITE_STATIC);
  if (match != NULL)
    sqlite3_bind_text (stmt, ++n, match, -1, SQLITE_STATIC);

  unseen = read_unseen_rows (db, entity_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *date = column_text (stmt, 1);
      gint64 rowid = sqlite3_column_int64 (stmt, 0);
      AccordArticleRef row = {
        rowid,
        (guint) g_ascii_strtoull (date, NULL, 10) * 100 + (guint) g_ascii_strtoull (date + 5, NULL, 10),
        unseen != NULL && g_hash_table_contains (unseen, &rowid),
      };
      g_array_append_val (rows, row);
    }
  warn_unless_done (db, rc, "Could not list the articles");
}

/* Whether @text, as build_match_query() took it (@match), finds nothing
 * at all: words typed that none could match, such as "!!!", find
 * nothing, as a search for them does; blanks alone filter nothing. */
static gboolean
matches_nothing (const char *text,
                 const char *match)
{
  return text != NULL && match == NULL && !accord_text_is_blank (text);
}

/**
 * accord_store_list_articles:
 * @entity_id: (nullable): only the articles of this entity
 * @category_id: (nullable): only the articles of this category
 * @text: (nullable): only the articles matching these words
 *
 * Lists articles newest first. Only the order is read now; each article
 * is read when the list is asked for it, so a list of 10,000 articles
 * opens about as fast as one of ten.
 *
 * Returns: (transfer full): an #AccordArticleList
 */
GListModel *
accord_store_list_articles (AccordStore *self,
                            const char  *entity_id,
                            const char  *category_id,
                            const char  *text)
{
  g_autofree char *match = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (AccordArticleRef));

  g_return_val_if_fail (ACCORD_IS_STORE (self), NULL);

  match = text != NULL ? build_match_query (self, text) : NULL;
  if (!matches_nothing (text, match))
    read_article_rows (self->db, entity_id, category_id, match, rows);
  return accord_article_list_new (self, rows);
}

static GListStore *
read_categories (sqlite3    *db,
                 const char *entity_id)
{
  GListStore *categories = g_list_store_new (ACCORD_TYPE_CATEGORY);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (entity_id != NULL)
    stmt = prepare (db,
                    "SELECT c.id, c.name_en, c.name_fr, count(*) FROM article_entity ae"
                    " JOIN entity e ON e.rowid = ae.entity JOIN article a ON a.rowid = ae.article"
                    " JOIN category c ON c.id = a.category WHERE e.id = ?1"
                    " GROUP BY c.rowid ORDER BY c.rowid",
                    NULL);
  else
    stmt = prepare (db, "SELECT c.id, c.name_en, c.name_fr, 0 FROM category c ORDER BY c.rowid", NULL);
  if (stmt == NULL)
    return categories;

  if (entity_id != NULL)
    sqlite3_bind_text (stmt, 1, entity_id, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(AccordCategory) category = accord_category_new (column_text (stmt, 0),
                                                                column_text (stmt, 1),
                                                                column_text (stmt, 2));

      accord_category_set_n_articles (category, (guint) sqlite3_column_int64 (stmt, 3));
      g_list_store_append (categories, category);
    }
  return categories;
}

/**
 * accord_store_list_categories:
 * @entity_id: (nullable): only the categories of this entity's articles
 *
 * Returns: (transfer full): the #AccordCategory items in use, in the
 *   feed's order, with @entity_id's number of articles in each
 */
GListModel *
accord_store_list_categories (AccordStore *self,
                              const char  *entity_id)
{
  g_return_val_if_fail (ACCORD_IS_STORE (self), NULL);

  return G_LIST_MODEL (read_categories (self->db, entity_id));
}

/* @new_counts: each entity's new articles, for its "new" mark, as the
 * sidebar shows it */
static guint
append_entities (sqlite3    *db,
                 const char *sql,
                 const char *match,
                 guint       limit,
                 GHashTable *new_counts,
                 GListStore *results)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (db, sql, NULL);
  guint n = 0;
  int rc;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, (int) limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(AccordEntity) entity =
        entity_from_row (stmt, FALSE, GPOINTER_TO_UINT (g_hash_table_lookup (new_counts, column_text (stmt, 0))));
      g_list_store_append (results, entity);
      n++;
    }
  warn_unless_done (db, rc, "Could not search the entities");
  return n;
}

/* Entities come in tiers: those whose acronym is made of the very words
 * (an acronym is how most people name a body: "gpai" is the GPAI before
 * "GPAI Watchers"), then those whose name or acronym holds every word,
 * then those whose name holds some of them, each ranked; then the
 * others, in feed order: ranking every profile that mentions a common
 * word would cost more than it tells. */
#define RANKED_ENTITIES_SQL \
  "SELECT " ENTITY_COLUMNS " FROM (" \
  "   SELECT rowid, rank FROM entity_fts WHERE entity_fts MATCH ?1" \
  "   AND rank MATCH 'accord_rank(10.0, 10.0, 2.0, 1.0)' ORDER BY rank, rowid LIMIT ?2" \
  " ) hits JOIN entity e ON e.rowid = hits.rowid" \
  " ORDER BY hits.rank, e.rowid"

static void
search_entities (sqlite3           *db,
                 const SearchQuery *query,
                 guint              limit,
                 GListStore        *results)
{
  const char *match = query->match, *any = query->any;
  g_autofree char *acronyms = g_strdup_printf ("{acronym} : (%s)", query->exact);
  g_autofree char *in_names = g_strdup_printf ("{name acronym} : (%s) NOT {acronym} : (%s)", query->ranked,
                                               query->exact);
  g_autofree char *partly_named = NULL;
  g_autofree char *elsewhere = NULL;
  g_autoptr(GHashTable) new_counts = count_new_articles (db);
  guint found;

  found = append_entities (db, RANKED_ENTITIES_SQL, acronyms, limit, new_counts, results);
  if (found < limit)
    found += append_entities (db, RANKED_ENTITIES_SQL, in_names, limit - found, new_counts, results);
  if (found < limit && any != NULL)
    {
      partly_named = g_strdup_printf ("((%s) AND {name acronym} : (%s)) NOT {name acronym} : (%s)", match, any, match);
      found += append_entities (db, RANKED_ENTITIES_SQL, partly_named, limit - found, new_counts, results);
    }
  if (found >= limit)
    return;
  elsewhere = g_strdup_printf ("(%s) NOT {name acronym} : (%s)", match, any != NULL ? any : match);
  append_entities (db,
                   "SELECT " ENTITY_COLUMNS " FROM entity_fts JOIN entity e ON e.rowid = entity_fts.rowid"
                   " WHERE entity_fts MATCH ?1 ORDER BY entity_fts.rowid LIMIT ?2",
                   elsewhere, limit - found, new_counts, results);
}

/* Articles are stored newest first (see accord-store-import.c), so their
 * rowids follow their dates. A query of only one- or two-letter prefixes
 * lists the newest matches; any other ranks the most recent
 * RANKED_MATCHES matches by relevance: past those, ranking a common word
 * costs more than it tells, and news is read newest first anyway. */
#define RANKED_MATCHES 500

static void
search_articles (sqlite3    *db,
                 const char *match,
                 gboolean    broad,
                 guint       limit,
                 GListStore *results)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (broad)
    stmt = prepare (db,
                    "SELECT " ARTICLE_COLUMNS " FROM ("
                    "   SELECT rowid FROM article_fts WHERE article_fts MATCH ?1 ORDER BY rowid LIMIT ?2"
                    " ) hits JOIN article a ON a.rowid = hits.rowid" ARTICLE_JOINS
                    " ORDER BY a.rowid",
                    NULL);
  else
    stmt = prepare (db,
                    "SELECT " ARTICLE_COLUMNS " FROM ("
                    "   SELECT rowid, rank FROM article_fts WHERE article_fts MATCH ?1"
                    "   AND rowid <= coalesce ((SELECT rowid FROM article_fts WHERE article_fts MATCH ?1"
                    "                           ORDER BY rowid LIMIT 1 OFFSET " G_STRINGIFY (RANKED_MATCHES) "),"
                    "                          9223372036854775807)"
                    "   AND rank MATCH 'accord_rank(10.0, 3.0, 1.0)' ORDER BY rank LIMIT ?2"
                    " ) hits JOIN article a ON a.rowid = hits.rowid" ARTICLE_JOINS
                    " ORDER BY hits.rank, a.date DESC",
                    NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, (int) limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(AccordArticle) article = article_from_row (stmt, TRUE);
      g_list_store_append (results, article);
    }
  warn_unless_done (db, rc, "Could not search the articles");
}

/* Entities first, then articles, at most @max_per_kind of each. */
static void
search_on (sqlite3           *db,
           const SearchQuery *query,
           guint              max_per_kind,
           GListStore        *results)
{
  search_entities (db, query, max_per_kind, results);
  search_articles (db, query->match, query->broad, max_per_kind, results);
}

/**
 * accord_store_search:
 * @query: what the user typed
 * @max_per_kind: the most entities, and the most articles, to return
 *
 * Searches names, acronyms, summaries, profiles, titles and sources in
 * English and French, ignoring case and accents, each word as a prefix.
 * Any text is a valid query; one without a word finds nothing. Only the
 * first 32 words of the first KiB are searched for.
 *
 * Returns: (transfer full): the best matching #AccordEntity items, then
 *   the best matching #AccordArticle items
 */
GListModel *
accord_store_search (AccordStore *self,
                     const char  *query,
                     guint        max_per_kind)
{
  GListStore *results = g_list_store_new (G_TYPE_OBJECT);
  g_auto(SearchQuery) search = { 0 };

  g_return_val_if_fail (ACCORD_IS_STORE (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!build_search_query (self, query, &search))
    return G_LIST_MODEL (results);

  search_on (self->db, &search, max_per_kind, results);
  return G_LIST_MODEL (results);
}

typedef struct
{
  SearchQuery query;
  guint       max_per_kind;
} SearchData;

static void
search_data_free (SearchData *data)
{
  search_query_clear (&data->query);
  g_free (data);
}

/* SQLite's progress handler: a non-zero return stops the statement. */
static int
stop_if_cancelled (void *cancellable)
{
  return g_cancellable_is_cancelled (cancellable);
}

/* The reading threads' connection, of their own so that the main
 * thread's goes on serving the lists shown meanwhile, locked by
 * @locker; or NULL once @task has returned: cancelled, before or while
 * it waited for the task reading (which stops as soon as it is), or
 * the connection could not be opened. */
static sqlite3 *
take_reader (AccordStore   *self,
             GTask         *task,
             GMutexLocker **locker)
{
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return NULL;
  *locker = g_mutex_locker_new (&self->reader_lock);
  if (g_task_return_error_if_cancelled (task))
    return NULL;
  if (self->reader_fails)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_TOO_MANY_OPEN_FILES, "Too many open files");
      return NULL;
    }
  if (self->reader == NULL &&
      (self->reader = self->read_only ? open_read_only_connection (self->path, &error)
                                      : open_connection (self->path, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return NULL;
    }
  sqlite3_progress_handler (self->reader, 1000, stop_if_cancelled, g_task_get_cancellable (task));
  if (self->reader_delay_ms > 0)
    g_usleep (self->reader_delay_ms * G_TIME_SPAN_MILLISECOND);
  return self->reader;
}

/* Done with it: the progress handler's cancellable may go. */
static void
release_reader (AccordStore *self)
{
  sqlite3_progress_handler (self->reader, 0, NULL, NULL);
}

/* A read of the reading threads: returns what @task is to return, and
 * how to free it. */
typedef gpointer (*ReadFunc) (sqlite3        *db,
                              gpointer        task_data,
                              GDestroyNotify *free_result);

/* Runs @read on the reading threads' connection, and returns its result
 * unless @task was cancelled meanwhile (by a newer read most often). */
static void
return_read (GTask       *task,
             AccordStore *self,
             ReadFunc     read)
{
  g_autoptr(GMutexLocker) locker = NULL;
  GDestroyNotify free_result = NULL;
  gpointer result;
  sqlite3 *db;

  if ((db = take_reader (self, task, &locker)) == NULL)
    return;
  result = read (db, g_task_get_task_data (task), &free_result);
  release_reader (self);
  if (g_task_return_error_if_cancelled (task))
    free_result (result);
  else
    g_task_return_pointer (task, result, free_result);
}

static gpointer
read_search (sqlite3        *db,
             gpointer        task_data,
             GDestroyNotify *free_result)
{
  SearchData *data = task_data;
  GListStore *results = g_list_store_new (G_TYPE_OBJECT);

  search_on (db, &data->query, data->max_per_kind, results);
  *free_result = g_object_unref;
  return results;
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  return_read (task, source_object, read_search);
}

/**
 * accord_store_search_async:
 * @query: what the user typed
 * @max_per_kind: the most entities, and the most articles, to return
 * @cancellable: (nullable): to give the search up, for a newer one
 * @callback: called on the calling thread's main context
 * @user_data: for @callback
 *
 * Searches as accord_store_search() does, in a worker thread: for a
 * search run as the user types.
 */
void
accord_store_search_async (AccordStore         *self,
                           const char          *query,
                           guint                max_per_kind,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SearchData *data;

  g_return_if_fail (ACCORD_IS_STORE (self));
  g_return_if_fail (query != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, accord_store_search_async);
  data = g_new0 (SearchData, 1);
  data->max_per_kind = max_per_kind;
  g_task_set_task_data (task, data, (GDestroyNotify) search_data_free);
  /* The query is parsed here: the tokenizer is the main connection's. */
  if (!build_search_query (self, query, &data->query))
    {
      g_task_return_pointer (task, g_list_store_new (G_TYPE_OBJECT), g_object_unref);
      return;
    }
  g_task_run_in_thread (task, search_thread);
}

/**
 * accord_store_search_finish:
 *
 * Returns: (transfer full): what accord_store_search() would, or %NULL
 *   with @error set: cancelled, or the database could not be opened
 */
GListModel *
accord_store_search_finish (AccordStore   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (ACCORD_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == accord_store_search_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  char *entity_id;
  char *category_id;
  char *match;
} ListData;

static void
list_data_free (ListData *data)
{
  g_free (data->entity_id);
  g_free (data->category_id);
  g_free (data->match);
  g_free (data);
}

static gpointer
read_article_order (sqlite3        *db,
                    gpointer        task_data,
                    GDestroyNotify *free_result)
{
  ListData *data = task_data;
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (AccordArticleRef));

  read_article_rows (db, data->entity_id, data->category_id, data->match, rows);
  *free_result = (GDestroyNotify) g_array_unref;
  return rows;
}

static void
list_articles_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  return_read (task, source_object, read_article_order);
}

/**
 * accord_store_list_articles_async:
 * @entity_id: (nullable): only the articles of this entity
 * @category_id: (nullable): only the articles of this category
 * @text: (nullable): only the articles matching these words
 * @cancellable: (nullable): to give the listing up
 * @callback: called on the calling thread's main context
 * @user_data: for @callback
 *
 * Lists articles as accord_store_list_articles() does, reading their
 * order in a worker thread: for words to match, which may take a while.
 */
void
accord_store_list_articles_async (AccordStore         *self,
                                  const char          *entity_id,
                                  const char          *category_id,
                                  const char          *text,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ListData *data;

  g_return_if_fail (ACCORD_IS_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, accord_store_list_articles_async);
  data = g_new0 (ListData, 1);
  data->entity_id = g_strdup (entity_id);
  data->category_id = g_strdup (category_id);
  /* The words are parsed here: the tokenizer is the main connection's. */
  data->match = text != NULL ? build_match_query (self, text) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) list_data_free);
  if (matches_nothing (text, data->match))
    {
      g_task_return_pointer (task, g_array_new (FALSE, FALSE, sizeof (AccordArticleRef)),
                             (GDestroyNotify) g_array_unref);
      return;
    }
  g_task_run_in_thread (task, list_articles_thread);
}

/**
 * accord_store_list_articles_finish:
 *
 * Returns: (transfer full): an #AccordArticleList, or %NULL with @error
 *   set: cancelled, or the database could not be opened
 */
GListModel *
accord_store_list_articles_finish (AccordStore   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_autoptr(GArray) rows = NULL;

  g_return_val_if_fail (ACCORD_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == accord_store_list_articles_async, NULL);

  rows = g_task_propagate_pointer (G_TASK (result), error);
  return rows != NULL ? accord_article_list_new (self, rows) : NULL;
}

static gpointer
read_categories_in_thread (sqlite3        *db,
                           gpointer        task_data,
                           GDestroyNotify *free_result)
{
  *free_result = g_object_unref;
  return read_categories (db, task_data);
}

static void
list_categories_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  return_read (task, source_object, read_categories_in_thread);
}

/**
 * accord_store_list_categories_async:
 * @entity_id: (nullable): only the categories of this entity's articles
 * @cancellable: (nullable): to give the listing up
 * @callback: called on the calling thread's main context
 * @user_data: for @callback
 *
 * Lists the categories as accord_store_list_categories() does, in a
 * worker thread: finding those of an entity reads all its articles.
 */
void
accord_store_list_categories_async (AccordStore         *self,
                                    const char          *entity_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ACCORD_IS_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, accord_store_list_categories_async);
  g_task_set_task_data (task, g_strdup (entity_id), g_free);
  g_task_run_in_thread (task, list_categories_thread);
}

/**
 * accord_store_list_categories_finish:
 *
 * Returns: (transfer full): what accord_store_list_categories() would, or
 *   %NULL with @error set: cancelled, or the database could not be opened
 */
GListModel *
accord_store_list_categories_finish (AccordStore   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (ACCORD_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == accord_store_list_categories_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---------------------------------------------------------------------- */
/* Bookmarks                                                               */

/* The largest bookmarks file read: ACCORD_BOOKMARKS_MAX_BYTES, but for
 * tests. */
static gsize bookmarks_max_bytes = ACCORD_BOOKMARKS_MAX_BYTES;

#define BOOKMARK_COLUMNS \
  "b.article_id, b.date, b.title_en, b.title_fr," \
  CATEGORY_NAMES ", b.source, b.url, b.entities, b.created, 0, a.rowid IS NOT NULL"

#define BOOKMARK_IN_FEED_COLUMN 11

/* What the bookmark table keeps on its own, for when the snapshot's
 * tables cannot be read: taken to be in the feed, as nothing says not. */
#define BOOKMARK_ONLY_COLUMNS \
  "b.article_id, b.date, b.title_en, b.title_fr," \
  " NULL, NULL, b.source, b.url, b.entities, b.created, 0, 1"

static GListModel *
read_bookmarks_with (sqlite3     *db,
                     const char  *sql,
                     GError     **error)
{
  g_autoptr(GListStore) bookmarks = g_list_store_new (ACCORD_TYPE_ARTICLE);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if ((stmt = prepare (db, sql, error)) == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(AccordArticle) article = article_from_row (stmt, sqlite3_column_int (stmt, BOOKMARK_IN_FEED_COLUMN));
      g_list_store_append (bookmarks, article);
    }
  if (rc != SQLITE_DONE)
    {
      accord_store_set_sqlite_error (db, rc, _("Could not read the bookmarks"), error);
      return NULL;
    }
  return G_LIST_MODEL (g_steal_pointer (&bookmarks));
}

/* Every bookmark, or NULL when one cannot be read: an export must never
 * take a damaged table for an empty one. Damage to the snapshot, which
 * only adds the category, does not keep them from being
 * read: they are the user's, and all they need is in their own table. */
static GListModel *
read_bookmarks (sqlite3  *db,
                GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  GListModel *bookmarks;

  /* What reads without an error may still lack some: shown as all there
   * are, or exported over the backup that has the others, they would
   * pass for the whole. */
  if (!bookmarks_whole (db, error))
    return NULL;
  bookmarks = read_bookmarks_with (db,
                                   "SELECT " BOOKMARK_COLUMNS " FROM bookmark b"
                                   " LEFT JOIN article a ON a.id = b.article_id"
                                   " LEFT JOIN category c ON c.id = a.category"
                                   " ORDER BY b.created DESC, b.article_id",
                                   &local_error);
  if (bookmarks != NULL)
    return bookmarks;
  if (!g_error_matches (local_error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_CORRUPT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  bookmarks = read_bookmarks_with (db,
                                   "SELECT " BOOKMARK_ONLY_COLUMNS " FROM bookmark b"
                                   " ORDER BY b.created DESC, b.article_id",
                                   error);
  if (bookmarks != NULL)
    g_warning ("%s; the bookmarks were read on their own", local_error->message);
  return bookmarks;
}

static int
compare_newest_bookmark_first (gconstpointer a,
                               gconstpointer b,
                               gpointer      user_data)
{
  gint64 created_a = accord_article_get_bookmarked_at ((AccordArticle *) a);
  gint64 created_b = accord_article_get_bookmarked_at ((AccordArticle *) b);

  if (created_a != created_b)
    return created_a < created_b ? 1 : -1;
  return strcmp (accord_article_get_id ((AccordArticle *) a), accord_article_get_id ((AccordArticle *) b));
}

/* What can still be read of a damaged bookmarks table. SQLite reads it
 * in the order of its key and stops at the first record it cannot read:
 * read from both ends, it gives every bookmark but those at the damage. */
static GListModel *
salvage_bookmarks (sqlite3  *db,
                   GError  **error)
{
  static const char * const scans[] = {
    "SELECT " BOOKMARK_ONLY_COLUMNS " FROM bookmark b ORDER BY b.article_id",
    "SELECT " BOOKMARK_ONLY_COLUMNS " FROM bookmark b ORDER BY b.article_id DESC",
  };
  g_autoptr(GListStore) found = g_list_store_new (ACCORD_TYPE_ARTICLE);
  g_autoptr(GHashTable) ids = accord_string_table_new (g_free, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (scans); i++)
    {
      g_autoptr(sqlite3_stmt) stmt = prepare (db, scans[i], NULL);

      while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autoptr(AccordArticle) article = article_from_row (stmt, sqlite3_column_int (stmt, BOOKMARK_IN_FEED_COLUMN));

          if (g_hash_table_add (ids, g_strdup (accord_article_get_id (article))))
            g_list_store_append (found, article);
        }
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (found)) == 0)
    {
      g_set_error_literal (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_CORRUPT,
                           _("No bookmark could be read: Accord’s data file is damaged where they are kept"));
      return NULL;
    }
  g_list_store_sort (found, compare_newest_bookmark_first, NULL);
  return G_LIST_MODEL (g_steal_pointer (&found));
}

/* Every bookmark, or none when they cannot be read, said in the log; a
 * reading cancelled (see stop_if_cancelled()) returns nothing anyway.
 * With @damaged, a damaged table is told there, and nothing returned. */
static GListModel *
list_bookmarks_on (sqlite3  *db,
                   GError  **damaged)
{
  g_autoptr(GError) error = NULL;
  GListModel *bookmarks = read_bookmarks (db, &error);

  if (bookmarks != NULL)
    return bookmarks;
  if (damaged != NULL && g_error_matches (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_CORRUPT))
    {
      g_propagate_error (damaged, g_steal_pointer (&error));
      return NULL;
    }
  if ((sqlite3_errcode (db) & 0xff) != SQLITE_INTERRUPT)
    g_warning ("%s", error->message);
  return G_LIST_MODEL (g_list_store_new (ACCORD_TYPE_ARTICLE));
}

/**
 * accord_store_list_bookmarks:
 *
 * Returns: (transfer full): the bookmarked articles as #AccordArticle,
 *   newest bookmark first, including those no longer in the feed
 */
GListModel *
accord_store_list_bookmarks (AccordStore *self)
{
  g_return_val_if_fail (ACCORD_IS_STORE (self), NULL);

  return list_bookmarks_on (self->db, NULL);
}

/* Bookmarks that cannot be read are not told as none: the page says so
 * rather than "No Bookmarks Yet". */
static void
list_bookmarks_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  AccordStore *self = source_object;
  g_autoptr(GMutexLocker) locker = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *bookmarks;
  sqlite3 *db;

  if ((db = take_reader (self, task, &locker)) == NULL)
    return;
  bookmarks = list_bookmarks_on (db, &error);
  release_reader (self);
  if (g_task_return_error_if_cancelled (task))
    g_clear_object (&bookmarks);
  else if (bookmarks == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, bookmarks, g_object_unref);
}

/**
 * accord_store_list_bookmarks_async:
 * @cancellable: (nullable): to give the listing up
 * @callback: called on the calling thread's main context
 * @user_data: for @callback
 *
 * Lists the bookmarks as accord_store_list_bookmarks() does, reading
 * them in a worker thread.
 */
void
accord_store_list_bookmarks_async (AccordStore         *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (ACCORD_IS_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, accord_store_list_bookmarks_async);
  g_task_run_in_thread (task, list_bookmarks_thread);
}

/**
 * accord_store_list_bookmarks_finish:
 *
 * Returns: (transfer full): the bookmarked articles as #AccordArticle,
 *   or %NULL with @error set: cancelled, the database could not be
 *   opened, or the bookmarks' table is damaged
 *   (%ACCORD_STORE_ERROR_CORRUPT); none when they could not be read
 *   otherwise, said in the log
 */
GListModel *
accord_store_list_bookmarks_finish (AccordStore   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (ACCORD_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == accord_store_list_bookmarks_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
accord_store_get_n_bookmarks (AccordStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ACCORD_IS_STORE (self), 0);

  stmt = prepare (self->db, "SELECT count(*) FROM bookmark", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return (guint) sqlite3_column_int (stmt, 0);
}

/* Whether @article_id is bookmarked, and since when (any time, 1970's
 * first second or before included). */
static gboolean
bookmark_created (AccordStore *self,
                  const char  *article_id,
                  gint64      *created)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self->db, "SELECT created FROM bookmark WHERE article_id = ?1", NULL);

  *created = 0;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, article_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  *created = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

gboolean
accord_store_is_bookmarked (AccordStore *self,
                            const char  *article_id)
{
  gint64 created;

  g_return_val_if_fail (ACCORD_IS_STORE (self), FALSE);
  g_return_val_if_fail (article_id != NULL, FALSE);

  return bookmark_created (self, article_id, &created);
}

/**
 * accord_store_follow_bookmark:
 * @article: an article a list shows
 * @changed_id: (nullable): the article #AccordStore::bookmarks-changed
 *   told of, or %NULL for any
 *
 * Brings @article's star in line with the store after
 * #AccordStore::bookmarks-changed, when that change concerns it.
 */
void
accord_store_follow_bookmark (AccordStore   *self,
                              AccordArticle *article,
                              const char    *changed_id)
{
  const char *id;
  gint64 created;
  gboolean bookmarked;

  g_return_if_fail (ACCORD_IS_STORE (self));
  g_return_if_fail (ACCORD_IS_ARTICLE (article));

  id = accord_article_get_id (article);
  if (changed_id != NULL && g_strcmp0 (id, changed_id) != 0)
    return;
  /* With its time too: an undo puts the bookmark back where it was. */
  bookmarked = bookmark_created (self, id, &created);
  accord_article_set_bookmarked (article, bookmarked, created);
}

#define INSERT_BOOKMARK_SQL \
  "INSERT INTO bookmark (article_id, created, date, title_en, title_fr, source, url, entities)" \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (article_id) DO NOTHING"

/* Stores what is known of @article now, so the bookmark outlives it.
 * Reads only what never changes in an article, so it may run in the
 * writer's thread; @entities_json is taken. */
static int
insert_bookmark (sqlite3_stmt  *stmt,
                 AccordArticle *article,
                 gint64         created,
                 char          *entities_json)
{
  int rc;

  accord_store_bind_text (stmt, 1, accord_article_get_id (article));
  sqlite3_bind_int64 (stmt, 2, created);
  accord_store_bind_text (stmt, 3, accord_article_get_date (article));
  accord_store_bind_text (stmt, 4, accord_article_get_title_in (article, "en"));
  accord_store_bind_text (stmt, 5, accord_article_get_title_in (article, "fr"));
  accord_store_bind_text (stmt, 6, accord_article_get_source (article));
  accord_store_bind_text (stmt, 7, accord_article_get_url (article));
  sqlite3_bind_text (stmt, 8, entities_json, -1, g_free);

  rc = sqlite3_step (stmt);
  /* Unbinds too: the texts bound belong to @article. */
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static gboolean
add_bookmark_on (sqlite3        *db,
                 AccordArticle  *article,
                 gint64          created,
                 char           *entities_json,
                 GError        **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if ((stmt = prepare (db, INSERT_BOOKMARK_SQL, error)) == NULL)
    {
      g_free (entities_json);
      return FALSE;
    }
  rc = insert_bookmark (stmt, article, created, entities_json);
  if (rc != SQLITE_OK)
    return accord_store_set_sqlite_error (db, rc, _("Could not save the bookmark"), error);
  return TRUE;
}

/* A bookmark as it was stored when it was removed: what an undo puts
 * back, the texts the feed no longer gives included. */
typedef struct
{
  gint64  created;
  char   *columns[6];   /* date, title_en, title_fr, source, url, entities */
} RemovedBookmark;

static void
removed_bookmark_free (gpointer data)
{
  RemovedBookmark *removed = data;

  for (guint i = 0; i < G_N_ELEMENTS (removed->columns); i++)
    g_free (removed->columns[i]);
  g_free (removed);
}

static RemovedBookmark *
removed_bookmark_from_row (sqlite3_stmt *stmt)
{
  RemovedBookmark *removed = g_new0 (RemovedBookmark, 1);

  removed->created = sqlite3_column_int64 (stmt, 0);
  for (guint i = 0; i < G_N_ELEMENTS (removed->columns); i++)
    removed->columns[i] = g_strdup ((const char *) sqlite3_column_text (stmt, (int) i + 1));
  return removed;
}

/* @removed: (nullable): where the row removed is kept, for an undo */
static gboolean
remove_bookmark_on (sqlite3     *db,
                    const char  *article_id,
                    GHashTable  *removed,
                    GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if ((stmt = prepare (db, "DELETE FROM bookmark WHERE article_id = ?1"
                           " RETURNING created, date, title_en, title_fr, source, url, entities", error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, article_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (removed != NULL)
      g_hash_table_replace (removed, g_strdup (article_id), removed_bookmark_from_row (stmt));
  if (rc != SQLITE_DONE)
    return accord_store_set_sqlite_error (db, rc, _("Could not remove the bookmark"), error);
  return TRUE;
}

/* Puts back the bookmark of @article_id as it was removed, if it was
 * since this store was opened: *restored says whether it was. */
static gboolean
restore_bookmark_on (sqlite3     *db,
                     const char  *article_id,
                     GHashTable  *removed,
                     gboolean    *restored,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  RemovedBookmark *row = g_hash_table_lookup (removed, article_id);
  int rc;

  *restored = FALSE;
  if (row == NULL)
    return TRUE;
  if ((stmt = prepare (db, INSERT_BOOKMARK_SQL, error)) == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, article_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, row->created);
  for (guint i = 0; i < G_N_ELEMENTS (row->columns); i++)
    sqlite3_bind_text (stmt, (int) i + 3, row->columns[i], -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return accord_store_set_sqlite_error (db, rc, _("Could not save the bookmark"), error);
  g_hash_table_remove (removed, article_id);
  *restored = TRUE;
  return TRUE;
}

/* A list's stand-in for a row a newer snapshot replaced has no id. */
static gboolean
check_bookmarkable (AccordArticle  *article,
                    GError        **error)
{
  if (*accord_article_get_id (article) != '\0')
    return TRUE;
  g_set_error_literal (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_NOT_FOUND,
                       _("This article is no longer available"));
  return FALSE;
}

/**
 * accord_store_add_bookmark:
 * @article: the article
 * @created: when it was bookmarked, in µs since 1970 (an undo passes the
 *   original time back, which an imported bookmark may have before 1970),
 *   or %ACCORD_BOOKMARK_NOW
 *
 * Bookmarks @article, keeping its title, date, source, address and
 * entities should it leave the feed. Bookmarking twice changes nothing.
 * Waits for an import that is writing: the window uses
 * accord_store_add_bookmark_async().
 *
 * Returns: whether the bookmark is stored
 */
gboolean
accord_store_add_bookmark (AccordStore    *self,
                           AccordArticle  *article,
                           gint64          created,
                           GError        **error)
{
  g_return_val_if_fail (ACCORD_IS_STORE (self), FALSE);
  g_return_val_if_fail (ACCORD_IS_ARTICLE (article), FALSE);

  if (!check_bookmarkable (article, error))
    return FALSE;
  if (created == ACCORD_BOOKMARK_NOW)
    created = g_get_real_time ();

  if (!add_bookmark_on (self->db, article, created, accord_article_dup_entities_json (article), error))
    return FALSE;

  accord_article_set_bookmarked (article, TRUE, created);
  g_signal_emit (self, signals[BOOKMARKS_CHANGED], 0, accord_article_get_id (article));
  return TRUE;
}

/**
 * accord_store_remove_bookmark:
 *
 * Removes the bookmark of @article. Like accord_store_add_bookmark(), it
 * waits for an import that is writing.
 *
 * Returns: whether the bookmark is gone
 */
gboolean
accord_store_remove_bookmark (AccordStore    *self,
                              AccordArticle  *article,
                              GError        **error)
{
  g_return_val_if_fail (ACCORD_IS_STORE (self), FALSE);
  g_return_val_if_fail (ACCORD_IS_ARTICLE (article), FALSE);

  if (!remove_bookmark_on (self->db, accord_article_get_id (article), NULL, error))
    return FALSE;

  accord_article_set_bookmarked (article, FALSE, 0);
  g_signal_emit (self, signals[BOOKMARKS_CHANGED], 0, accord_article_get_id (article));
  return TRUE;
}

/* The times an export can write: 0001-01-01T00:00:00Z to
 * 9999-12-31T23:59:59Z, in seconds since 1970. */
#define MIN_EXPORT_TIME G_GINT64_CONSTANT (-62135596800)
#define MAX_EXPORT_TIME G_GINT64_CONSTANT (253402300799)

static char *
format_iso8601 (gint64 usec)
{
  /* Whole seconds down, the microseconds left over kept: bookmarks made
   * in the same second keep their order through an export. */
  gint64 seconds = usec / G_USEC_PER_SEC;
  gint64 micro = usec % G_USEC_PER_SEC;
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *fraction = NULL;

  if (micro < 0)
    {
      micro += G_USEC_PER_SEC;
      seconds--;
    }
  /* A time given through the API may lie further: the nearest is kept. */
  if (seconds < MIN_EXPORT_TIME || seconds > MAX_EXPORT_TIME)
    {
      seconds = CLAMP (seconds, MIN_EXPORT_TIME, MAX_EXPORT_TIME);
      micro = 0;
    }
  dt = g_date_time_new_from_unix_utc (seconds);
  fraction = micro != 0 ? g_strdup_printf (".%06" G_GINT64_FORMAT, micro) : g_strdup ("");
  /* Four digits for the year, as ISO 8601 wants it read back, which %Y
   * leaves out before the year 1000. */
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d%sZ", g_date_time_get_year (dt), g_date_time_get_month (dt),
                          g_date_time_get_day_of_month (dt), g_date_time_get_hour (dt),
                          g_date_time_get_minute (dt), g_date_time_get_second (dt), fraction);
}

static void
builder_add_string (JsonBuilder *builder,
                    const char  *member,
                    const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static char *export_bookmarks_on (sqlite3   *db,
                                  gboolean   salvage,
                                  guint     *n_exported,
                                  GError   **error);

static gboolean
same_file (const char *a,
           const char *b)
{
  GStatBuf sa, sb;

  return g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* The data file, or one beside it named after it: SQLite's journals, a
 * rebuild's spare. Written over, they would take the bookmarks with
 * them. */
static gboolean
check_export_destination (const char  *data_path,
                          const char  *destination,
                          GError     **error)
{
  g_autofree char *data_dir = g_path_get_dirname (data_path);
  g_autofree char *data_name = g_path_get_basename (data_path);
  /* Through links, where the export is written, even a file not made yet. */
  g_autofree char *resolved = accord_resolve_links (destination);
  g_autofree char *dir = g_path_get_dirname (resolved != NULL ? resolved : destination);
  g_autofree char *name = g_path_get_basename (resolved != NULL ? resolved : destination);

  if (!same_file (destination, data_path) && !(g_str_has_prefix (name, data_name) && same_file (dir, data_dir)))
    return TRUE;
  g_set_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_EXPORT_REFUSED,
               /* Translators: %s is a file name; the bookmarks are exported to another */
               _("%s is one of the files Accord keeps its data in: choose another file for the bookmarks"),
               destination);
  return FALSE;
}

/**
 * accord_store_check_export_destination:
 * @path: the file an export of bookmarks is about to be written to
 *
 * Returns: whether @path may take it: not so the store's own file, nor
 *   one SQLite keeps beside it
 */
gboolean
accord_store_check_export_destination (AccordStore  *self,
                                       const char   *path,
                                       GError      **error)
{
  g_return_val_if_fail (ACCORD_IS_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return check_export_destination (self->path, path, error);
}

/**
 * accord_store_export_bookmarks:
 *
 * Writes every bookmark as a small JSON document (format
 * "accord-bookmarks", version 1) that accord_store_import_bookmarks()
 * reads back, here or on another machine.
 *
 * @n_exported: (out) (optional): how many bookmarks it holds
 *
 * Returns: (transfer full): the document, or %NULL when the bookmarks
 *   cannot all be read
 */
char *
accord_store_export_bookmarks (AccordStore  *self,
                               guint        *n_exported,
                               GError      **error)
{
  g_return_val_if_fail (ACCORD_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return export_bookmarks_on (self->db, FALSE, n_exported, error);
}

/**
 * accord_store_export_readable_bookmarks:
 * @n_exported: (out) (optional): how many bookmarks it holds
 *
 * For a damaged bookmarks table, which accord_store_export_bookmarks()
 * refuses: a document of the bookmarks that can still be read, to
 * rescue them. It may lack some.
 *
 * Returns: (transfer full): the document, or %NULL when none can be read
 */
char *
accord_store_export_readable_bookmarks (AccordStore  *self,
                                        guint        *n_exported,
                                        GError      **error)
{
  g_return_val_if_fail (ACCORD_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return export_bookmarks_on (self->db, TRUE, n_exported, error);
}

/* @bookmarks as an export, or %NULL when no file Accord reads back
 * could hold them. */
static char *
bookmarks_document (GListModel  *bookmarks,
                    GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *now = format_iso8601 (g_get_real_time ());
  g_autofree char *document = NULL;
  gsize length;

  json_builder_begin_object (builder);
  builder_add_string (builder, "format", "accord-bookmarks");
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, 1);
  builder_add_string (builder, "exported", now);
  json_builder_set_member_name (builder, "bookmarks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (bookmarks); i++)
    {
      g_autoptr(AccordArticle) article = g_list_model_get_item (bookmarks, i);
      g_autofree char *created = format_iso8601 (accord_article_get_bookmarked_at (article));
      g_autofree char *entities = accord_article_dup_entities_json (article);
      g_autoptr(JsonNode) entities_node = json_from_string (entities, NULL);
      /* As known: no name standing in for another. */
      const char *en = accord_article_get_title_in (article, "en");
      const char *fr = accord_article_get_title_in (article, "fr");

      json_builder_begin_object (builder);
      builder_add_string (builder, "article", accord_article_get_id (article));
      builder_add_string (builder, "bookmarked", created);
      builder_add_string (builder, "date", accord_article_get_date (article));
      json_builder_set_member_name (builder, "title");
      json_builder_begin_object (builder);
      builder_add_string (builder, "en", en);
      builder_add_string (builder, "fr", fr);
      json_builder_end_object (builder);
      builder_add_string (builder, "source", accord_article_get_source (article));
      builder_add_string (builder, "url", accord_article_get_url (article));
      json_builder_set_member_name (builder, "entities");
      json_builder_add_value (builder, g_steal_pointer (&entities_node));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  /* Laid out for reading where it fits: every export must import back. */
  json_generator_set_pretty (generator, TRUE);
  document = json_generator_to_data (generator, &length);
  if (length + 1 > bookmarks_max_bytes)
    {
      g_free (document);
      json_generator_set_pretty (generator, FALSE);
      document = json_generator_to_data (generator, &length);
    }
  if (length + 1 > bookmarks_max_bytes)
    {
      g_set_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_EXPORT_REFUSED,
                   _("Too many bookmarks for one file that Accord can read back (over %u MiB)"),
                   (guint) (bookmarks_max_bytes / (1024 * 1024)));
      return NULL;
    }
  /* A text file, which ends with a newline. */
  return g_strconcat (document, "\n", NULL);
}

static char *
export_bookmarks_on (sqlite3   *db,
                     gboolean   salvage,
                     guint     *n_exported,
                     GError   **error)
{
  g_autoptr(GListModel) bookmarks = NULL;

  if ((bookmarks = salvage ? salvage_bookmarks (db, error) : read_bookmarks (db, error)) == NULL)
    return NULL;
  if (n_exported != NULL)
    *n_exported = g_list_model_get_n_items (bookmarks);
  return bookmarks_document (bookmarks, error);
}

/* A text of a bookmarks file, cleaned by @clean as the feed's text of
 * the same kind is, or NULL. FALSE for one longer than a feed may hold: a
 * damaged entry. */
static gboolean
take_line (JsonObject  *object,
           const char  *member,
           char      *(*clean) (const char *text),
           char       **out)
{
  const char *text = object != NULL ? accord_json_get_string (object, member) : NULL;

  *out = NULL;
  if (text == NULL)
    return TRUE;
  if (strlen (text) > ACCORD_FEED_MAX_STRING_BYTES)
    return FALSE;
  *out = clean (text);
  return TRUE;
}

/* The entities of a bookmark, as the store keeps them, their names
 * cleaned; FALSE for a damaged list. */
static gboolean
take_entities (JsonObject  *object,
               char       **out)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;

  *out = NULL;
  if (!json_object_has_member (object, "entities") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "entities")))
    return TRUE;

  array = json_object_get_array_member (object, "entities");
  json_builder_begin_array (builder);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *entity = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autofree char *id = NULL;

      /* An id keeps the spaces around it, as in a feed. */
      if (!take_line (entity, "id", accord_feed_dup_single_line, &id))
        return FALSE;
      if (id == NULL)
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, id);
      for (guint l = 0; l < 2; l++)
        {
          const char *lang = l == 0 ? "en" : "fr";
          g_autofree char *name = NULL;

          if (!take_line (entity, lang, accord_feed_dup_shown_line, &name))
            return FALSE;
          if (name == NULL)
            continue;
          json_builder_set_member_name (builder, lang);
          json_builder_add_string_value (builder, name);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  *out = json_to_string (root, FALSE);
  return TRUE;
}

/* One entry of a bookmarks document as an article, or NULL when it is
 * not usable. Its texts are held to what a feed's may be: one line each,
 * plain, and no longer. */
static AccordArticle *
article_from_bookmark_entry (JsonNode *node,
                             gint64   *created)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *entities = NULL;
  g_autofree char *title_en = NULL;
  g_autofree char *title_fr = NULL;
  g_autofree char *source = NULL;
  JsonObject *object, *title;
  const char *id, *date, *url, *bookmarked;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  id = accord_json_get_string (object, "article");
  date = accord_json_get_string (object, "date");
  url = accord_json_get_string (object, "url");
  bookmarked = accord_json_get_string (object, "bookmarked");
  title = json_object_has_member (object, "title") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "title"))
          ? json_object_get_object_member (object, "title") : NULL;

  /* An id no feed could have would never be linked to an article. */
  if (id == NULL || !accord_feed_is_valid_article_id (id))
    return NULL;
  if (date != NULL && !accord_feed_is_valid_date (date, TRUE))
    date = NULL;
  if (url != NULL && strlen (url) > ACCORD_FEED_MAX_STRING_BYTES)
    return NULL;
  if (url != NULL && !accord_feed_is_web_url (url))
    url = NULL;
  if (!take_line (title, "en", accord_feed_dup_shown_line, &title_en) ||
      !take_line (title, "fr", accord_feed_dup_shown_line, &title_fr) ||
      !take_line (object, "source", accord_feed_dup_shown_line, &source) || !take_entities (object, &entities))
    return NULL;

  /* A time an export could not write back is a damaged entry. */
  when = bookmarked != NULL ? g_date_time_new_from_iso8601 (bookmarked, NULL) : NULL;
  if (when != NULL &&
      (g_date_time_to_unix (when) < MIN_EXPORT_TIME || g_date_time_to_unix (when) > MAX_EXPORT_TIME))
    return NULL;
  *created = when != NULL ? g_date_time_to_unix_usec (when) : g_get_real_time ();

  {
    AccordArticleData data = {
      .id = id,
      .date = date,
      .title_en = title_en,
      .title_fr = title_fr,
      .source = source,
      .url = url,
      .entities_json = entities,
    };
    return accord_article_new (&data);
  }
}

/* The document's version, or 0 when it is not a whole number: no
 * Accord writes "1", 1.5 or null; 1.0 is a whole number. */
static gint64
read_version (JsonObject *root)
{
  JsonNode *node = json_object_get_member (root, "version");
  double number;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) != G_TYPE_DOUBLE)
    return 0;
  /* 1.0 is the number 1, as a feed's version may be written. */
  number = json_node_get_double (node);
  if (number < 1)
    return 0;
  /* Clamped: converting a double beyond gint64 is undefined. */
  if (number >= 1e15)
    return G_MAXINT64;
  return number == (double) (gint64) number ? (gint64) number : 0;
}

/* The memory json-glib may take to read a bookmarks file of @len bytes:
 * an export takes about seven times its size, twenty at most for
 * articles of many entities with one-letter names; a file of empty
 * entries takes a hundred times, 2 GB for 18 MB. */
static guint64
bookmarks_max_read_bytes (gsize len)
{
  return MIN (MAX (G_GUINT64_CONSTANT (512) << 20, (guint64) len * 24), ACCORD_FEED_MAX_READ_BYTES);
}

/* Whether @data holds only JSON's spaces, if anything, after a byte
 * order mark: an empty file, as far as the user can see. */
static gboolean
is_blank_file (const char *data,
               gsize       len)
{
  gsize start = len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;

  for (gsize i = start; data != NULL && i < len; i++)
    if (!strchr (" \t\r\n", data[i]) || data[i] == '\0')
      return FALSE;
  return TRUE;
}

static JsonArray *
read_bookmarks_document (GBytes  *bytes,
                         GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *mended = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonObject *root;
  gint64 version;

  if (!accord_store_check_bookmarks_size (len, error))
    return NULL;
  if (is_blank_file (data, len))
    data = NULL;
  if (data != NULL && !accord_json_check_readable (data, len, bookmarks_max_read_bytes (len), &local_error))
    {
      g_set_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_INVALID_BOOKMARKS,
                   _("Not a bookmarks file: %s"), local_error->message);
      return NULL;
    }
  if (data != NULL)
    mended = accord_json_mend_escapes (data, len);
  if (mended == NULL || !json_parser_load_from_data (parser, mended, (gssize) len, &local_error))
    {
      g_set_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_INVALID_BOOKMARKS,
                   _("Not a bookmarks file: %s"), local_error ? local_error->message : _("it is empty"));
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
      g_strcmp0 (accord_json_get_string ((root = json_node_get_object (json_parser_get_root (parser))), "format"),
                 "accord-bookmarks") != 0)
    {
      g_set_error_literal (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_INVALID_BOOKMARKS,
                           _("Not an Accord bookmarks file"));
      return NULL;
    }

  version = read_version (root);
  if (version >= 2)
    {
      g_set_error_literal (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_INVALID_BOOKMARKS,
                           _("This bookmarks file needs a newer Accord"));
      return NULL;
    }
  if (version != 1)
    {
      g_set_error_literal (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_INVALID_BOOKMARKS,
                           _("Not a supported bookmarks file"));
      return NULL;
    }

  if (!json_object_has_member (root, "bookmarks") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "bookmarks")))
    {
      g_set_error_literal (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_INVALID_BOOKMARKS,
                           _("The bookmarks file has no list of bookmarks"));
      return NULL;
    }

  return json_array_ref (json_object_get_array_member (root, "bookmarks"));
}

/* Bookmarks that no export could hold could never be backed up again:
 * an import that would lead there is refused. */
static gboolean
still_exportable (sqlite3  *db,
                  GError  **error)
{
  g_autoptr(GError) export_error = NULL;
  /* All an export writes, read as an export would, but without the
   * snapshot, which may be damaged where the bookmarks are not. */
  g_autoptr(GListModel) bookmarks = read_bookmarks_with (db,
                                                         "SELECT " BOOKMARK_ONLY_COLUMNS " FROM bookmark b"
                                                         " ORDER BY b.created DESC, b.article_id",
                                                         NULL);
  g_autofree char *document = bookmarks != NULL ? bookmarks_document (bookmarks, &export_error) : NULL;

  if (document != NULL || !g_error_matches (export_error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_EXPORT_REFUSED))
    return TRUE;
  g_set_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_INVALID_BOOKMARKS,
               /* Translators: %u is a size in MiB */
               _("Too many bookmarks: with these, one file that Accord can read back (%u MiB) could no "
                 "longer hold them all, so none were added"),
               (guint) (bookmarks_max_bytes / (1024 * 1024)));
  return FALSE;
}

/* @refresh: whether imported bookmarks of articles in the snapshot take
 * its current data, as a feed import would give them */
static gboolean
import_bookmarks_once (sqlite3                    *db,
                       GBytes                     *bytes,
                       gboolean                    refresh,
                       AccordBookmarkImportStats  *stats,
                       GError                    **error)
{
  g_autoptr(JsonArray) entries = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GHashTable) seen = accord_string_table_new (g_free, NULL);
  AccordBookmarkImportStats counts = { 0 };

  if ((entries = read_bookmarks_document (bytes, error)) == NULL ||
      (stmt = prepare (db, INSERT_BOOKMARK_SQL, error)) == NULL ||
      !exec_sql (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  /* Written into a damaged table, they would be lost with it, and could
   * damage what is left of it further. */
  if (!bookmarks_whole (db, NULL))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      g_set_error_literal (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_CORRUPT,
                           _("Could not import the bookmarks: Accord’s data file is damaged where they are kept, "
                             "and nothing was added to it"));
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      gint64 created = 0;
      g_autoptr(AccordArticle) article = article_from_bookmark_entry (json_array_get_element (entries, i),
                                                                      &created);
      int rc;

      /* An article listed again in the same file was not there before:
       * the repeat is skipped. */
      if (article == NULL || !g_hash_table_add (seen, g_strdup (accord_article_get_id (article))))
        {
          counts.n_skipped++;
          continue;
        }

      rc = insert_bookmark (stmt, article, created, accord_article_dup_entities_json (article));
      if (rc != SQLITE_OK)
        {
          accord_store_set_sqlite_error (db, rc, _("Could not import the bookmarks"), error);
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
      if (sqlite3_changes (db) > 0)
        counts.n_added++;
      else
        counts.n_existing++;
    }

  if ((refresh && !exec_sql (db, ACCORD_BOOKMARK_REFRESH_SQL, error)) ||
      (counts.n_added > 0 && !still_exportable (db, error)) ||
      !exec_sql (db, "COMMIT", error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  *stats = counts;
  return TRUE;
}

/* A snapshot damaged where the refresh reads it (SQLite may then undo the
 * whole transaction) leaves the bookmarks as the file has them: a restore
 * is not refused for data that can be fetched again. */
static gboolean
import_bookmarks_on (sqlite3                    *db,
                     GBytes                     *bytes,
                     AccordBookmarkImportStats  *stats,
                     GError                    **error)
{
  g_autoptr(GError) refresh_error = NULL;

  if (import_bookmarks_once (db, bytes, TRUE, stats, &refresh_error))
    return TRUE;
  if (!g_error_matches (refresh_error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_CORRUPT))
    {
      g_propagate_error (error, g_steal_pointer (&refresh_error));
      return FALSE;
    }
  if (!import_bookmarks_once (db, bytes, FALSE, stats, error))
    return FALSE;
  g_warning ("Bookmarks imported as the file has them: %s", refresh_error->message);
  return TRUE;
}

/**
 * accord_store_check_bookmarks_size:
 * @size: the size of a file, in bytes
 *
 * Whether a file of @size may be a bookmarks file, to know before
 * reading it whole.
 *
 * Returns: %FALSE, with @error set, when it is too large
 */
gboolean
accord_store_check_bookmarks_size (goffset   size,
                                   GError  **error)
{
  if (size <= (goffset) bookmarks_max_bytes)
    return TRUE;
  g_set_error (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_INVALID_BOOKMARKS,
               _("Not a bookmarks file: it is larger than %d MiB"), (int) (bookmarks_max_bytes / (1024 * 1024)));
  return FALSE;
}

/* For tests, which cannot write 64 MiB of bookmarks in a moment. */
void
accord_store_set_bookmarks_max_bytes (gsize max_bytes)
{
  bookmarks_max_bytes = max_bytes;
}

/**
 * accord_store_import_bookmarks:
 * @bytes: a document written by accord_store_export_bookmarks()
 * @stats: (out) (optional): how many were added, already there, or
 *   skipped: unusable, or an article listed again in the file
 *
 * Merges the bookmarks of @bytes into the store: a bookmark already
 * stored is kept as it is, never duplicated. All or nothing.
 *
 * Returns: whether the bookmarks were merged
 */
gboolean
accord_store_import_bookmarks (AccordStore                *self,
                               GBytes                     *bytes,
                               AccordBookmarkImportStats  *stats,
                               GError                    **error)
{
  AccordBookmarkImportStats counts;

  g_return_val_if_fail (ACCORD_IS_STORE (self), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  if (!import_bookmarks_on (self->db, bytes, &counts, error))
    return FALSE;

  if (stats != NULL)
    *stats = counts;
  g_signal_emit (self, signals[BOOKMARKS_CHANGED], 0, NULL);
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Sync state and new articles                                             */

/**
 * accord_store_dup_sync_state:
 * @key: "etag", "last-modified", "last-error", …
 *
 * Returns: (transfer full) (nullable): what the sync job stored under @key
 */
char *
accord_store_dup_sync_state (AccordStore *self,
                             const char  *key)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ACCORD_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if ((stmt = prepare (self->db, "SELECT value FROM sync_state WHERE key = ?1", NULL)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return NULL;
  return g_strdup (column_text (stmt, 0));
}

/**
 * accord_store_get_sync_time:
 * @key: "last-attempt", "last-success" or "last-check"
 *
 * Returns: the time stored under @key, in seconds since 1970, or 0
 */
gint64
accord_store_get_sync_time (AccordStore *self,
                            const char  *key)
{
  g_autofree char *value = accord_store_dup_sync_state (self, key);

  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
}

/* Inside the caller's transaction, on @db, which may be an import's. */
gboolean
accord_store_write_sync_state (sqlite3             *db,
                               const char * const  *keys,
                               const char * const  *values,
                               GError             **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if ((stmt = prepare (db, "INSERT OR REPLACE INTO sync_state (key, value) VALUES (?1, ?2)", error)) == NULL)
    return FALSE;

  for (guint i = 0; keys[i] != NULL; i++)
    {
      int rc;

      sqlite3_bind_text (stmt, 1, keys[i], -1, SQLITE_STATIC);
      accord_store_bind_text (stmt, 2, values[i]);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return accord_store_set_sqlite_error (db, rc, _("Could not save the refresh state"), error);
    }
  return TRUE;
}

/* A failed commit leaves no transaction open on @db. */
static gboolean
set_sync_state_on (sqlite3             *db,
                   const char * const  *keys,
                   const char * const  *values,
                   GError             **error)
{
  if (!exec_sql (db, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!accord_store_write_sync_state (db, keys, values, error) || !exec_sql (db, "COMMIT", error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

/**
 * accord_store_set_sync_state:
 * @keys: the keys to set, %NULL-terminated
 * @values: their values, %NULL to remove one
 *
 * Sets several sync state values in one transaction.
 */
gboolean
accord_store_set_sync_state (AccordStore        *self,
                             const char * const *keys,
                             const char * const *values,
                             GError            **error)
{
  g_return_val_if_fail (ACCORD_IS_STORE (self), FALSE);
  g_return_val_if_fail (keys != NULL && values != NULL, FALSE);

  return set_sync_state_on (self->db, keys, values, error);
}

/**
 * accord_store_get_n_new_articles:
 * @entity_id: (nullable): only this entity's articles
 *
 * Returns: how many articles arrived with a sync and are not seen yet
 */
guint
accord_store_get_n_new_articles (AccordStore *self,
                                 const char  *entity_id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ACCORD_IS_STORE (self), 0);

  if (entity_id != NULL)
    stmt = prepare (self->db,
                    "SELECT count(*) FROM article_state s INDEXED BY article_state_unseen"
                    " JOIN article a ON a.id = s.id"
                    " JOIN article_entity ae ON ae.article = a.rowid JOIN entity e ON e.rowid = ae.entity"
                    " WHERE s.seen = 0 AND e.id = ?1", NULL);
  else
    stmt = prepare (self->db, "SELECT count(*) FROM article_state WHERE seen = 0", NULL);
  if (stmt == NULL)
    return 0;
  if (entity_id != NULL)
    sqlite3_bind_text (stmt, 1, entity_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return (guint) sqlite3_column_int (stmt, 0);
}

static gboolean
mark_seen_on (sqlite3     *db,
              const char  *entity_id,
              GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (entity_id != NULL)
    stmt = prepare (db,
                    "UPDATE article_state SET seen = 1 WHERE seen = 0 AND id IN"
                    " (SELECT a.id FROM article a JOIN article_entity ae ON ae.article = a.rowid"
                    "  JOIN entity e ON e.rowid = ae.entity WHERE e.id = ?1)", error);
  else
    stmt = prepare (db, "UPDATE article_state SET seen = 1 WHERE seen = 0", error);
  if (stmt == NULL)
    return FALSE;
  if (entity_id != NULL)
    sqlite3_bind_text (stmt, 1, entity_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return accord_store_set_sqlite_error (db, rc, _("Could not save which articles were seen"), error);
  return TRUE;
}

/* ---------------------------------------------------------------------- */
/* Writes from the main thread                                             */

/* The window's writes run one after another, in the order asked, on a
 * connection of their own in a worker thread: while an import holds the
 * database's write lock (seconds, for a large feed) they wait there and
 * the window goes on. A write, once asked, is never cancelled. */

typedef struct _Write Write;

struct _Write
{
  gboolean       (*run) (AccordStore *self, sqlite3 *db, Write *write, GError **error);
  GTask           *caller;
  AccordArticle   *article;
  gint64           created;
  char            *entities_json;
  gboolean         was_bookmarked;   /* what a failure puts back */
  gint64           was_created;
  char            *entity_id;
  GBytes          *bytes;
  AccordBookmarkImportStats stats;
  StateCopy        state;
  char            *document;         /* an export's */
  guint            n_exported;
  char            *destination;      /* where it goes, if a local file */
  gboolean         restore;          /* an undo's add */
};

static void
write_free (Write *write)
{
  g_clear_object (&write->article);
  g_free (write->entities_json);
  g_free (write->entity_id);
  g_clear_pointer (&write->bytes, g_bytes_unref);
  state_copy_clear (&write->state);
  g_free (write->document);
  g_free (write->destination);
  g_free (write);
}

/* The window's writes are the user's own: a bookmark the window says is
 * added stays through a power cut, not only through a crash of the app.
 * They are small, and each waits for the disk here, in the worker. */
static sqlite3 *
open_writer (AccordStore  *self,
             GError      **error)
{
  sqlite3 *db = open_connection (self->path, error);

  if (db == NULL)
    return NULL;
  sqlite3_busy_timeout (db, self->writer_busy_ms);
  if (!exec_sql (db, "PRAGMA synchronous = FULL", error))
    {
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  AccordStore *self = source_object;
  Write *write = task_data;
  GError *error = NULL;

  /* Only a read queued behind the writes is ever cancelled. */
  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (write->caller), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Only one write runs at a time (see write_done()), so the writer's
   * connection is never used by two threads at once. */
  if (self->writer == NULL)
    self->writer = open_writer (self, &error);

  if (self->writer != NULL && write->run (self, self->writer, write, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static Write *
pending_write_for (AccordStore   *self,
                   AccordArticle *article)
{
  const char *id = accord_article_get_id (article);

  for (GList *l = self->writes.head; l != NULL; l = l->next)
    {
      Write *pending = l->data;

      if (pending->article != NULL && g_str_equal (accord_article_get_id (pending->article), id))
        return pending;
    }
  return NULL;
}

/* The article showed the state asked for at once. Lists hear of it once
 * the article's last queued write has ended: in between, the database
 * holds a state the user has already left. A failure puts back what was
 * before, or hands it to the next write, whose own "before" it was. */
static void
settle_bookmark (AccordStore *self,
                 Write       *write,
                 gboolean     ok)
{
  Write *next = pending_write_for (self, write->article);

  if (!ok && next != NULL)
    {
      next->was_bookmarked = write->was_bookmarked;
      next->was_created = write->was_created;
    }
  else if (!ok)
    accord_article_set_bookmarked (write->article, write->was_bookmarked, write->was_created);

  if (next == NULL)
    g_signal_emit (self, signals[BOOKMARKS_CHANGED], 0, accord_article_get_id (write->article));
}

static void start_write (AccordStore *self,
                         Write       *write);

static void
write_done (GObject      *source_object,
            GAsyncResult *result,
            gpointer      user_data)
{
  AccordStore *self = ACCORD_STORE (source_object);
  Write *write = g_queue_pop_head (&self->writes);
  g_autoptr(GTask) caller = g_steal_pointer (&write->caller);
  GError *error = NULL;
  gboolean ok;

  g_assert (write == g_task_get_task_data (G_TASK (result)));
  ok = g_task_propagate_boolean (G_TASK (result), &error);

  if (!g_queue_is_empty (&self->writes))
    start_write (self, g_queue_peek_head (&self->writes));

  if (write->article != NULL)
    settle_bookmark (self, write, ok);
  else if (ok && write->bytes != NULL)
    g_signal_emit (self, signals[BOOKMARKS_CHANGED], 0, NULL);

  if (ok)
    g_task_return_boolean (caller, TRUE);
  else
    g_task_return_error (caller, error);
}

static void
start_write (AccordStore *self,
             Write       *write)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, write_done, NULL);

  g_task_set_task_data (task, write, NULL);
  g_task_run_in_thread (task, write_thread);
}

/* @write belongs to the task given to @callback from here on. */
static void
queue_write (AccordStore         *self,
             Write               *write,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  write->caller = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (write->caller, source_tag);
  g_task_set_task_data (write->caller, write, (GDestroyNotify) write_free);

  g_queue_push_tail (&self->writes, write);
  if (g_queue_get_length (&self->writes) == 1)
    start_write (self, write);
}

static gboolean
run_add_bookmark (AccordStore  *self,
                  sqlite3      *db,
                  Write        *write,
                  GError      **error)
{
  const char *id = accord_article_get_id (write->article);
  gboolean restored = FALSE;

  if (write->restore && !restore_bookmark_on (db, id, self->removed, &restored, error))
    return FALSE;
  /* Bookmarked anew: what was removed before is not for an undo now. */
  if (!write->restore)
    g_hash_table_remove (self->removed, id);
  return restored ||
         add_bookmark_on (db, write->article, write->created, g_steal_pointer (&write->entities_json), error);
}

static gboolean
run_remove_bookmark (AccordStore  *self,
                     sqlite3      *db,
                     Write        *write,
                     GError      **error)
{
  return remove_bookmark_on (db, accord_article_get_id (write->article), self->removed, error);
}

static gboolean
run_import_bookmarks (AccordStore  *self,
                      sqlite3      *db,
                      Write        *write,
                      GError      **error)
{
  return import_bookmarks_on (db, write->bytes, &write->stats, error);
}

/* Not a write, but in the same line: an export asked for after a
 * bookmark was added holds it. */
static gboolean
run_export_bookmarks (AccordStore  *self,
                      sqlite3      *db,
                      Write        *write,
                      GError      **error)
{
  if (write->destination != NULL && !check_export_destination (self->path, write->destination, error))
    return FALSE;
  write->document = export_bookmarks_on (db, FALSE, &write->n_exported, error);
  return write->document != NULL;
}

static gboolean
run_mark_seen (AccordStore  *self,
               sqlite3      *db,
               Write        *write,
               GError      **error)
{
  return mark_seen_on (db, write->entity_id, error);
}

static Write *
bookmark_write_new (AccordArticle *article)
{
  Write *write = g_new0 (Write, 1);

  write->article = g_object_ref (article);
  write->was_bookmarked = accord_article_get_bookmarked (article);
  write->was_created = accord_article_get_bookmarked_at (article);
  return write;
}

static void
queue_bookmark (AccordStore         *self,
                AccordArticle       *article,
                gint64               created,
                gboolean             restore,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  Write *write;

  if (!check_bookmarkable (article, &error))
    {
      g_task_report_error (self, callback, user_data, accord_store_add_bookmark_async, g_steal_pointer (&error));
      return;
    }

  write = bookmark_write_new (article);
  write->run = run_add_bookmark;
  write->restore = restore;
  write->created = created != ACCORD_BOOKMARK_NOW ? created : g_get_real_time ();
  /* Built here: the article's entity list is not read from a thread. */
  write->entities_json = accord_article_dup_entities_json (article);
  accord_article_set_bookmarked (article, TRUE, write->created);
  queue_write (self, write, accord_store_add_bookmark_async, NULL, callback, user_data);
}

/**
 * accord_store_add_bookmark_async:
 * @article: the article
 * @created: as for accord_store_add_bookmark()
 *
 * Bookmarks @article without waiting for the database. @article shows
 * the bookmark at once, and loses it again should the write fail;
 * #AccordStore::bookmarks-changed follows once it is stored.
 */
void
accord_store_add_bookmark_async (AccordStore         *self,
                                 AccordArticle       *article,
                                 gint64               created,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (ACCORD_IS_STORE (self));
  g_return_if_fail (ACCORD_IS_ARTICLE (article));

  queue_bookmark (self, article, created, FALSE, callback, user_data);
}

/**
 * accord_store_restore_bookmark_async:
 * @article: the article whose bookmark was removed
 * @created: the time it was bookmarked, should the removal be unknown
 *
 * Undoes a removal made with accord_store_remove_bookmark_async(): the
 * bookmark comes back as it was stored, with what it kept of an article
 * the feed now says less of. Finish with accord_store_add_bookmark_finish().
 */
void
accord_store_restore_bookmark_async (AccordStore         *self,
                                     AccordArticle       *article,
                                     gint64               created,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (ACCORD_IS_STORE (self));
  g_return_if_fail (ACCORD_IS_ARTICLE (article));

  queue_bookmark (self, article, created, TRUE, callback, user_data);
}

static gboolean
finish_write (AccordStore   *self,
              GAsyncResult  *result,
              gpointer       source_tag,
              GError       **error)
{
  g_return_val_if_fail (ACCORD_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
accord_store_add_bookmark_finish (AccordStore   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish_write (self, result, accord_store_add_bookmark_async, error);
}

/**
 * accord_store_remove_bookmark_async:
 *
 * Removes the bookmark of @article without waiting for the database, as
 * accord_store_add_bookmark_async() adds one.
 */
void
accord_store_remove_bookmark_async (AccordStore         *self,
                                    AccordArticle       *article,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  Write *write;

  g_return_if_fail (ACCORD_IS_STORE (self));
  g_return_if_fail (ACCORD_IS_ARTICLE (article));

  write = bookmark_write_new (article);
  write->run = run_remove_bookmark;
  accord_article_set_bookmarked (article, FALSE, 0);
  queue_write (self, write, accord_store_remove_bookmark_async, NULL, callback, user_data);
}

gboolean
accord_store_remove_bookmark_finish (AccordStore   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return finish_write (self, result, accord_store_remove_bookmark_async, error);
}

/**
 * accord_store_import_bookmarks_async:
 *
 * Merges the bookmarks of @bytes, as accord_store_import_bookmarks()
 * does, without waiting for the database.
 */
void
accord_store_import_bookmarks_async (AccordStore         *self,
                                     GBytes              *bytes,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  Write *write;

  g_return_if_fail (ACCORD_IS_STORE (self));
  g_return_if_fail (bytes != NULL);

  write = g_new0 (Write, 1);
  write->run = run_import_bookmarks;
  write->bytes = g_bytes_ref (bytes);
  queue_write (self, write, accord_store_import_bookmarks_async, NULL, callback, user_data);
}

gboolean
accord_store_import_bookmarks_finish (AccordStore                *self,
                                      GAsyncResult               *result,
                                      AccordBookmarkImportStats  *stats,
                                      GError                    **error)
{
  if (!finish_write (self, result, accord_store_import_bookmarks_async, error))
    return FALSE;
  if (stats != NULL)
    *stats = ((Write *) g_task_get_task_data (G_TASK (result)))->stats;
  return TRUE;
}

/**
 * accord_store_export_bookmarks_async:
 * @destination: (nullable): the file the export is for, checked as
 *   accord_store_check_export_destination() does
 * @cancellable: (nullable): a #GCancellable
 *
 * accord_store_export_bookmarks() on the store's own worker, after the
 * writes asked for before it.
 */
void
accord_store_export_bookmarks_async (AccordStore         *self,
                                     GFile               *destination,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  Write *write;

  g_return_if_fail (ACCORD_IS_STORE (self));
  g_return_if_fail (destination == NULL || G_IS_FILE (destination));

  write = g_new0 (Write, 1);
  write->run = run_export_bookmarks;
  write->destination = destination != NULL ? g_file_get_path (destination) : NULL;
  queue_write (self, write, accord_store_export_bookmarks_async, cancellable, callback, user_data);
}

/**
 * accord_store_export_bookmarks_finish:
 * @n_exported: (out) (optional): how many bookmarks it holds
 *
 * Returns: (transfer full): the document, or %NULL
 */
char *
accord_store_export_bookmarks_finish (AccordStore   *self,
                                      GAsyncResult  *result,
                                      guint         *n_exported,
                                      GError       **error)
{
  Write *write;

  if (!finish_write (self, result, accord_store_export_bookmarks_async, error))
    return NULL;
  write = g_task_get_task_data (G_TASK (result));
  if (n_exported != NULL)
    *n_exported = write->n_exported;
  return g_steal_pointer (&write->document);
}

/**
 * accord_store_mark_seen_async:
 * @entity_id: (nullable): only this entity's articles, or %NULL for all
 *
 * The user has seen the new articles: they are new no more. Stored
 * without waiting for the database.
 */
void
accord_store_mark_seen_async (AccordStore         *self,
                              const char          *entity_id,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Write *write;

  g_return_if_fail (ACCORD_IS_STORE (self));

  write = g_new0 (Write, 1);
  write->run = run_mark_seen;
  write->entity_id = g_strdup (entity_id);
  queue_write (self, write, accord_store_mark_seen_async, NULL, callback, user_data);
}

gboolean
accord_store_mark_seen_finish (AccordStore   *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return finish_write (self, result, accord_store_mark_seen_async, error);
}

static gboolean
run_set_sync_state (AccordStore  *self,
                    sqlite3      *db,
                    Write        *write,
                    GError      **error)
{
  return set_sync_state_on (db, (const char * const *) write->state.keys,
                            (const char * const *) write->state.values, error);
}

/**
 * accord_store_set_sync_state_async:
 *
 * Sets sync state values as accord_store_set_sync_state() does, without
 * waiting for the database: an import writing elsewhere may hold it for
 * seconds.
 */
void
accord_store_set_sync_state_async (AccordStore         *self,
                                   const char * const  *keys,
                                   const char * const  *values,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  Write *write;

  g_return_if_fail (ACCORD_IS_STORE (self));
  g_return_if_fail (keys != NULL && values != NULL);

  write = g_new0 (Write, 1);
  write->run = run_set_sync_state;
  state_copy_init (&write->state, keys, values);
  queue_write (self, write, accord_store_set_sync_state_async, NULL, callback, user_data);
}

gboolean
accord_store_set_sync_state_finish (AccordStore   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return finish_write (self, result, accord_store_set_sync_state_async, error);
}

/* For tests: the writer's PRAGMA synchronous, or -1 before its first
 * write. Call with no write under way. */
int
accord_store_get_writer_synchronous (AccordStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (ACCORD_IS_STORE (self), -1);
  g_return_val_if_fail (g_queue_is_empty (&self->writes), -1);

  if (self->writer == NULL || (stmt = prepare (self->writer, "PRAGMA synchronous", NULL)) == NULL ||
      sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int (stmt, 0);
}

/**
 * accord_store_wait_for_writes:
 *
 * Runs the main context until every write queued by the _async()
 * functions has ended: the application calls it as it quits, so that
 * nothing the user asked for is lost.
 */
void
accord_store_wait_for_writes (AccordStore *self)
{
  g_return_if_fail (ACCORD_IS_STORE (self));

  while (!g_queue_is_empty (&self->writes))
    g_main_context_iteration (NULL, TRUE);
}

/* ---------------------------------------------------------------------- */

static void
accord_store_finalize (GObject *object)
{
  AccordStore *self = ACCORD_STORE (object);

  g_clear_pointer (&self->load_article, sqlite3_finalize);
  if (self->tokenizer != NULL)
    self->tokenizer_module.xDelete (self->tokenizer);
  g_assert (g_queue_is_empty (&self->writes));
  g_clear_pointer (&self->writer, sqlite3_close);
  g_clear_pointer (&self->removed, g_hash_table_unref);
  g_clear_pointer (&self->reader, sqlite3_close);
  g_mutex_clear (&self->reader_lock);
  g_clear_pointer (&self->db, sqlite3_close);
  g_free (self->path);

  G_OBJECT_CLASS (accord_store_parent_class)->finalize (object);
}

static void
accord_store_class_init (AccordStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = accord_store_finalize;

  /**
   * AccordStore::snapshot-changed:
   *
   * An import replaced the snapshot: lists read before are out of date.
   */
  signals[SNAPSHOT_CHANGED] =
    g_signal_new ("snapshot-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * AccordStore::bookmarks-changed:
   * @article_id: (nullable): the article, or %NULL when many changed
   */
  signals[BOOKMARKS_CHANGED] =
    g_signal_new ("bookmarks-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
accord_store_init (AccordStore *self)
{
  self->writer_busy_ms = BUSY_TIMEOUT_MS;
  self->removed = accord_string_table_new (g_free, removed_bookmark_free);
  g_mutex_init (&self->reader_lock);
}

#define G_LOG_DOMAIN "accord-commands"

#include "config.h"

#include <errno.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "accord-commands.h"
#include "accord-store.h"
#include "accord-utils.h"

/* Whether GIO's @message names the file already, as given or as it
 * shows (@shown) a name that is not UTF-8. */
static gboolean
names_file (const char *message,
            GFile      *gfile,
            const char *file,
            const char *shown)
{
  const char *path = g_file_peek_path (gfile);
  g_autofree char *shown_path = path != NULL ? g_filename_display_name (path) : NULL;

  return strstr (message, file) != NULL || strstr (message, shown) != NULL ||
         (path != NULL && (strstr (message, path) != NULL || strstr (message, shown_path) != NULL));
}

/* @error, from @file given on the command line, naming it: GIO names a
 * file in some of its messages only, and an address it has no means to
 * reach, such as an http one where GVfs is missing, in none. */
static void
set_file_error (GError     **error,
                GFile       *gfile,
                const char  *file,
                GError      *local_error)
{
  g_autofree char *shown = g_filename_display_name (file);

  if (!g_file_is_native (gfile) && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                 /* Translators: %s is a file or an address given on the command line */
                 _("%s: only a file on this computer, or - for the standard input or output, can be used here"),
                 file);
  /* "Error writing to file: No space left on device" names none. */
  else if (!names_file (local_error->message, gfile, file, shown))
    g_set_error (error, local_error->domain, local_error->code, "%s: %s", shown, local_error->message);
  else
    g_propagate_error (error, g_error_copy (local_error));
}

/* What the store did of its own accord (a damaged data file rebuilt,
 * bookmarks read apart from the rest) as the commands say their own
 * warnings, not as GLib's log lines. */
static GLogWriterOutput
write_log_as_warnings (GLogLevelFlags   log_level,
                       const GLogField *fields,
                       gsize            n_fields,
                       gpointer         user_data)
{
  g_autofree char *domain = NULL;
  g_autofree char *message = NULL;

  if ((log_level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE)) == 0)
    return g_log_writer_default (log_level, fields, n_fields, user_data);
  for (gsize i = 0; i < n_fields; i++)
    {
      char **value = g_str_equal (fields[i].key, "GLIB_DOMAIN") ? &domain
                     : g_str_equal (fields[i].key, "MESSAGE") ? &message : NULL;

      if (value != NULL)
        *value = fields[i].length < 0 ? g_strdup (fields[i].value) : g_strndup (fields[i].value, fields[i].length);
    }
  if (domain == NULL || !g_str_has_prefix (domain, "accord") || message == NULL)
    return g_log_writer_default (log_level, fields, n_fields, user_data);
  /* A feed's own warnings are logged as such already. */
  g_printerr ("%s%s\n", g_str_has_prefix (message, "warning: ") ? "" : "warning: ", message);
  return G_LOG_WRITER_HANDLED;
}

/**
 * accord_command_log_as_warnings:
 *
 * From here on, Accord's own log warnings and messages are printed as
 * the commands print theirs, `warning: MESSAGE` on standard error. Once
 * per process, before logging anything.
 */
void
accord_command_log_as_warnings (void)
{
  /* Debugging output, when asked for, stays out of a document written
   * to standard output. */
  g_log_writer_default_set_use_stderr (TRUE);
  g_log_set_writer_func (write_log_as_warnings, NULL, NULL);
}

/* "Error reading from file descriptor: Is a directory" says not which. */
static void
set_read_error (GError     **error,
                const char  *file,
                GError      *local_error)
{
  g_autoptr(GFile) gfile = NULL;

  if (g_strcmp0 (file, "-") != 0)
    {
      gfile = g_file_new_for_commandline_arg (file);
      set_file_error (error, gfile, file, local_error);
      return;
    }
  /* Translators: %s is why standard input could not be read */
  g_set_error (error, local_error->domain, local_error->code, _("standard input: %s"), local_error->message);
}

/**
 * read_input:
 * @file: a path, or "-" for standard input
 * @limit: the size past which reading stops
 *
 * Returns: (transfer full): the contents, or, past @limit, their start:
 *   more than @limit bytes, for the reader to refuse in its own words
 */
static GBytes *
read_input (const char  *file,
            gsize        limit,
            GError     **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  GBytes *bytes;

  g_return_val_if_fail (file != NULL, NULL);

  if (g_strcmp0 (file, "-") == 0)
    stream = g_unix_input_stream_new (STDIN_FILENO, FALSE);
  else
    {
      g_autoptr(GFile) gfile = g_file_new_for_commandline_arg (file);

      if ((stream = G_INPUT_STREAM (g_file_read (gfile, NULL, &local_error))) == NULL)
        {
          set_file_error (error, gfile, file, local_error);
          return NULL;
        }
    }

  if ((bytes = accord_read_stream_capped (stream, limit, NULL, &local_error)) == NULL)
    set_read_error (error, file, local_error);
  return bytes;
}

static AccordFeed *
load_feed (const char *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  AccordFeed *feed;
  GPtrArray *warnings;

  /* Past the limit, the parser still tells a newer format's feed so. */
  if ((bytes = read_input (file, ACCORD_FEED_MAX_BYTES_READ, &error)) == NULL ||
      (feed = accord_feed_parse (bytes, NULL, &error)) == NULL)
    {
      g_printerr ("error: %s\n", error->message);
      return NULL;
    }

  warnings = accord_feed_get_warnings (feed);
  for (guint i = 0; i < warnings->len; i++)
    g_printerr ("warning: %s\n", (const char *) g_ptr_array_index (warnings, i));

  return feed;
}

/* Valid, and --import stores it, but a refresh refuses a feed whose every
 * entity or every article was skipped (see accord-sync.c): the publisher
 * checking one hears of it before users do. */
static void
warn_if_refresh_refuses (AccordFeed *feed)
{
  const char *list = accord_feed_get_emptied_list (feed);

  if (list != NULL)
    g_printerr ("warning: %s: %s\n", list,
                /* Translators: accord --check and --import, after a warning for each of
                 * the feed's entities (or articles), every one of them skipped */
                _("none could be read, so a refresh would refuse this feed and keep the data already stored"));
}

int
accord_command_check (const char *file)
{
  g_autoptr(AccordFeed) feed = NULL;
  g_autofree char *verdict = NULL;

  g_return_val_if_fail (file != NULL, 1);

  if ((feed = load_feed (file)) == NULL)
    return 1;
  warn_if_refresh_refuses (feed);

  verdict = g_strdup_printf ("valid: %u entities, %u articles, %u categories, %u skipped\n",
                             accord_feed_get_n_entities (feed), accord_feed_get_n_articles (feed),
                             accord_feed_get_n_categories (feed), accord_feed_get_n_skipped (feed));
  /* The verdict is the output: unwritten, it is no verdict. */
  if (fputs (verdict, stdout) == EOF || fflush (stdout) != 0)
    {
      int errsv = errno;
      /* Translators: %s is the system's reason, such as "Bad file descriptor" */
      g_autofree char *problem = g_strdup_printf (_("could not write to standard output: %s"), g_strerror (errsv));

      g_printerr ("error: %s\n", problem);
      return 1;
    }
  return 0;
}

static AccordStore *
open_store (const char *store_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *default_path = accord_store_default_path ();
  AccordStore *store = accord_store_new (store_path ? store_path : default_path, &error);

  if (store == NULL)
    g_printerr ("error: %s\n", error->message);
  return store;
}

/* As open_store(), or for reading only where nothing can be written:
 * the bookmarks of a disk mounted read-only can still be saved. */
static AccordStore *
open_store_to_read (const char *store_path)
{
  g_autofree char *path = store_path ? g_strdup (store_path) : accord_store_default_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) read_error = NULL;
  AccordStore *store;

  if ((store = accord_store_new (path, &error)) != NULL)
    return store;
  if (g_error_matches (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_NEWER_SCHEMA) ||
      !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_printerr ("error: %s\n", error->message);
      return NULL;
    }

  if ((store = accord_store_new_read_only (path, &read_error)) != NULL)
    return store;
  /* Why it cannot be opened as it should: the reading only is a rescue. */
  g_printerr ("error: %s\n", error->message);
  return NULL;
}

int
accord_command_import (const char *file,
                       const char *store_path)
{
  g_autoptr(AccordFeed) feed = NULL;
  g_autoptr(AccordStore) store = NULL;
  g_autoptr(GError) error = NULL;
  AccordImportStats stats;

  g_return_val_if_fail (file != NULL, 1);

  if ((feed = load_feed (file)) == NULL || (store = open_store (store_path)) == NULL)
    return 1;
  /* Stored, as asked, with the warnings --check gives. */
  warn_if_refresh_refuses (feed);

  if (!accord_store_import_feed (store, feed, ACCORD_SNAPSHOT_FILE, NULL, &stats, &error))
    {
      g_printerr ("error: %s\n", error->message);
      return 1;
    }

  g_print ("imported: %u entities, %u articles, %u categories, %u skipped\n",
           stats.n_entities, stats.n_articles, stats.n_categories, stats.n_skipped);
  return 0;
}

/* @file as given on the command line: a path, or a URI. */
static gboolean
check_destination (AccordStore  *store,
                   const char   *file,
                   GError      **error)
{
  g_autoptr(GFile) gfile = g_file_new_for_commandline_arg (file);
  g_autofree char *path = g_file_get_path (gfile);

  return path == NULL || accord_store_check_export_destination (store, path, error);
}

static gboolean
write_output (const char  *file,
              const char  *contents,
              GError     **error)
{
  if (g_strcmp0 (file, "-") == 0)
    {
      g_autoptr(GOutputStream) out = g_unix_output_stream_new (STDOUT_FILENO, FALSE);

      return g_output_stream_write_all (out, contents, strlen (contents), NULL, NULL, error);
    }
  else
    {
      g_autoptr(GFile) gfile = g_file_new_for_commandline_arg (file);
      g_autoptr(GBytes) bytes = g_bytes_new_static (contents, strlen (contents));
      g_autoptr(GError) local_error = NULL;

      if (accord_replace_file_contents (gfile, bytes, NULL, &local_error))
        return TRUE;
      set_file_error (error, gfile, file, local_error);
      return FALSE;
    }
}

/* An ordinary file with something in it, not standard output nor one
 * the shell has just emptied to send the output there. */
static gboolean
holds_something (const char *file)
{
  g_autoptr(GFile) gfile = NULL;
  g_autoptr(GFileInfo) info = NULL;

  if (g_strcmp0 (file, "-") == 0)
    return FALSE;
  gfile = g_file_new_for_commandline_arg (file);
  info = g_file_query_info (gfile, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  return info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR && g_file_info_get_size (info) > 0;
}

/* Whether @file is where standard output goes: "-", /dev/stdout, or
 * the file the shell sent it to. */
static gboolean
is_standard_output (const char *file)
{
  GStatBuf out, target;

  return g_strcmp0 (file, "-") == 0 ||
         (fstat (STDOUT_FILENO, &out) == 0 && g_stat (file, &target) == 0 &&
          out.st_dev == target.st_dev && out.st_ino == target.st_ino);
}

static void
print_exported (const char *file,
                guint       n_exported)
{
  /* There, standard output carries the document itself. */
  if (is_standard_output (file))
    g_printerr ("exported: %u bookmarks\n", n_exported);
  else
    g_print ("exported: %u bookmarks\n", n_exported);
}

int
accord_command_export_bookmarks (const char *file,
                                 const char *store_path)
{
  g_autoptr(AccordStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  guint n_exported;
  gboolean partial = FALSE;

  g_return_val_if_fail (file != NULL, 1);

  if ((store = open_store_to_read (store_path)) == NULL)
    return 1;

  json = accord_store_export_bookmarks (store, &n_exported, &error);
  /* The bookmarks' table is damaged: what can still be read of it. */
  if (json == NULL && g_error_matches (error, ACCORD_STORE_ERROR, ACCORD_STORE_ERROR_CORRUPT))
    {
      g_clear_error (&error);
      json = accord_store_export_readable_bookmarks (store, &n_exported, &error);
      partial = json != NULL;
    }
  if (json == NULL)
    {
      g_printerr ("error: %s\n", error->message);
      return 1;
    }

  /* A backup run after the data was lost or moved aside, or one of only
   * the bookmarks that could be read, would replace the very file that
   * could bring the others back. */
  if ((n_exported == 0 || partial) && holds_something (file))
    {
      g_autofree char *problem = NULL;

      if (partial)
        /* Translators: %s is the file given on the command line */
        problem = g_strdup_printf (_("Accord’s data file is damaged where the bookmarks are kept, "
                                     "and some may not be read: export them to a new file, as %s "
                                     "holds what may be the last copy of the others"),
                                   file);
      else
        problem = g_strdup_printf (_("there are no bookmarks to export; %s was left as it was"), file);
      g_printerr ("error: %s\n", problem);
      return 1;
    }

  if ((g_strcmp0 (file, "-") != 0 && !check_destination (store, file, &error)) || !write_output (file, json, &error))
    {
      g_printerr ("error: %s\n", error->message);
      return 1;
    }

  if (partial)
    g_printerr ("warning: %s\n",
                _("Accord’s data file is damaged where the bookmarks are kept: only those that could be read "
                  "were exported, and some may be missing"));
  print_exported (file, n_exported);
  return 0;
}

int
accord_command_import_bookmarks (const char *file,
                                 const char *store_path)
{
  g_autoptr(AccordStore) store = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  AccordBookmarkImportStats stats;

  g_return_val_if_fail (file != NULL, 1);

  if ((bytes = read_input (file, ACCORD_BOOKMARKS_MAX_BYTES, &error)) == NULL ||
      !accord_store_check_bookmarks_size (g_bytes_get_size (bytes), &error) ||
      (store = open_store (store_path)) == NULL ||
      !accord_store_import_bookmarks (store, bytes, &stats, &error))
    {
      if (error != NULL)
        g_printerr ("error: %s\n", error->message);
      return 1;
    }

  g_print ("imported: %u bookmarks added, %u already there, %u skipped\n",
           stats.n_added, stats.n_existing, stats.n_skipped);
  /* A restore that restored nothing is no success, for a script. */
  if (stats.n_skipped > 0 && stats.n_added == 0 && stats.n_existing == 0)
    {
      g_printerr ("error: ");
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "the %u entry in the file is not a bookmark Accord can read",
                               "none of the %u entries in the file is a bookmark Accord can read", stats.n_skipped),
                  stats.n_skipped);
      g_printerr ("\n");
      return 1;
    }
  return 0;
}

/**
 * accord_describe_sync:
 * @result: (nullable): what a successful sync did
 * @error: (nullable): why it failed
 *
 * Returns: (transfer full): the line `accord --refresh` prints:
 *   "updated: …", "not modified" or "error: …"
 */
char *
accord_describe_sync (const AccordSyncResult *result,
                      const GError           *error)
{
  /* A cancel comes from elsewhere: from Accord's window, or as it quits. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_strdup_printf ("error: %s", _("the refresh was stopped before it ended"));
  if (error != NULL)
    return g_strdup_printf ("error: %s", error->message);

  g_return_val_if_fail (result != NULL, NULL);

  if (result->not_modified)
    return g_strdup ("not modified");
  /* As --check and --import count, with the new articles. */
  return g_strdup_printf ("updated: %u entities, %u articles (%u new), %u categories, %u skipped",
                          result->stats.n_entities, result->stats.n_articles,
                          result->stats.n_new_articles, result->stats.n_categories, result->stats.n_skipped);
}

typedef struct
{
  GMainLoop        *loop;
  gboolean          ok;
  AccordSyncResult  result;
  GError           *error;
} RefreshRun;

static void
on_refreshed (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  RefreshRun *run = user_data;

  run->ok = accord_sync_run_finish (ACCORD_SYNC (object), result, &run->result, &run->error);
  g_main_loop_quit (run->loop);
}

/**
 * accord_command_refresh:
 * @endpoint: the feed's address
 * @store_path: (nullable): the database, or %NULL for the user's
 *
 * Runs one sync in this process, for `accord --refresh` when no Accord
 * is running.
 */
int
accord_command_refresh (const char *endpoint,
                        const char *store_path)
{
  g_autoptr(AccordStore) store = NULL;
  g_autoptr(AccordSync) sync = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *line = NULL;
  RefreshRun run = { 0 };

  g_return_val_if_fail (endpoint != NULL, 1);

  if ((store = open_store (store_path)) == NULL)
    return 1;

  sync = accord_sync_new (store);
  accord_sync_set_endpoint (sync, endpoint);
  /* Offline, told so at once, as in the window. */
  accord_sync_set_network_monitor (sync, g_network_monitor_get_default ());
  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  accord_sync_run_async (sync, NULL, on_refreshed, &run);
  g_main_loop_run (loop);

  /* The state written in the background is stored before the process
   * ends. */
  accord_store_wait_for_writes (store);
  line = accord_describe_sync (&run.result, run.error);
  if (run.ok)
    g_print ("%s\n", line);
  else
    g_printerr ("%s\n", line);
  g_clear_error (&run.error);
  return run.ok ? 0 : 1;
}

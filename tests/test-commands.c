#define G_LOG_DOMAIN "accord-test-commands"
#define _GNU_SOURCE  /* setresuid() */

#include "config.h"

#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "accord-feed.h"
#include "accord-test-data.h"
#include "accord-utils.h"

/* Runs the real `accord` binary as a user would, without a display. */

static char *accord_path;

static void
remove_home (gpointer home)
{
  accord_remove_tree (home);
  g_free (home);
}

/* A temporary data folder, removed when the test ends. */
static char *
make_home (void)
{
  char *home = g_dir_make_tmp ("accord-cli-XXXXXX", NULL);

  g_assert_nonnull (home);
  g_test_queue_destroy (remove_home, g_strdup (home));
  return home;
}

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* `accord ARGS` with its own data folder and no display. */
static GSubprocess *
launch_accord_va (GSubprocessFlags      flags,
                  GSpawnChildSetupFunc  child_setup,
                  const char           *data_home,
                  const char           *first_arg,
                  va_list               args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_ptr_array_add (argv, accord_path);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);

  if (child_setup != NULL)
    g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return process;
}

static GSubprocess *
launch_accord (GSubprocessFlags      flags,
               GSpawnChildSetupFunc  child_setup,
               const char           *data_home,
               const char           *first_arg,
               ...)
{
  GSubprocess *process;
  va_list args;

  va_start (args, first_arg);
  process = launch_accord_va (flags, child_setup, data_home, first_arg, args);
  va_end (args);
  return process;
}

/* What @process said, once it has ended. */
static void
wait_accord (Run         *run,
             GSubprocess *process,
             const char  *stdin_text)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8 (process, stdin_text, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
}

static void
run_accord_va (Run                  *run,
               GSpawnChildSetupFunc  child_setup,
               const char           *data_home,
               const char           *stdin_text,
               const char           *first_arg,
               va_list               args)
{
  g_autoptr(GSubprocess) process = launch_accord_va (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                     G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                                     child_setup, data_home, first_arg, args);

  wait_accord (run, process, stdin_text ? stdin_text : "");
}

static void
run_accord (Run        *run,
            const char *data_home,
            const char *stdin_text,
            const char *first_arg,
            ...)
{
  va_list args;

  va_start (args, first_arg);
  run_accord_va (run, NULL, data_home, stdin_text, first_arg, args);
  va_end (args);
}

/* `accord ARGS`, left to run: wait_accord() reads what it said. */
static GSubprocess *
spawn_accord (const char *data_home,
              const char *first_arg,
              ...)
{
  GSubprocess *process;
  va_list args;

  va_start (args, first_arg);
  process = launch_accord_va (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              NULL, data_home, first_arg, args);
  va_end (args);
  return process;
}

/* Writes past 40 KB fail, as on a full disk; the data file's shared
 * memory (32 KiB) still fits. The signal such a write raises is left as
 * a user's shell leaves it: Accord itself must not die of it. */
static void
limit_file_size (gpointer user_data)
{
  struct rlimit limit = { 40 * 1000, 40 * 1000 };

  signal (SIGXFSZ, SIG_DFL);
  setrlimit (RLIMIT_FSIZE, &limit);
}

static void
run_accord_on_full_disk (Run        *run,
                         const char *data_home,
                         const char *first_arg,
                         ...)
{
  va_list args;

  va_start (args, first_arg);
  run_accord_va (run, limit_file_size, data_home, NULL, first_arg, args);
  va_end (args);
}

static char *
fixture_path (const char *name)
{
  return g_build_filename (TEST_SRCDIR, "..", "data", "feed", name, NULL);
}

static void
test_check_and_import (void)
{
  g_autofree char *home = make_home ();
  g_autofree char *feed = fixture_path ("accord-feed.json");
  g_autofree char *contents = NULL;
  g_auto(Run) check = { 0 };
  g_auto(Run) import = { 0 };
  g_auto(Run) from_stdin = { 0 };

  run_accord (&check, home, NULL, "--check", feed, NULL);
  g_assert_cmpint (check.status, ==, 0);
  g_assert_cmpstr (check.out, ==, "valid: 11 entities, 12 articles, 11 categories, 0 skipped\n");
  g_assert_cmpstr (check.err, ==, "");

  /* --check stores nothing. */
  {
    g_autofree char *db = g_build_filename (home, "accord", "accord.db", NULL);
    g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  }

  run_accord (&import, home, NULL, "--import", feed, NULL);
  g_assert_cmpint (import.status, ==, 0);
  g_assert_cmpstr (import.out, ==, "imported: 11 entities, 12 articles, 11 categories, 0 skipped\n");

  g_assert_true (g_file_get_contents (feed, &contents, NULL, NULL));
  run_accord (&from_stdin, home, contents, "--check", "-", NULL);
  g_assert_cmpint (from_stdin.status, ==, 0);
  g_assert_true (g_str_has_prefix (from_stdin.out, "valid: 11 entities"));
}

/* At the size limit, after a byte order mark: read whole, and valid. */
static void
test_check_largest_with_byte_order_mark (void)
{
  g_autofree char *home = make_home ();
  g_autofree char *file = g_build_filename (home, "largest.json", NULL);
  const char *head = "\xEF\xBB\xBF{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2026-11-20T08:00:00Z\", \"entities\": []}";
  gsize len = ACCORD_FEED_MAX_BYTES + 3;
  g_autofree char *data = g_malloc (len);
  g_autoptr(GError) error = NULL;
  g_auto(Run) check = { 0 };

  memset (data, ' ', len);
  memcpy (data, head, strlen (head));
  g_file_set_contents (file, data, (gssize) len, &error);
  g_assert_no_error (error);

  run_accord (&check, home, NULL, "--check", file, NULL);
  g_assert_cmpstr (check.err, ==, "");
  g_assert_cmpint (check.status, ==, 0);
  g_assert_cmpstr (check.out, ==, "valid: 0 entities, 0 articles, 0 categories, 0 skipped\n");
}

static const char warned_feed[] =
  "{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2026-11-20T08:00:00Z\","
  " \"entities\": [{\"id\": \"x\", \"kind\": \"organisation\", \"name\": {\"en\": \"X\"}},"
  "               {\"id\": \"t\", \"kind\": \"treaty\", \"name\": {\"en\": \"T\"}}],"
  " \"articles\": [{\"id\": \"a\", \"date\": \"11/06\", \"title\": {\"en\": \"A\"}, \"entities\": [\"x\"]}]}";

static void
test_check_reports_paths (void)
{
  g_autofree char *home = make_home ();
  g_auto(Run) run = { 0 };

  run_accord (&run, home, warned_feed, "--check", "-", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "valid: 1 entities, 0 articles, 0 categories, 2 skipped\n");
  g_assert_nonnull (strstr (run.err, "warning: entities[1].kind: unknown kind \"treaty\""));
  g_assert_nonnull (strstr (run.err, "warning: articles[0].date: expected YYYY-MM-DD, got \"11/06\"\n"));
  /* Valid, but a refresh would not take it: the publisher is told. */
  g_assert_true (g_str_has_suffix (run.err, "\nwarning: articles: none could be read, so a refresh would "
                                            "refuse this feed and keep the data already stored\n"));
}

static void
test_check_warns_of_refused_refresh (void)
{
  g_autofree char *home = make_home ();
  g_auto(Run) none = { 0 };
  g_auto(Run) some = { 0 };

  run_accord (&none, home,
              "{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2026-11-20T08:00:00Z\","
              " \"entities\": [{\"id\": \"t\", \"kind\": \"treaty\", \"name\": {\"en\": \"T\"}}]}",
              "--check", "-", NULL);
  g_assert_cmpint (none.status, ==, 0);
  g_assert_cmpstr (none.out, ==, "valid: 0 entities, 0 articles, 0 categories, 1 skipped\n");
  g_assert_true (g_str_has_suffix (none.err, "\"treaty\", entity skipped\nwarning: entities: none could be read, "
                                             "so a refresh would refuse this feed and keep the data already stored\n"));

  /* One entity left, and no articles listed: a refresh takes it. */
  run_accord (&some, home,
              "{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2026-11-20T08:00:00Z\","
              " \"entities\": [{\"id\": \"t\", \"kind\": \"treaty\", \"name\": {\"en\": \"T\"}},"
              "               {\"id\": \"x\", \"kind\": \"organisation\", \"name\": {\"en\": \"X\"}}]}",
              "--check", "-", NULL);
  g_assert_cmpint (some.status, ==, 0);
  g_assert_null (strstr (some.err, "refresh"));

  /* An import stores it, as asked, and warns the same. */
  {
    g_auto(Run) imported = { 0 };

    run_accord (&imported, home,
                "{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2026-11-20T08:00:00Z\","
                " \"entities\": [{\"id\": \"t\", \"kind\": \"treaty\", \"name\": {\"en\": \"T\"}}]}",
                "--import", "-", NULL);
    g_assert_cmpint (imported.status, ==, 0);
    g_assert_cmpstr (imported.out, ==, "imported: 0 entities, 0 articles, 0 categories, 1 skipped\n");
    g_assert_true (g_str_has_suffix (imported.err, "\nwarning: entities: none could be read, so a refresh would "
                                                   "refuse this feed and keep the data already stored\n"));
  }
}

static void
test_refused_import_changes_nothing (void)
{
  g_autofree char *home = make_home ();
  g_autofree char *feed = fixture_path ("accord-feed.json");
  g_auto(Run) first = { 0 };
  g_auto(Run) refused = { 0 };
  g_auto(Run) newer = { 0 };
  g_auto(Run) export = { 0 };

  run_accord (&first, home, NULL, "--import", feed, NULL);
  g_assert_cmpint (first.status, ==, 0);

  run_accord (&refused, home, "{\"format\": \"accord-feed\", \"version\": 1", "--import", "-", NULL);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_cmpstr (refused.err, ==, "error: version: not valid JSON at line 1, column 39: "
                                    "expected “,” or “}”, found the end of the document\n");
  g_assert_cmpstr (refused.out, ==, "");

  run_accord (&newer, home, "{\"format\": \"accord-feed\", \"version\": 2, \"entities\": []}",
              "--import", "-", NULL);
  g_assert_cmpint (newer.status, ==, 1);
  g_assert_nonnull (strstr (newer.err, "error: version: this feed needs a newer Accord"));

  /* The first import is still what is stored. */
  run_accord (&export, home, NULL, "--export-bookmarks", "-", NULL);
  g_assert_cmpint (export.status, ==, 0);
  g_assert_nonnull (strstr (export.out, "\"accord-bookmarks\""));
  g_assert_cmpstr (export.err, ==, "exported: 0 bookmarks\n");
}

static void
test_bookmarks_commands (void)
{
  g_autofree char *home = make_home ();
  g_autofree char *out = g_build_filename (home, "backup.json", NULL);
  g_auto(Run) import = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) export = { 0 };
  g_auto(Run) bad = { 0 };
  g_auto(Run) to_stdout = { 0 };
  g_auto(Run) unsupported = { 0 };
  g_auto(Run) unreadable = { 0 };
  static const char backup[] =
    "{\"format\": \"accord-bookmarks\", \"version\": 1, \"bookmarks\": ["
    " {\"article\": \"2025-08-04-ai-act-gpai-obligations-in-effect\", \"bookmarked\": \"2026-01-01T10:00:00Z\","
    "  \"date\": \"2025-08-04\", \"title\": {\"en\": \"Old title\"}},"
    " {\"article\": \"gone\", \"bookmarked\": \"2026-01-02T10:00:00Z\", \"title\": {\"en\": \"Gone\"}},"
    " {\"no-article\": true},"
    " {\"article\": \"gone\", \"bookmarked\": \"2026-01-03T10:00:00Z\"}]}";

  /* Skipped: the entry without an article, and the second of "gone". */
  run_accord (&import, home, backup, "--import-bookmarks", "-", NULL);
  g_assert_cmpint (import.status, ==, 0);
  g_assert_cmpstr (import.out, ==, "imported: 2 bookmarks added, 0 already there, 2 skipped\n");

  run_accord (&again, home, backup, "--import-bookmarks", "-", NULL);
  g_assert_cmpstr (again.out, ==, "imported: 0 bookmarks added, 2 already there, 2 skipped\n");

  run_accord (&export, home, NULL, "--export-bookmarks", out, NULL);
  g_assert_cmpint (export.status, ==, 0);
  g_assert_cmpstr (export.out, ==, "exported: 2 bookmarks\n");
  g_assert_true (g_file_test (out, G_FILE_TEST_EXISTS));

  /* Entries, none of them a bookmark: no restore, though no error in
   * the file as a whole. */
  run_accord (&unreadable, home, "{\"format\": \"accord-bookmarks\", \"version\": 1,"
                                 " \"bookmarks\": [{}, {\"article\": 5}]}",
              "--import-bookmarks", "-", NULL);
  g_assert_cmpint (unreadable.status, ==, 1);
  g_assert_cmpstr (unreadable.out, ==, "imported: 0 bookmarks added, 0 already there, 2 skipped\n");
  g_assert_cmpstr (unreadable.err, ==, "error: none of the 2 entries in the file is a bookmark Accord can read\n");

  run_accord (&bad, home, "garbage", "--import-bookmarks", "-", NULL);
  g_assert_cmpint (bad.status, ==, 1);
  g_assert_true (g_str_has_prefix (bad.err, "error: Not a bookmarks file"));

  run_accord (&unsupported, home, "{\"format\": \"accord-bookmarks\", \"version\": \"1\", \"bookmarks\": []}",
              "--import-bookmarks", "-", NULL);
  g_assert_cmpint (unsupported.status, ==, 1);
  g_assert_cmpstr (unsupported.err, ==, "error: Not a supported bookmarks file\n");

  /* To standard output: the document, a line of its own. */
  run_accord (&to_stdout, home, NULL, "--export-bookmarks", "-", NULL);
  g_assert_cmpint (to_stdout.status, ==, 0);
  g_assert_true (g_str_has_prefix (to_stdout.out, "{"));
  g_assert_true (g_str_has_suffix (to_stdout.out, "}\n"));
  g_assert_cmpstr (to_stdout.err, ==, "exported: 2 bookmarks\n");
}

/* A bookmarks file of @n bookmarks of articles no feed has. */
static char *
many_bookmarks (guint n)
{
  GString *json = g_string_new ("{\"format\": \"accord-bookmarks\", \"version\": 1, \"bookmarks\": [");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (json, "%s{\"article\": \"a%u\", \"bookmarked\": \"2026-01-01T10:00:00Z\","
                            " \"date\": \"2025-08-04\", \"title\": {\"en\": \"Bookmark number %u\"}}",
                            i ? "," : "", i, i);
  g_string_append (json, "]}");
  return g_string_free_and_steal (json);
}

/* A backup that cannot be written in full leaves the previous one as it
 * was, and nothing beside it. */
static void
test_export_on_full_disk_keeps_backup (void)
{
  g_autofree char *home = make_home ();
  g_autofree char *bookmarks = many_bookmarks (400);
  g_autofree char *folder = g_build_filename (home, "backups", NULL);
  g_autofree char *backup = g_build_filename (folder, "bookmarks.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GDir) dir = NULL;
  g_auto(Run) import = { 0 };
  g_auto(Run) export = { 0 };

  run_accord (&import, home, bookmarks, "--import-bookmarks", "-", NULL);
  g_assert_cmpstr (import.out, ==, "imported: 400 bookmarks added, 0 already there, 0 skipped\n");
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (backup, "OLD BACKUP\n", -1, NULL));

  run_accord_on_full_disk (&export, home, "--export-bookmarks", backup, NULL);
  g_assert_cmpint (export.status, ==, 1);
  g_assert_true (g_str_has_prefix (export.err, "error: "));
  /* Which file could not be written: the message names it. */
  g_assert_nonnull (strstr (export.err, backup));
  g_assert_cmpstr (export.out, ==, "");

  g_assert_true (g_file_get_contents (backup, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "OLD BACKUP\n");
  dir = g_dir_open (folder, 0, NULL);
  g_assert_cmpstr (g_dir_read_name (dir), ==, "bookmarks.json");
  g_assert_null (g_dir_read_name (dir));

  /* The same for a backup with a second name, a hard link. */
  {
    g_autofree char *second = g_build_filename (folder, "second-name.json", NULL);
    g_autofree char *kept = NULL;
    g_auto(Run) linked = { 0 };

    g_assert_cmpint (link (backup, second), ==, 0);
    run_accord_on_full_disk (&linked, home, "--export-bookmarks", backup, NULL);
    g_assert_cmpint (linked.status, ==, 1);
    g_assert_true (g_file_get_contents (second, &kept, NULL, NULL));
    g_assert_cmpstr (kept, ==, "OLD BACKUP\n");
    g_unlink (second);
  }

  /* A new file that cannot be written in full is not left half there. */
  {
    g_autofree char *fresh = g_build_filename (folder, "new.json", NULL);
    g_auto(Run) created = { 0 };

    run_accord_on_full_disk (&created, home, "--export-bookmarks", fresh, NULL);
    g_assert_cmpint (created.status, ==, 1);
    g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
  }
}

static const char one_bookmark[] =
  "{\"format\": \"accord-bookmarks\", \"version\": 1, \"bookmarks\": ["
  " {\"article\": \"a1\", \"bookmarked\": \"2026-01-01T10:00:00Z\", \"title\": {\"en\": \"One\"}}]}";

/* A home whose store holds that one bookmark. */
static char *
make_home_with_bookmark (void)
{
  char *home = make_home ();
  g_auto(Run) import = { 0 };

  run_accord (&import, home, one_bookmark, "--import-bookmarks", "-", NULL);
  g_assert_cmpint (import.status, ==, 0);
  return home;
}

/* A backup reached through a symbolic link: the link stays, and the file
 * it points to gets the bookmarks. */
static void
test_export_through_symbolic_link (void)
{
  g_autofree char *home = make_home_with_bookmark ();
  g_autofree char *real = g_build_filename (home, "real.json", NULL);
  g_autofree char *link = g_build_filename (home, "link.json", NULL);
  g_autofree char *contents = NULL;
  g_auto(Run) export = { 0 };

  g_assert_true (g_file_set_contents (real, "OLD BACKUP\n", -1, NULL));
  g_assert_cmpint (symlink ("real.json", link), ==, 0);

  run_accord (&export, home, NULL, "--export-bookmarks", link, NULL);
  g_assert_cmpint (export.status, ==, 0);
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_get_contents (real, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "{"));
}

/* Accord's own data file, or one SQLite keeps beside it, named by a slip
 * of the keyboard, is not written over: it holds the bookmarks. */
static void
test_export_refuses_data_file (void)
{
  g_autofree char *home = make_home_with_bookmark ();
  g_autofree char *db = g_build_filename (home, "accord", "accord.db", NULL);
  g_autofree char *journal = g_strconcat (db, "-journal", NULL);
  g_autofree char *link = g_build_filename (home, "link.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal-to-be", NULL);
  g_autofree char *dangling = g_build_filename (home, "dangling.json", NULL);
  const char *targets[] = { db, journal, link, dangling };
  g_auto(Run) after = { 0 };

  g_assert_true (g_file_set_contents (journal, "", -1, NULL));
  g_assert_cmpint (symlink (db, link), ==, 0);
  /* A link to a file beside it, not made yet, is no way round. */
  g_assert_cmpint (symlink (wal, dangling), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_auto(Run) refused = { 0 };
      g_autofree char *expected = g_strdup_printf ("error: %s is one of the files Accord keeps its data in: "
                                                   "choose another file for the bookmarks\n", targets[i]);

      run_accord (&refused, home, NULL, "--export-bookmarks", targets[i], NULL);
      g_assert_cmpint (refused.status, ==, 1);
      g_assert_cmpstr (refused.err, ==, expected);
    }
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  run_accord (&after, home, NULL, "--export-bookmarks", "-", NULL);
  g_assert_cmpint (after.status, ==, 0);
  g_assert_cmpstr (after.err, ==, "exported: 1 bookmarks\n");
}

/* Nothing to export never replaces a backup: after the data was lost or
 * moved aside, it is what brings the bookmarks back. */
static void
test_empty_export_keeps_backup (void)
{
  g_autofree char *home = make_home ();
  g_autofree char *backup = g_build_filename (home, "backup.json", NULL);
  g_autofree char *fresh = g_build_filename (home, "fresh.json", NULL);
  g_autofree char *contents = NULL;
  g_auto(Run) refused = { 0 };
  g_auto(Run) created = { 0 };

  g_assert_true (g_file_set_contents (backup, one_bookmark, -1, NULL));
  run_accord (&refused, home, NULL, "--export-bookmarks", backup, NULL);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_true (g_str_has_prefix (refused.err, "error: there are no bookmarks to export"));
  g_assert_true (g_file_get_contents (backup, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, one_bookmark);

  /* Named as a URI, the same. */
  {
    g_autofree char *uri = g_filename_to_uri (backup, NULL, NULL);
    g_auto(Run) as_uri = { 0 };

    run_accord (&as_uri, home, NULL, "--export-bookmarks", uri, NULL);
    g_assert_cmpint (as_uri.status, ==, 1);
    g_clear_pointer (&contents, g_free);
    g_assert_true (g_file_get_contents (backup, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, one_bookmark);
  }

  /* A new file gets the empty list. */
  run_accord (&created, home, NULL, "--export-bookmarks", fresh, NULL);
  g_assert_cmpint (created.status, ==, 0);
  g_assert_cmpstr (created.out, ==, "exported: 0 bookmarks\n");
}

/* A backup its owner made private stays private. */
static void
test_export_keeps_permissions (void)
{
  g_autofree char *home = make_home_with_bookmark ();
  g_autofree char *backup = g_build_filename (home, "backup.json", NULL);
  g_auto(Run) export = { 0 };
  GStatBuf buf;

  g_assert_true (g_file_set_contents (backup, "OLD BACKUP\n", -1, NULL));
  g_assert_cmpint (g_chmod (backup, 0600), ==, 0);

  run_accord (&export, home, NULL, "--export-bookmarks", backup, NULL);
  g_assert_cmpint (export.status, ==, 0);
  g_assert_cmpint (g_stat (backup, &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0777, ==, 0600);
}

/* An ordinary file is replaced wherever it is, /dev/shm too; a name for
 * standard output is written to where the shell pointed it. */
static void
test_export_to_files_under_dev (void)
{
  g_autofree char *home = make_home_with_bookmark ();
  g_autofree char *shm = NULL;
  g_autofree char *name = NULL;
  g_autofree char *contents = NULL;
  g_auto(Run) first = { 0 };
  g_auto(Run) second = { 0 };
  g_auto(Run) to_stdout = { 0 };

  run_accord (&to_stdout, home, NULL, "--export-bookmarks", "/dev/stdout", NULL);
  g_assert_cmpint (to_stdout.status, ==, 0);
  g_assert_true (g_str_has_prefix (to_stdout.out, "{"));
  /* The summary goes where it does not end up in the document. */
  g_assert_null (strstr (to_stdout.out, "exported:"));
  g_assert_nonnull (strstr (to_stdout.err, "exported: 1 bookmarks"));

  if (!g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) || g_access ("/dev/shm", W_OK) != 0)
    {
      g_test_skip ("no /dev/shm to write to");
      return;
    }
  name = g_path_get_basename (home);
  shm = g_strdup_printf ("/dev/shm/%s.json", name);
  run_accord (&first, home, NULL, "--export-bookmarks", shm, NULL);
  run_accord (&second, home, NULL, "--export-bookmarks", shm, NULL);
  g_assert_cmpint (second.status, ==, 0);
  g_assert_true (g_file_get_contents (shm, &contents, NULL, NULL));
  g_remove (shm);
  /* One document, not two one after the other. */
  g_assert_nonnull (strstr (contents, "accord-bookmarks"));
  g_assert_null (strstr (strstr (contents, "accord-bookmarks") + 1, "accord-bookmarks"));
}

static void
assert_holds (const char *path,
              const char *expected)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, expected);
}

static gboolean
replace_with (const char  *path,
              const char  *text,
              GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));

  return accord_replace_file_contents (file, bytes, NULL, error);
}

/* A new file is made, with the permissions any other gets, whether the
 * file system has unnamed files or not (a network or FUSE one may not);
 * through a link to a file not made yet, where the link points. */
static void
test_replace_makes_new_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("accord-replace-XXXXXX", NULL);
  g_autofree char *target = g_build_filename (dir, "target.json", NULL);
  g_autofree char *link = g_build_filename (dir, "link.json", NULL);
  g_autofree char *link_to_link = g_build_filename (dir, "link-to-link.json", NULL);
  g_autofree char *looping = g_build_filename (dir, "looping.json", NULL);
  mode_t saved_umask = umask (027);
  g_autoptr(GDir) listing = NULL;
  guint n_files = 0;

  for (guint unnamed = 0; unnamed < 2; unnamed++)
    {
      g_autofree char *name = g_strdup_printf ("%s/new-%u.json", dir, unnamed);
      GStatBuf buf;

      accord_set_unnamed_files_for_tests (unnamed);
      g_assert_true (replace_with (name, "new", NULL));
      assert_holds (name, "new");
      g_assert_cmpint (g_stat (name, &buf), ==, 0);
      g_assert_cmpint (buf.st_mode & 0777, ==, 0640);
    }
  accord_set_unnamed_files_for_tests (TRUE);
  umask (saved_umask);

  g_assert_cmpint (symlink ("target.json", link), ==, 0);
  g_assert_cmpint (symlink (link, link_to_link), ==, 0);
  g_assert_true (replace_with (link_to_link, "through links", NULL));
  g_assert_true (g_file_test (link_to_link, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  assert_holds (target, "through links");

  /* Links that go round are not followed for ever: replaced, as GLib
   * would, by the file named. */
  g_assert_cmpint (symlink ("looping.json", looping), ==, 0);
  g_assert_true (replace_with (looping, "looped", NULL));
  assert_holds (looping, "looped");

  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 6);
  accord_remove_tree (dir);
}

static void
replace_as_a_user_subprocess (void)
{
  g_autofree char *dir = g_dir_make_tmp ("accord-replace-XXXXXX", NULL);
  g_autofree char *locked = g_build_filename (dir, "locked", NULL);
  g_autofree char *in_locked = g_build_filename (locked, "backup.json", NULL);
  g_autofree char *read_only = g_build_filename (dir, "read-only.json", NULL);
  g_autofree char *private = g_build_filename (dir, "private.json", NULL);
  g_autofree char *long_base = g_strnfill (250, 'x');
  g_autofree char *long_name = g_strdup_printf ("%s/%s.json", dir, long_base);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  GStatBuf buf;
  guint n_files = 0;

  /* Root may write anywhere: the test is nobody's, then. */
  if (getuid () == 0)
    g_assert_true (chown (dir, 65534, 65534) == 0 && setresgid (65534, 65534, 65534) == 0 &&
                   setresuid (65534, 65534, 65534) == 0);

  /* A file the user may write, in a folder they may not add to. */
  g_assert_cmpint (g_mkdir (locked, 0755), ==, 0);
  g_assert_true (g_file_set_contents (in_locked, "old", -1, NULL));
  g_assert_cmpint (g_chmod (locked, 0555), ==, 0);
  g_assert_true (replace_with (in_locked, "new", &error));
  g_assert_no_error (error);
  assert_holds (in_locked, "new");
  g_assert_cmpint (g_chmod (locked, 0755), ==, 0);

  /* A file its owner made read-only is kept. */
  g_assert_true (g_file_set_contents (read_only, "old", -1, NULL));
  g_assert_cmpint (g_chmod (read_only, 0444), ==, 0);
  g_assert_false (replace_with (read_only, "new", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);
  assert_holds (read_only, "old");

  /* A private one stays private. */
  g_assert_true (g_file_set_contents (private, "old", -1, NULL));
  g_assert_cmpint (g_chmod (private, 0600), ==, 0);
  g_assert_true (replace_with (private, "new", NULL));
  g_assert_cmpint (g_stat (private, &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0777, ==, 0600);

  /* The copy beside a file of the longest name a folder takes. */
  g_assert_true (replace_with (long_name, "new", &error));
  g_assert_no_error (error);
  assert_holds (long_name, "new");

  /* Nothing left beside them. */
  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 4);
  accord_remove_tree (dir);
}

/* Saving over a file does what its owner would expect of the folder and
 * the file as they made them. */
static void
test_replace_as_a_user (void)
{
  if (g_test_subprocess ())
    {
      replace_as_a_user_subprocess ();
      return;
    }
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* A file made read-only for everyone is kept from root too, who could
 * write it: its owner made it so to keep it. */
static void
test_replace_read_only_as_anyone (void)
{
  g_autofree char *dir = g_dir_make_tmp ("accord-replace-XXXXXX", NULL);
  g_autofree char *read_only = g_build_filename (dir, "read-only.json", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (read_only, "old", -1, NULL));
  g_assert_cmpint (g_chmod (read_only, 0444), ==, 0);
  g_assert_false (replace_with (read_only, "new", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  assert_holds (read_only, "old");
  accord_remove_tree (dir);
}

static void
close_stdin (gpointer user_data)
{
  close (STDIN_FILENO);
}

static void
on_communicated (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (G_SUBPROCESS (object));
}

/* Started with standard input closed, "-" reads as empty, rather than a
 * descriptor of GLib's that took its place and never ends. */
static void
test_stdin_closed (void)
{
  g_autofree char *home = make_home ();
  const char *commands[] = { "--check", "--import", "--import-bookmarks" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Run) run = { .status = -1 };
      g_autoptr(GSubprocess) process = launch_accord (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                                      close_stdin, home, commands[i], "-", NULL);
      gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

      g_subprocess_communicate_utf8_async (process, NULL, NULL, on_communicated, &run);
      while (run.status == -1 && g_get_monotonic_time () < deadline)
        g_main_context_iteration (NULL, FALSE);
      if (run.status == -1)
        {
          g_subprocess_force_exit (process);
          g_error ("accord %s - with standard input closed is still reading after 20 s", commands[i]);
        }
      g_assert_cmpint (run.status, ==, 1);
      g_assert_true (g_str_has_suffix (run.err, "empty\n"));
    }
}

static void
close_stdout (gpointer user_data)
{
  close (STDOUT_FILENO);
}

static void
stdin_from_folder (gpointer user_data)
{
  int fd = open ("/", O_RDONLY | O_DIRECTORY);

  dup2 (fd, STDIN_FILENO);
  close (fd);
}

static void
run_accord_set_up (Run                  *run,
                   GSpawnChildSetupFunc  child_setup,
                   const char           *data_home,
                   const char           *first_arg,
                   ...)
{
  va_list args;

  va_start (args, first_arg);
  run_accord_va (run, child_setup, data_home, NULL, first_arg, args);
  va_end (args);
}

/* What could not be read or written is named, once: standard input and
 * output too, and a file whose name is not UTF-8 as it can be shown. A
 * verdict that could not be written is no success. */
static void
test_failures_named (void)
{
  g_autofree char *home = make_home ();
  g_autofree char *feed = fixture_path ("accord-feed.json");
  g_autofree char *latin1 = g_build_filename (home, "r\xe9sum\xe9.json", NULL);
  g_autofree char *shown = g_filename_display_name (latin1);
  g_autofree char *expected = g_strdup_printf ("error: Error opening file %s: No such file or directory\n", shown);
  g_auto(Run) no_stdout = { 0 };
  g_auto(Run) folder_in = { 0 };
  g_auto(Run) not_utf8 = { 0 };

  run_accord_set_up (&no_stdout, close_stdout, home, "--check", feed, NULL);
  g_assert_cmpint (no_stdout.status, ==, 1);
  g_assert_cmpstr (no_stdout.err, ==, "error: could not write to standard output: Bad file descriptor\n");

  run_accord_set_up (&folder_in, stdin_from_folder, home, "--check", "-", NULL);
  g_assert_cmpint (folder_in.status, ==, 1);
  g_assert_true (g_str_has_prefix (folder_in.err, "error: standard input: "));

  run_accord (&not_utf8, home, NULL, "--check", latin1, NULL);
  g_assert_cmpint (not_utf8.status, ==, 1);
  g_assert_cmpstr (not_utf8.err, ==, expected);
}

/* An address GIO has no means to reach is named, with what can be used,
 * rather than GIO's bare "Operation not supported". */
static void
test_unreachable_address (void)
{
  g_autofree char *home = make_home ();
  const char *commands[] = { "--check", "--import", "--import-bookmarks", "--export-bookmarks" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Run) run = { 0 };

      run_accord (&run, home, NULL, commands[i], "nosuch://example.org/feed.json", NULL);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_cmpstr (run.err, ==, "error: nosuch://example.org/feed.json: only a file on this computer, "
                                    "or - for the standard input or output, can be used here\n");
    }
}

/* A file larger than its kind can be is refused while it is read, with a
 * message for that kind: a JSON path for a feed, none for bookmarks. */
static void
test_files_too_large (void)
{
  g_autofree char *home = make_home ();
  g_autofree char *large = g_build_filename (home, "large.json", NULL);
  g_auto(Run) check = { 0 };
  g_auto(Run) import = { 0 };

  g_assert_true (g_file_set_contents (large, "", 0, NULL));
  g_assert_cmpint (truncate (large, 64 * 1024 * 1024 + 4), ==, 0);

  run_accord (&check, home, NULL, "--check", large, NULL);
  g_assert_cmpint (check.status, ==, 1);
  g_assert_cmpstr (check.err, ==, "error: $: the document is larger than 64 MiB\n");

  run_accord (&import, home, NULL, "--import-bookmarks", large, NULL);
  g_assert_cmpint (import.status, ==, 1);
  g_assert_cmpstr (import.err, ==, "error: Not a bookmarks file: it is larger than 64 MiB\n");
  g_remove (large);
}

/* Reading stops past the limit, but what was read is enough to see the
 * feed of a newer format, which may well allow more. */
static void
test_newer_feed_too_large (void)
{
  static const char start[] = "{\"format\": \"accord-feed\", \"version\": 2, \"entities\": [";
  g_autofree char *home = make_home ();
  g_autofree char *large = g_build_filename (home, "large.json", NULL);
  g_auto(Run) check = { 0 };

  g_assert_true (g_file_set_contents (large, start, -1, NULL));
  g_assert_cmpint (truncate (large, 64 * 1024 * 1024 + 4), ==, 0);

  run_accord (&check, home, NULL, "--check", large, NULL);
  g_assert_cmpint (check.status, ==, 1);
  g_assert_cmpstr (check.err, ==, "error: version: this feed needs a newer Accord (format version 2)\n");
  g_remove (large);
}

/* Whatever an export writes, an import reads back: 25,000 bookmarks make
 * a file of about 8 MB here, and more with long titles. */
static void
test_large_bookmarks_round_trip (void)
{
  g_autofree char *home = make_home ();
  g_autofree char *other_home = make_home ();
  g_autofree char *backup = g_build_filename (home, "backup.json", NULL);
  g_autofree char *bookmarks = NULL;
  GString *titles = g_string_new ("{\"format\": \"accord-bookmarks\", \"version\": 1, \"bookmarks\": [");
  g_auto(Run) import = { 0 };
  g_auto(Run) export = { 0 };
  g_auto(Run) back = { 0 };
  g_autofree char *long_title = g_strnfill (700, 'x');

  for (guint i = 0; i < 25000; i++)
    g_string_append_printf (titles, "%s{\"article\": \"a%u\", \"bookmarked\": \"2026-01-01T10:00:00Z\","
                            " \"title\": {\"en\": \"%s\"}}", i ? "," : "", i, long_title);
  g_string_append (titles, "]}");
  bookmarks = g_string_free_and_steal (titles);

  run_accord (&import, home, bookmarks, "--import-bookmarks", "-", NULL);
  g_assert_cmpstr (import.out, ==, "imported: 25000 bookmarks added, 0 already there, 0 skipped\n");
  run_accord (&export, home, NULL, "--export-bookmarks", backup, NULL);
  g_assert_cmpstr (export.out, ==, "exported: 25000 bookmarks\n");

  run_accord (&back, other_home, NULL, "--import-bookmarks", backup, NULL);
  g_assert_cmpstr (back.err, ==, "");
  g_assert_cmpstr (back.out, ==, "imported: 25000 bookmarks added, 0 already there, 0 skipped\n");
}

/* An option that means nothing alone says so, rather than opening the
 * window. */
static void
test_endpoint_without_refresh (void)
{
  g_autofree char *home = make_home ();
  g_auto(Run) run = { 0 };

  g_autofree char *feed = fixture_path ("accord-feed.json");
  g_auto(Run) with_check = { 0 };
  g_auto(Run) twice = { 0 };

  run_accord (&run, home, NULL, "--endpoint", "https://example.org/feed.json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.err, ==, "error: --endpoint goes with --refresh\n");

  /* Nor is it left out of another command unsaid. */
  run_accord (&with_check, home, NULL, "--check", feed, "--endpoint", "https://example.org/feed.json", NULL);
  g_assert_cmpint (with_check.status, ==, 1);
  g_assert_cmpstr (with_check.out, ==, "");
  g_assert_cmpstr (with_check.err, ==, "error: --endpoint goes with --refresh\n");

  /* Given twice, GOption would keep the last one only. */
  run_accord (&twice, home, NULL, "--refresh", "--endpoint", "http://127.0.0.1:9/a.json",
              "--endpoint", "http://127.0.0.1:9/b.json", NULL);
  g_assert_cmpint (twice.status, ==, 1);
  g_assert_cmpstr (twice.err, ==, "error: --endpoint takes one URL\n");
}

/* Two commands, or a second file, are refused: neither is quietly left
 * undone, and nothing is stored. */
static void
test_one_command_at_a_time (void)
{
  g_autofree char *home = make_home ();
  g_autofree char *feed = fixture_path ("accord-feed.json");
  g_autofree char *data_file = g_build_filename (home, "accord", "accord.db", NULL);
  g_auto(Run) two = { 0 };
  g_auto(Run) extra = { 0 };

  run_accord (&two, home, NULL, "--check", feed, "--import", feed, NULL);
  g_assert_cmpint (two.status, ==, 1);
  g_assert_cmpstr (two.err, ==, "error: --check and --import cannot be used together\n");
  g_assert_cmpstr (two.out, ==, "");
  g_assert_false (g_file_test (data_file, G_FILE_TEST_EXISTS));

  run_accord (&extra, home, NULL, "--import", feed, "other.json", NULL);
  g_assert_cmpint (extra.status, ==, 1);
  g_assert_cmpstr (extra.err, ==, "error: unexpected argument \"other.json\"\n");
  g_assert_false (g_file_test (data_file, G_FILE_TEST_EXISTS));

  /* The same command twice: which file would it be? */
  {
    g_auto(Run) twice = { 0 };

    run_accord (&twice, home, NULL, "--import", feed, "--import", feed, NULL);
    g_assert_cmpint (twice.status, ==, 1);
    g_assert_cmpstr (twice.err, ==, "error: --import takes one FILE\n");
    g_assert_false (g_file_test (data_file, G_FILE_TEST_EXISTS));
  }

  /* An empty name, as a shell gives for an unset variable, is not the
   * folder Accord was started in. */
  {
    g_auto(Run) empty = { 0 };
    g_auto(Run) empty_export = { 0 };

    run_accord (&empty, home, NULL, "--check=", NULL);
    g_assert_cmpint (empty.status, ==, 1);
    g_assert_cmpstr (empty.err, ==, "error: --check takes a FILE, not an empty name\n");
    run_accord (&empty_export, home, NULL, "--export-bookmarks", "", NULL);
    g_assert_cmpint (empty_export.status, ==, 1);
    g_assert_cmpstr (empty_export.err, ==, "error: --export-bookmarks takes a FILE, not an empty name\n");
    g_assert_false (g_file_test (data_file, G_FILE_TEST_EXISTS));
  }
}

/* A backup is never replaced by what a damaged data file lets through. */
static void
test_export_from_damaged_store (void)
{
  g_autofree char *home = make_home ();
  g_autofree char *out = g_build_filename (home, "backup.json", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(Run) import = { 0 };
  g_auto(Run) export = { 0 };
  g_auto(Run) again = { 0 };
  static const char backup[] =
    "{\"format\": \"accord-bookmarks\", \"version\": 1, \"bookmarks\": ["
    " {\"article\": \"one\", \"bookmarked\": \"2026-01-01T10:00:00Z\", \"title\": {\"en\": \"One\"}},"
    " {\"article\": \"two\", \"bookmarked\": \"2026-01-02T10:00:00Z\", \"title\": {\"en\": \"Two\"}}]}";

  run_accord (&import, home, backup, "--import-bookmarks", "-", NULL);
  g_assert_cmpint (import.status, ==, 0);
  run_accord (&export, home, NULL, "--export-bookmarks", out, NULL);
  g_assert_cmpstr (export.out, ==, "exported: 2 bookmarks\n");
  g_assert_true (g_file_get_contents (out, &before, NULL, NULL));

  {
    g_autofree char *path = g_build_filename (home, "accord", "accord.db", NULL);

    accord_test_damage_table (path, "bookmark");
  }
  run_accord (&again, home, NULL, "--export-bookmarks", out, NULL);
  g_assert_cmpint (again.status, ==, 1);
  g_assert_cmpstr (again.out, ==, "");
  g_assert_true (g_str_has_prefix (again.err, "error: "));
  g_assert_nonnull (strstr (again.err, "damaged"));
  g_assert_true (g_file_get_contents (out, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, before);
}

/* An import over a data file damaged where the articles are: the file
 * is rebuilt, and the command says so as it says its other warnings,
 * naming the damaged copy kept, not in GLib's log format. */
static void
test_import_over_damaged_articles (void)
{
  g_autofree char *home = make_home ();
  g_autofree char *feed = fixture_path ("accord-feed.json");
  g_autofree char *path = g_build_filename (home, "accord", "accord.db", NULL);
  g_auto(Run) first = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(GStrv) lines = NULL;

  run_accord (&first, home, NULL, "--import", feed, NULL);
  g_assert_cmpint (first.status, ==, 0);
  accord_test_damage_table (path, "article");

  run_accord (&again, home, NULL, "--import", feed, NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_true (g_str_has_prefix (again.out, "imported: "));
  lines = g_strsplit (again.err, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_true (g_str_has_prefix (lines[0], "warning: "));
  g_assert_nonnull (strstr (lines[0], "rebuilt"));
  g_assert_nonnull (strstr (lines[0], "accord.db.damaged"));
  g_assert_cmpstr (lines[1], ==, "");
}

static void
test_help_lists_commands (void)
{
  g_autofree char *home = make_home ();
  g_auto(Run) run = { 0 };

  run_accord (&run, home, NULL, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  for (guint i = 0; i < 4; i++)
    {
      const char *option[] = { "--check=FILE", "--import=FILE", "--export-bookmarks=FILE", "--import-bookmarks=FILE" };
      g_assert_nonnull (strstr (run.out, option[i]));
    }
}

/* A feed server in a thread of its own: the test's thread is blocked
 * while it waits for the accord process. */
typedef struct
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  GMutex        lock;
  GCond         ready;
  char         *base;
  char         *feed;
  int           slow_requests;   /* atomic */
} FeedServer;

static gboolean
unpause_message (gpointer message)
{
  soup_server_message_unpause (message);
  return G_SOURCE_REMOVE;
}

static void
serve (SoupServer        *server,
       SoupServerMessage *message,
       const char        *path,
       GHashTable        *query,
       gpointer           user_data)
{
  FeedServer *self = user_data;
  /* One entity, and one article whose category the feed does not list. */
  static const char warned[] =
    "{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2026-11-20T08:00:00Z\","
    " \"entities\": [{\"id\": \"gpai\", \"kind\": \"organisation\", \"name\": {\"en\": \"GPAI\"}}],"
    " \"articles\": [{\"id\": \"a1\", \"date\": \"2026-06-05\", \"title\": {\"en\": \"A\"},"
    " \"category\": \"nowhere\", \"entities\": [\"gpai\"]}]}";

  if (g_str_equal (path, "/warned.json"))
    {
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC, warned, strlen (warned));
    }
  else if (g_str_equal (path, "/feed.json") || g_str_equal (path, "/slow.json"))
    {
      soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                        self->feed, strlen (self->feed));
    }
  else
    soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);

  /* A server too slow for a test to wait for: the answer comes half a
   * minute later, unless the client has gone. */
  if (g_str_equal (path, "/slow.json"))
    {
      g_autoptr(GSource) later = g_timeout_source_new_seconds (30);

      g_atomic_int_inc (&self->slow_requests);

      soup_server_message_pause (message);
      g_source_set_callback (later, unpause_message, g_object_ref (message), g_object_unref);
      g_source_attach (later, self->context);
    }
}

static gpointer
server_thread (gpointer data)
{
  FeedServer *self = data;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, serve, self, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);

  g_mutex_lock (&self->lock);
  self->base = g_uri_to_string (uris->data);
  g_cond_signal (&self->ready);
  g_mutex_unlock (&self->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (self->loop);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static FeedServer *
feed_server_start (void)
{
  FeedServer *self = g_new0 (FeedServer, 1);
  g_autofree char *path = g_build_filename (TEST_SRCDIR, "..", "data", "feed", "accord-feed.json", NULL);

  g_assert_true (g_file_get_contents (path, &self->feed, NULL, NULL));
  g_mutex_init (&self->lock);
  g_cond_init (&self->ready);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
  g_mutex_lock (&self->lock);
  self->thread = g_thread_new ("feed-server", server_thread, self);
  while (self->base == NULL)
    g_cond_wait (&self->ready, &self->lock);
  g_mutex_unlock (&self->lock);
  return self;
}

static void
feed_server_stop (FeedServer *self)
{
  g_main_loop_quit (self->loop);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_free (self->base);
  g_free (self->feed);
  g_free (self);
}

static void
test_refresh (void)
{
  g_autofree char *home = make_home ();
  FeedServer *server = feed_server_start ();
  g_autofree char *good = g_strconcat (server->base, "feed.json", NULL);
  g_autofree char *missing = g_strconcat (server->base, "missing.json", NULL);
  g_auto(Run) first = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) failed = { 0 };
  g_auto(Run) refused = { 0 };
  g_auto(Run) warned = { 0 };
  g_autofree char *warned_url = g_strconcat (server->base, "warned.json", NULL);

  run_accord (&first, home, NULL, "--refresh", "--endpoint", good, NULL);
  g_assert_cmpstr (first.err, ==, "");
  g_assert_cmpstr (first.out, ==, "updated: 11 entities, 12 articles (0 new), 11 categories, 0 skipped\n");
  g_assert_cmpint (first.status, ==, 0);

  run_accord (&again, home, NULL, "--refresh", "--endpoint", good, NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_true (g_str_has_prefix (again.out, "updated: 11 entities"));

  run_accord (&failed, home, NULL, "--refresh", "--endpoint", missing, NULL);
  g_assert_cmpint (failed.status, ==, 1);
  g_assert_cmpstr (failed.err, ==, "error: the server answered 404: there is no feed at this address\n");

  run_accord (&refused, home, NULL, "--refresh", "--endpoint", "http://example.org/feed.json", NULL);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_true (g_str_has_prefix (refused.err, "error: Use an https address"));

  /* A feed's warnings, as --check prints them. */
  run_accord (&warned, home, NULL, "--refresh", "--endpoint", warned_url, NULL);
  g_assert_cmpint (warned.status, ==, 0);
  g_assert_nonnull (strstr (warned.err, "\nwarning: articles[0].category: "));
  g_assert_null (strstr (warned.err, "warning: warning:"));
  g_assert_null (strstr (warned.err, "-Message"));

  feed_server_stop (server);
}

static gboolean
name_has_owner (GDBusConnection *bus,
                const char      *name)
{
  g_autoptr(GVariant) reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                                           "org.freedesktop.DBus", "NameHasOwner",
                                                           g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                                           G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  gboolean owned = FALSE;

  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

/* Until the running Accord has asked the slow address @n times in all:
 * its refresh is under way. */
static void
wait_for_slow_requests (FeedServer *server,
                        int         n)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_atomic_int_get (&server->slow_requests) < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
}

/* What a menu item or a shortcut does in the running Accord. */
static void
activate_action (GDBusConnection *bus,
                 const char      *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_sync (bus, "io.github.accordapp.Accord", "/io/github/accordapp/Accord",
                                       "org.gtk.Actions", "Activate",
                                       g_variant_new ("(sava{sv})", name, NULL, NULL), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

/* With Accord running, `accord --refresh` asks it to refresh and prints
 * its answer, so that the database is never opened by two processes. */
static void
test_refresh_through_running_instance (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autofree char *home = make_home ();
  g_autofree char *config = g_build_filename (home, "config", "glib-2.0", "settings", NULL);
  g_autofree char *keyfile = g_build_filename (config, "keyfile", NULL);
  g_autofree char *config_home = g_build_filename (home, "config", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) gui = NULL;
  g_autoptr(GError) error = NULL;
  FeedServer *server;
  g_autofree char *good = NULL;
  g_autofree char *missing = NULL;
  gint64 deadline;
  g_auto(Run) updated = { 0 };
  g_auto(Run) failed = { 0 };
  g_auto(Run) other = { 0 };
  g_auto(Run) stopped = { 0 };
  g_auto(Run) closed = { 0 };
  g_autoptr(GSubprocess) waiting = NULL;
  g_autofree char *slow = NULL;

  if (bus == NULL || g_getenv ("DISPLAY") == NULL || name_has_owner (bus, "io.github.accordapp.Accord"))
    {
      g_test_skip ("needs a session bus, a display and no other Accord running");
      return;
    }

  /* No automatic refresh from the real feed: the settings say so. */
  g_assert_cmpint (g_mkdir_with_parents (config, 0700), ==, 0);
  g_assert_true (g_file_set_contents (keyfile, "[io/github/accordapp/Accord]\nsync-interval=uint32 0\n", -1, NULL));

  server = feed_server_start ();
  good = g_strconcat (server->base, "feed.json", NULL);
  missing = g_strconcat (server->base, "missing.json", NULL);
  slow = g_strconcat (server->base, "slow.json", NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config_home, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  gui = g_subprocess_launcher_spawn (launcher, &error, accord_path, NULL);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!name_has_owner (bus, "io.github.accordapp.Accord"))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (50 * 1000);
    }

  run_accord (&updated, home, NULL, "--refresh", "--endpoint", good, NULL);
  g_assert_cmpstr (updated.err, ==, "");
  g_assert_true (g_str_has_prefix (updated.out, "updated: 11 entities, 12 articles"));
  g_assert_cmpint (updated.status, ==, 0);

  run_accord (&failed, home, NULL, "--refresh", "--endpoint", missing, NULL);
  g_assert_cmpint (failed.status, ==, 1);
  g_assert_cmpstr (failed.err, ==, "error: the server answered 404: there is no feed at this address\n");

  /* While a refresh is under way, one from another address is refused:
   * the answer of the first would tell nothing of it. */
  waiting = spawn_accord (home, "--refresh", "--endpoint", slow, NULL);
  wait_for_slow_requests (server, 1);
  run_accord (&other, home, NULL, "--refresh", "--endpoint", good, NULL);
  g_assert_cmpint (other.status, ==, 1);
  g_assert_cmpstr (other.err, ==, "error: a refresh from another address is under way; try again when it ends\n");

  /* Stopped from the window: the caller hears so, in words. */
  activate_action (bus, "refresh");
  wait_accord (&stopped, waiting, NULL);
  g_assert_cmpint (stopped.status, ==, 1);
  g_assert_cmpstr (stopped.err, ==, "error: the refresh was stopped before it ended\n");
  g_clear_object (&waiting);

  /* Accord closed meanwhile: the caller hears that too, rather than a
   * broken connection. */
  waiting = spawn_accord (home, "--refresh", "--endpoint", slow, NULL);
  wait_for_slow_requests (server, 2);
  activate_action (bus, "quit");
  wait_accord (&closed, waiting, NULL);
  g_assert_cmpint (closed.status, ==, 1);
  g_assert_cmpstr (closed.err, ==, "error: Accord was closed before the refresh ended\n");

  g_subprocess_wait (gui, NULL, NULL);
  feed_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  accord_path = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "src", "accord", NULL);

  g_test_add_func ("/commands/check-and-import", test_check_and_import);
  g_test_add_func ("/commands/check-reports-paths", test_check_reports_paths);
  g_test_add_func ("/commands/check-warns-of-refused-refresh", test_check_warns_of_refused_refresh);
  g_test_add_func ("/commands/check-largest-with-byte-order-mark", test_check_largest_with_byte_order_mark);
  g_test_add_func ("/commands/refused-import-changes-nothing", test_refused_import_changes_nothing);
  g_test_add_func ("/commands/bookmarks", test_bookmarks_commands);
  g_test_add_func ("/commands/export-from-damaged-store", test_export_from_damaged_store);
  g_test_add_func ("/commands/import-over-damaged-articles", test_import_over_damaged_articles);
  g_test_add_func ("/commands/export-on-full-disk-keeps-backup", test_export_on_full_disk_keeps_backup);
  g_test_add_func ("/commands/export-through-symbolic-link", test_export_through_symbolic_link);
  g_test_add_func ("/commands/export-refuses-data-file", test_export_refuses_data_file);
  g_test_add_func ("/commands/empty-export-keeps-backup", test_empty_export_keeps_backup);
  g_test_add_func ("/commands/export-keeps-permissions", test_export_keeps_permissions);
  g_test_add_func ("/commands/replace-makes-new-files", test_replace_makes_new_files);
  g_test_add_func ("/commands/replace-as-a-user", test_replace_as_a_user);
  g_test_add_func ("/commands/replace-read-only-as-anyone", test_replace_read_only_as_anyone);
  g_test_add_func ("/commands/export-to-files-under-dev", test_export_to_files_under_dev);
  g_test_add_func ("/commands/files-too-large", test_files_too_large);
  g_test_add_func ("/commands/unreachable-address", test_unreachable_address);
  g_test_add_func ("/commands/stdin-closed", test_stdin_closed);
  g_test_add_func ("/commands/failures-named", test_failures_named);
  g_test_add_func ("/commands/newer-feed-too-large", test_newer_feed_too_large);
  g_test_add_func ("/commands/large-bookmarks-round-trip", test_large_bookmarks_round_trip);
  g_test_add_func ("/commands/help", test_help_lists_commands);
  g_test_add_func ("/commands/endpoint-without-refresh", test_endpoint_without_refresh);
  g_test_add_func ("/commands/one-command-at-a-time", test_one_command_at_a_time);
  g_test_add_func ("/commands/refresh", test_refresh);
  g_test_add_func ("/commands/refresh-through-running-instance", test_refresh_through_running_instance);

  return g_test_run ();
}

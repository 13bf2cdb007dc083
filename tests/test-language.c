#define G_LOG_DOMAIN "accord-test-language"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <unistd.h>

#include "accord-language.h"
#include "accord-utils.h"

/* Switching the interface's language from inside the app, and what that
 * leaves on disk: a run that is killed must not leave a folder behind in
 * /tmp each time, nor a later run trust a half-made one. Every run here
 * has its runtime and temporary folders of its own, shared with the
 * subprocesses it starts. */

#define BASE_VARIABLE "ACCORD_TEST_LANGUAGE_BASE"

/* The run's own runtime and temporary folders. */
static char *runtime_dir;
static char *tmp_dir;

static guint
count_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint count = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    count++;
  return count;
}

/* Every catalog link below @path, whatever the folders between. */
static void
collect_links (const char *path,
               GPtrArray  *links)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        g_ptr_array_add (links, g_steal_pointer (&child));
      else if (g_file_test (child, G_FILE_TEST_IS_DIR))
        collect_links (child, links);
    }
}

static void
test_switch (void)
{
  g_assert_true (accord_language_apply ("fr"));
  g_assert_cmpstr (_("Bookmarks"), ==, "Favoris");
  g_assert_false (accord_language_apply ("fr"));

  g_assert_true (accord_language_apply ("en"));
  g_assert_cmpstr (_("Bookmarks"), ==, "Bookmarks");

  g_assert_true (accord_language_apply ("fr"));
  g_assert_cmpstr (_("Bookmarks"), ==, "Favoris");

  /* The environment's language, English in this test's run. */
  g_assert_true (accord_language_apply (""));
  g_assert_cmpstr (_("Bookmarks"), ==, "Bookmarks");
}

static void
apply_french_and_exit (void)
{
  g_assert_true (accord_language_apply ("fr"));
  g_assert_cmpstr (_("Bookmarks"), ==, "Favoris");
  /* Stops as a killed run would: nothing tidied up. */
  _exit (0);
}

/* A run leaves nothing in the temporary folder; the next run takes up
 * the folder in the runtime one, mending links it finds wrong, as a run
 * stopped while making them would have left them. */
static void
test_killed_run_leaves_nothing_behind (void)
{
  g_autofree char *app_dir = g_build_filename (runtime_dir, APP_ID, NULL);
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func (g_free);

  if (g_test_subprocess ())
    {
      apply_french_and_exit ();
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_assert_cmpuint (count_entries (tmp_dir), ==, 0);
  g_assert_cmpuint (count_entries (app_dir), ==, 1);

  collect_links (app_dir, links);
  g_assert_cmpuint (links->len, >, 0);
  for (guint i = 0; i < links->len; i++)
    {
      const char *link = g_ptr_array_index (links, i);

      g_assert_cmpint (g_unlink (link), ==, 0);
      g_assert_cmpint (symlink ("/nonexistent/accord.mo", link), ==, 0);
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_assert_cmpuint (count_entries (tmp_dir), ==, 0);
  g_assert_cmpuint (count_entries (app_dir), ==, 1);
}

/* With no runtime folder to write to, a run uses a folder of its own in
 * /tmp, and removes it when it ends. */
static void
test_unwritable_runtime_folder (void)
{
  g_autofree char *not_a_folder = g_build_filename (g_getenv (BASE_VARIABLE), "file", NULL);
  g_auto(GStrv) environment = NULL;

  if (g_test_subprocess ())
    {
      g_assert_true (accord_language_apply ("fr"));
      g_assert_cmpstr (_("Bookmarks"), ==, "Favoris");
      g_assert_cmpuint (count_entries (tmp_dir), ==, 1);
      return;
    }

  g_assert_true (g_file_set_contents (not_a_folder, "", 0, NULL));
  environment = g_environ_setenv (g_get_environ (), "XDG_RUNTIME_DIR", not_a_folder, TRUE);
  g_test_trap_subprocess_with_envp (NULL, (const char * const *) environment, 0,
                                    G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_assert_cmpuint (count_entries (tmp_dir), ==, 0);
}

static char *
make_base (void)
{
  g_autofree char *base = g_dir_make_tmp ("accord-language-XXXXXX", NULL);
  const char *folders[] = { "runtime", "tmp" };

  g_assert_nonnull (base);
  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      g_autofree char *folder = g_build_filename (base, folders[i], NULL);

      g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
    }
  return g_steal_pointer (&base);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *base = NULL;
  int status;

  /* Made by the test run, taken over by its subprocesses. */
  if (g_getenv (BASE_VARIABLE) == NULL)
    {
      base = make_base ();
      g_setenv (BASE_VARIABLE, base, TRUE);
    }
  runtime_dir = g_build_filename (g_getenv (BASE_VARIABLE), "runtime", NULL);
  tmp_dir = g_build_filename (g_getenv (BASE_VARIABLE), "tmp", NULL);
  if (base != NULL)
    {
      g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);
      g_setenv ("TMPDIR", tmp_dir, TRUE);
    }

  setlocale (LC_ALL, "");
  accord_language_init (BUILD_LOCALEDIR);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/language/switch", test_switch);
  g_test_add_func ("/language/killed-run-leaves-nothing-behind", test_killed_run_leaves_nothing_behind);
  g_test_add_func ("/language/unwritable-runtime-folder", test_unwritable_runtime_folder);

  status = g_test_run ();
  if (base != NULL)
    accord_remove_tree (base);
  return status;
}

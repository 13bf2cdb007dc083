#define G_LOG_DOMAIN "accord-language"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "accord-language.h"
#include "accord-utils.h"

/* Switching the UI language while the app runs.
 *
 * gettext picks a catalog from the environment (LANGUAGE) and the locale,
 * neither of which can be changed safely once threads run: setenv() and
 * setlocale() race with every other thread. What can change at any time
 * is the folder a text domain is bound to, and bindtextdomain() also
 * tells gettext to forget the translations it cached.
 *
 * So for each language the user can choose, Accord makes a folder in which
 * every catalog name gettext will look for (g_get_language_names(): the
 * same list, in the same order) leads to that language's catalog, for its
 * own domain and for GTK's and libadwaita's; and binds the domains to it.
 * "System default" binds them back to where they were. The process's
 * environment and locale are set once, in main(), before any thread. */

typedef struct
{
  const char *domain;
  char       *original_dir;
} Domain;

static Domain domains[] = {
  { GETTEXT_PACKAGE, NULL },
  { "gtk40", NULL },
  { "libadwaita", NULL },
};

static char *tree;           /* our folder of folders, one per language */
static char *current;        /* "", "en" or "fr" */

static gboolean
is_c_locale (const char *name)
{
  return name == NULL || g_str_equal (name, "C") || g_str_equal (name, "POSIX") || g_str_has_prefix (name, "C.");
}

/* gettext translates nothing under C, C.UTF-8 or POSIX, whatever the
 * language chosen, in the environment or in the app; that is what a
 * system without a locale for the user's language falls back to. Any
 * other locale will do, as gettext takes only its name: the messages
 * category gets one, if the system has one, and nothing else changes. */
static void
use_some_messages_locale (void)
{
  static const char * const common[] = { "en_US.UTF-8", "en_GB.UTF-8", "fr_FR.UTF-8", "fr_CA.UTF-8",
                                         "de_DE.UTF-8", "es_ES.UTF-8" };
  const char * const *wanted = g_get_language_names ();

  for (guint i = 0; wanted[i] != NULL; i++)
    {
      g_autofree char *base = g_strndup (wanted[i], strcspn (wanted[i], ".@"));
      g_autofree char *utf8 = g_strconcat (base, ".UTF-8", NULL);

      if (!is_c_locale (base) && setlocale (LC_MESSAGES, utf8) != NULL)
        return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (common); i++)
    if (setlocale (LC_MESSAGES, common[i]) != NULL)
      return;
  g_debug ("No locale to translate with; the interface stays in English");
}

/**
 * accord_language_init:
 * @app_localedir: where Accord's own catalogs are
 *
 * Call once in main(), after setlocale() and before anything starts a
 * thread.
 */
void
accord_language_init (const char *app_localedir)
{
  const char *messages;

  g_return_if_fail (app_localedir != NULL);

  messages = setlocale (LC_MESSAGES, NULL);
  if (is_c_locale (messages))
    use_some_messages_locale ();

  bindtextdomain (GETTEXT_PACKAGE, app_localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  for (guint i = 0; i < G_N_ELEMENTS (domains); i++)
    {
      g_free (domains[i].original_dir);
      domains[i].original_dir = g_strdup (bindtextdomain (domains[i].domain, NULL));
      bind_textdomain_codeset (domains[i].domain, "UTF-8");
    }
  g_set_str (&current, "");
}

/* "fr_FR.UTF-8" also as gettext normalizes it: "fr_FR.utf8". */
static char *
normalize_codeset (const char *name)
{
  const char *dot = strchr (name, '.');
  g_autoptr(GString) normalized = NULL;

  if (dot == NULL)
    return NULL;
  normalized = g_string_new_len (name, dot - name + 1);
  for (const char *p = dot + 1; *p && *p != '@'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (normalized, g_ascii_tolower (*p));
  if (strchr (dot, '@') != NULL)
    g_string_append (normalized, strchr (dot, '@'));
  return g_string_free_and_steal (g_steal_pointer (&normalized));
}

/* Every folder name gettext may look in for a catalog: those of LANGUAGE
 * and of the messages locale, which GLib alone does not give under C. */
static GPtrArray *
catalog_names (void)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char * const *language_names = g_get_language_names ();
  const char *messages = setlocale (LC_MESSAGES, NULL);
  g_auto(GStrv) variants = messages ? g_get_locale_variants (messages) : NULL;

  for (guint i = 0; language_names[i] != NULL; i++)
    g_ptr_array_add (names, g_strdup (language_names[i]));
  for (guint i = 0; variants != NULL && variants[i] != NULL; i++)
    {
      char *normalized = normalize_codeset (variants[i]);

      g_ptr_array_add (names, g_strdup (variants[i]));
      if (normalized != NULL)
        g_ptr_array_add (names, normalized);
    }
  return names;
}

/* One folder for every run of the same build, in the user's runtime
 * folder: made again by each run, it is never left behind in /tmp by a
 * run that was killed. Builds with their catalogs elsewhere (a test build
 * beside the installed app) each have their own. */
static char *
make_tree_path (void)
{
  g_autoptr(GString) originals = g_string_new (NULL);
  g_autofree char *checksum = NULL;
  g_autofree char *name = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (domains); i++)
    g_string_append_len (originals, domains[i].original_dir, strlen (domains[i].original_dir) + 1);
  checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) originals->str, originals->len);
  name = g_strdup_printf ("languages-%.16s", checksum);
  return g_build_filename (g_get_user_runtime_dir (), APP_ID, name, NULL);
}

/* A link left by an earlier run may be there already, and lead elsewhere
 * if that run was stopped while making it. */
static gboolean
link_to (const char *target,
         const char *link)
{
  g_autofree char *existing = NULL;
  g_autofree char *fresh = NULL;

  if (symlink (target, link) == 0)
    return TRUE;
  if (errno != EEXIST)
    return FALSE;
  existing = g_file_read_link (link, NULL);
  if (g_strcmp0 (existing, target) == 0)
    return TRUE;

  /* Replaced in one step, as another run may be reading it. */
  fresh = g_strdup_printf ("%s.%d", link, (int) getpid ());
  g_unlink (fresh);
  if (symlink (target, fresh) != 0)
    return FALSE;
  if (g_rename (fresh, link) != 0)
    {
      int saved = errno;

      g_unlink (fresh);
      errno = saved;
      return FALSE;
    }
  return TRUE;
}

static gboolean
link_catalogs (const char *language,
               const char *messages_dir)
{
  if (g_mkdir_with_parents (messages_dir, 0700) != 0)
    {
      g_debug ("Could not make %s: %s", messages_dir, g_strerror (errno));
      return FALSE;
    }

  /* English is every catalog's source text: nothing to link. */
  for (guint i = 0; i < G_N_ELEMENTS (domains) && !g_str_equal (language, "en"); i++)
    {
      g_autofree char *file = g_strconcat (domains[i].domain, ".mo", NULL);
      g_autofree char *target = g_build_filename (domains[i].original_dir, language, "LC_MESSAGES", file, NULL);
      g_autofree char *link = g_build_filename (messages_dir, file, NULL);

      if (g_file_test (target, G_FILE_TEST_EXISTS) && !link_to (target, link))
        g_warning ("Could not link %s: %s", link, g_strerror (errno));
    }
  return TRUE;
}

static gboolean
fill_language_dir (const char *dir,
                   const char *language)
{
  g_autoptr(GPtrArray) names = catalog_names ();

  for (guint n = 0; n < names->len; n++)
    {
      const char *name = g_ptr_array_index (names, n);
      g_autofree char *messages_dir = NULL;

      if (g_str_equal (name, "C") || g_str_equal (name, "POSIX") || strchr (name, '/') != NULL)
        continue;
      messages_dir = g_build_filename (dir, name, "LC_MESSAGES", NULL);
      if (!link_catalogs (language, messages_dir))
        return FALSE;
    }
  return TRUE;
}

static void
remove_temporary_tree (void)
{
  accord_remove_tree (tree);
}

/* Where the runtime folder cannot be written to (a read-only home without
 * XDG_RUNTIME_DIR), a folder of this run's own, removed when it ends. */
static gboolean
use_temporary_tree (void)
{
  static gboolean temporary;
  char *made;

  if (temporary || (made = g_dir_make_tmp ("accord-languages-XXXXXX", NULL)) == NULL)
    return FALSE;
  g_free (tree);
  tree = made;
  temporary = TRUE;
  atexit (remove_temporary_tree);
  return TRUE;
}

static const char *
language_dir (const char *language)
{
  static GHashTable *made;
  g_autofree char *dir = NULL;

  if (made == NULL)
    made = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (g_hash_table_contains (made, language))
    return g_hash_table_lookup (made, language);

  if (tree == NULL)
    tree = make_tree_path ();
  /* Once more in a temporary folder, if the first one fails. */
  while (!fill_language_dir ((dir = g_build_filename (tree, language, NULL)), language))
    {
      g_clear_pointer (&dir, g_free);
      if (!use_temporary_tree ())
        return NULL;
    }

  g_hash_table_insert (made, g_strdup (language), g_strdup (dir));
  return g_hash_table_lookup (made, language);
}

/**
 * accord_language_apply:
 * @language: "en", "fr", or "" for the system's language
 *
 * Makes gettext answer in @language from now on. Texts already on screen
 * stay as they are: the caller rebuilds what shows them.
 *
 * Returns: whether the language changed
 */
gboolean
accord_language_apply (const char *language)
{
  const char *dir = NULL;

  g_return_val_if_fail (language != NULL, FALSE);

  if (!g_str_equal (language, "en") && !g_str_equal (language, "fr"))
    language = "";
  if (g_strcmp0 (language, current) == 0)
    return FALSE;

  if (*language != '\0' && (dir = language_dir (language)) == NULL)
    {
      g_warning ("Could not prepare the %s translations", language);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (domains); i++)
    bindtextdomain (domains[i].domain, dir != NULL ? dir : domains[i].original_dir);

  g_set_str (&current, language);
  return TRUE;
}

#define G_LOG_DOMAIN "accord-utils"

#include "config.h"

#include <glib/gstdio.h>

#include "accord-utils.h"

/**
 * accord_pick_language:
 * @lang: the wanted language ("en", "fr", or a locale name such as "fr_FR")
 * @en: (nullable): the English text
 * @fr: (nullable): the French text
 * @is_fallback: (out) (optional): whether the other language was used
 *
 * Returns: (nullable): the text in @lang, else in the other language
 */
const char *
accord_pick_language (const char *lang,
                      const char *en,
                      const char *fr,
                      gboolean   *is_fallback)
{
  gboolean french = lang != NULL && g_str_has_prefix (lang, "fr");
  const char *wanted = french ? fr : en;
  const char *other = french ? en : fr;

  if (is_fallback != NULL)
    *is_fallback = wanted == NULL && other != NULL;
  return wanted != NULL ? wanted : other;
}


/**
 * accord_remove_tree:
 * @path: a folder
 *
 * Removes @path and everything below it, on a best-effort basis. Symbolic
 * links are removed, never followed.
 */
void
accord_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_if_fail (path != NULL);

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        accord_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/**
 * accord_json_get_string:
 *
 * Returns: (nullable): @object's @member when it is a string, %NULL when
 *   it is missing or of another type, as in a file anyone may write
 */
const char *
accord_json_get_string (JsonObject *object,
                        const char *member)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (member != NULL, NULL);

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

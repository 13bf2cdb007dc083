#define G_LOG_DOMAIN "accord-test-utils"

#include "config.h"

#include <glib/gstdio.h>

#include "accord-test-utils.h"

/**
 * accord_test_remove_tree:
 *
 * Removes a temporary folder a test made, with everything in it; links
 * are removed, never followed.
 */
void
accord_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        accord_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

#define G_LOG_DOMAIN "accord-builtin"

#include "config.h"

#include "accord-builtin.h"
#include "accord-core-resources.h"

#define BUILTIN_FEED_PATH "/io/github/accordapp/Accord/feed/accord-feed.json"

/**
 * accord_builtin_feed_get_bytes:
 *
 * Returns: (transfer full): the feed Accord ships with, so that it is
 *   useful offline and before its first sync
 */
GBytes *
accord_builtin_feed_get_bytes (void)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = g_resource_lookup_data (accord_core_get_resource (), BUILTIN_FEED_PATH,
                                         G_RESOURCE_LOOKUP_FLAGS_NONE, &error);

  /* It is compiled in: missing, it is a broken build. */
  if (bytes == NULL)
    g_error ("The built-in feed is missing: %s", error->message);
  return bytes;
}

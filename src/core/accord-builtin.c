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

/**
 * accord_builtin_feed_is_newer:
 * @store: the store
 * @builtin: the parsed built-in feed
 *
 * The built-in snapshot is imported on first start, and again when an
 * update of Accord ships one newer than what is stored; a snapshot from a
 * sync that is newer than the built-in one is never replaced by it.
 *
 * Returns: whether @builtin should replace the stored snapshot
 */
gboolean
accord_builtin_feed_is_newer (AccordStore *store,
                              AccordFeed  *builtin)
{
  g_return_val_if_fail (ACCORD_IS_STORE (store), FALSE);
  g_return_val_if_fail (builtin != NULL, FALSE);

  if (accord_store_get_snapshot_origin (store) == ACCORD_SNAPSHOT_NONE)
    return TRUE;
  return accord_feed_get_generated_unix (builtin) > accord_store_get_snapshot_generated (store);
}

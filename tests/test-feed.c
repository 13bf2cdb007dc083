#define G_LOG_DOMAIN "accord-test-feed"

#include "config.h"

#include "accord-builtin.h"
#include "accord-feed.h"

static void
test_builtin_feed_is_clean (void)
{
  g_autoptr(GBytes) bytes = accord_builtin_feed_get_bytes ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AccordFeed) feed = accord_feed_parse (bytes, NULL, &error);
  GPtrArray *warnings;

  g_assert_no_error (error);
  g_assert_nonnull (feed);

  warnings = accord_feed_get_warnings (feed);
  for (guint i = 0; i < warnings->len; i++)
    g_test_message ("warning: %s", (const char *) g_ptr_array_index (warnings, i));
  g_assert_cmpuint (warnings->len, ==, 0);
  g_assert_cmpuint (accord_feed_get_n_skipped (feed), ==, 0);
  g_assert_cmpuint (accord_feed_get_n_entities (feed), >=, 6);
  g_assert_cmpuint (accord_feed_get_n_articles (feed), ==, 12);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/feed/builtin/clean", test_builtin_feed_is_clean);

  return g_test_run ();
}

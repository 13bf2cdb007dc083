#define G_LOG_DOMAIN "accord-test-sync"

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "accord-builtin.h"
#include "accord-sync.h"

/* The sync job against a SoupServer on 127.0.0.1 serving fixtures. */

typedef struct
{
  char        *dir;
  AccordStore *store;
  AccordSync  *sync;
  SoupServer  *server;
  GUri        *base;
  guint        requests;
  GBytes      *feed;
} Fixture;

static void
serve_feed (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Fixture *fixture = user_data;
  gsize len;
  const char *data = g_bytes_get_data (fixture->feed, &len);

  fixture->requests++;
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, data, len);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GSList *uris;

  fixture->dir = g_dir_make_tmp ("accord-sync-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "accord.db", NULL);
  fixture->store = accord_store_new (path, &error);
  g_assert_no_error (error);
  fixture->sync = accord_sync_new (fixture->store);
  accord_sync_set_retry_policy (fixture->sync, 3, 10, 5000);
  accord_sync_set_timeout (fixture->sync, 2);
  fixture->feed = accord_builtin_feed_get_bytes ();

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, "/feed.json", serve_feed, fixture, NULL);
  soup_server_listen_local (fixture->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (fixture->server);
  fixture->base = g_uri_ref (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_clear_object (&fixture->sync);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->server);
  g_clear_pointer (&fixture->base, g_uri_unref);
  g_clear_pointer (&fixture->feed, g_bytes_unref);
  g_free (fixture->dir);
}

static char *
url_of (Fixture    *fixture,
        const char *path)
{
  g_autoptr(GUri) uri = g_uri_parse_relative (fixture->base, path, G_URI_FLAGS_NONE, NULL);

  return g_uri_to_string (uri);
}

typedef struct
{
  gboolean          done;
  gboolean          ok;
  AccordSyncResult  result;
  GError           *error;
} Outcome;

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Outcome *outcome = user_data;

  outcome->ok = accord_sync_run_finish (ACCORD_SYNC (object), result, &outcome->result, &outcome->error);
  outcome->done = TRUE;
}

static void
run_sync (Fixture *fixture,
          Outcome *outcome)
{
  accord_sync_run_async (fixture->sync, NULL, on_done, outcome);
  while (!outcome->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_first_sync (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *url = url_of (fixture, "/feed.json");
  Outcome outcome = { 0 };

  accord_sync_set_endpoint (fixture->sync, url);
  run_sync (fixture, &outcome);

  g_assert_no_error (outcome.error);
  g_assert_true (outcome.ok);
  g_assert_false (outcome.result.not_modified);
  g_assert_cmpuint (outcome.result.stats.n_articles, ==, 12);
  g_assert_cmpuint (fixture->requests, ==, 1);
  g_assert_cmpint (accord_store_get_snapshot_origin (fixture->store), ==, ACCORD_SNAPSHOT_SYNC);
  g_assert_cmpint (accord_store_get_sync_time (fixture->store, "last-success"), >, 0);
}

static void
test_endpoint_rules (void)
{
  const struct { const char *url; gboolean ok; } cases[] = {
    { "https://example.org/feed.json", TRUE },
    { "http://127.0.0.1:8080/feed.json", TRUE },
    { "http://localhost/feed.json", TRUE },
    { "http://[::1]:9/feed.json", TRUE },
    { "http://example.org/feed.json", FALSE },
    { "file:///etc/passwd", FALSE },
    { "ftp://example.org/feed.json", FALSE },
    { "", FALSE },
    { "example.org/feed.json", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (accord_sync_check_endpoint (cases[i].url, &error), ==, cases[i].ok);
      if (!cases[i].ok)
        g_assert_error (error, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_INVALID_ENDPOINT);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync/first", Fixture, NULL, fixture_setup, test_first_sync, fixture_teardown);
  g_test_add_func ("/sync/endpoint-rules", test_endpoint_rules);

  return g_test_run ();
}

#define G_LOG_DOMAIN "accord-test-sync"

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "accord-builtin.h"
#include "accord-sync-private.h"
#include "accord-sync-scheduler.h"
#include "accord-test-warnings.h"
#include "accord-utils.h"

/* The sync job against a SoupServer on 127.0.0.1 serving fixtures, and
 * against raw sockets for what a well-behaved server never does: hold the
 * connection, cut the body short, send without end. */

#define MAX_ATTEMPTS 3
#define MiB (1024 * 1024)

/* ---------------------------------------------------------------------- */
/* A raw HTTP server                                                       */

typedef enum
{
  RAW_HOLD,          /* reads the request and never answers */
  RAW_TRUNCATED,     /* promises a longer body than it sends, then closes */
  RAW_ENDLESS,       /* a chunked body without end */
  RAW_ENDLESS_NEWER, /* the same, after the start of a newer format's feed */
  RAW_HUGE_LENGTH,   /* declares a body over the cap, sends nothing of it */
  RAW_PLAIN_AT_ONCE, /* answers in plain HTTP before reading anything */
  RAW_NOT_HTTP,      /* answers with a line that is not HTTP */
  RAW_CLOSE_EARLY,   /* a whole feed, but a longer length, and closes */
  RAW_IDENTITY_CLOSE_EARLY, /* the same, said to be in the identity coding */
  RAW_GZIP_CLOSE_EARLY, /* half of a gzipped feed, its whole length, and closes */
  RAW_GZIP_CLOSE,    /* a whole gzipped feed, and closes */
  RAW_UNKNOWN_TRANSFER, /* a transfer encoding libsoup does not know */
  RAW_HUGE_HEADER,   /* a header line without end */
} RawMode;

typedef struct
{
  GSocketService *service;
  RawMode         mode;
  char           *url;
  guint           accepted;     /* main thread */
  int             finished;     /* atomic, from the handler threads */
  GMutex          lock;
  guint64         bytes_sent;   /* under lock */
} RawServer;

static gboolean
raw_on_incoming (GSocketService    *service,
                 GSocketConnection *connection,
                 GObject           *source_object,
                 RawServer         *raw)
{
  raw->accepted++;
  /* FALSE lets the threaded service run its handler. */
  return FALSE;
}

/* Reads up to the end of the request headers. */
static gboolean
raw_read_request (GInputStream *in)
{
  g_autoptr(GString) request = g_string_new (NULL);
  char buffer[4096];

  while (strstr (request->str, "\r\n\r\n") == NULL)
    {
      gssize n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL);

      if (n <= 0)
        return FALSE;
      g_string_append_len (request, buffer, n);
    }
  return TRUE;
}

static gboolean
raw_write (RawServer     *raw,
           GOutputStream *out,
           const char    *data,
           gsize          len)
{
  gsize written = 0;
  gboolean ok = g_output_stream_write_all (out, data, len, &written, NULL, NULL);

  g_mutex_lock (&raw->lock);
  raw->bytes_sent += written;
  g_mutex_unlock (&raw->lock);
  return ok;
}

static GBytes *gzip_bytes (GBytes *bytes);

/* The built-in feed in @coding ("identity" or "gzip"), announced as
 * @extra bytes longer than it is, and only @sent_part of it sent. */
static void
raw_send_coded_feed (RawServer     *raw,
                     GOutputStream *out,
                     const char    *coding,
                     gsize          extra,
                     double         sent_part)
{
  g_autoptr(GBytes) feed = accord_builtin_feed_get_bytes ();
  g_autoptr(GBytes) body = g_str_equal (coding, "gzip") ? gzip_bytes (feed) : g_bytes_ref (feed);
  gsize len = g_bytes_get_size (body);
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\n"
                                           "Content-Type: application/json\r\n"
                                           "Content-Encoding: %s\r\n"
                                           "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                           "Connection: close\r\n"
                                           "\r\n", coding, len + extra);

  if (raw_write (raw, out, head, strlen (head)))
    raw_write (raw, out, g_bytes_get_data (body, NULL), (gsize) (len * sent_part));
}

static void
raw_serve (RawServer         *raw,
           GSocketConnection *connection)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  char buffer[4096];

  /* To a TLS handshake, say: no request to read first. */
  if (raw->mode == RAW_PLAIN_AT_ONCE)
    {
      static const char response[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";

      raw_write (raw, out, response, strlen (response));
      return;
    }

  if (!raw_read_request (in))
    return;

  switch (raw->mode)
    {
    case RAW_HOLD:
      /* Until the client gives up and closes. */
      while (g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL) > 0)
        ;
      break;

    case RAW_TRUNCATED:
      {
        static const char response[] =
          "HTTP/1.1 200 OK\r\n"
          "Content-Type: application/json\r\n"
          "Content-Length: 1000\r\n"
          "\r\n"
          "{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2026-11-20T08:00:00Z\", \"entities\": [";

        raw_write (raw, out, response, strlen (response));
      }
      break;

    case RAW_ENDLESS:
    case RAW_ENDLESS_NEWER:
      {
        static const char newer[] = "{\"format\": \"accord-feed\", \"version\": 2, \"entities\": [";
        static const char head[] =
          "HTTP/1.1 200 OK\r\n"
          "Content-Type: application/json\r\n"
          "Transfer-Encoding: chunked\r\n"
          "\r\n";
        g_autoptr(GString) chunk = g_string_new ("10000\r\n");

        /* 64 KiB of JSON whitespace a chunk, until the client stops
         * reading; 512 MiB at most, should it never stop. */
        for (guint i = 0; i < 0x10000; i++)
          g_string_append_c (chunk, ' ');
        g_string_append (chunk, "\r\n");

        if (!raw_write (raw, out, head, strlen (head)))
          break;
        if (raw->mode == RAW_ENDLESS_NEWER)
          {
            g_autoptr(GString) first = g_string_new (chunk->str);

            memcpy (first->str + strlen ("10000\r\n"), newer, strlen (newer));
            if (!raw_write (raw, out, first->str, first->len))
              break;
          }
        for (guint i = 0; i < 512 * 16; i++)
          if (!raw_write (raw, out, chunk->str, chunk->len))
            break;
        raw_write (raw, out, "0\r\n\r\n", 5);
      }
      break;

    case RAW_HUGE_LENGTH:
      {
        static const char response[] =
          "HTTP/1.1 200 OK\r\n"
          "Content-Type: application/json\r\n"
          "Content-Length: 104857600\r\n"
          "\r\n";

        raw_write (raw, out, response, strlen (response));
        while (g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL) > 0)
          ;
      }
      break;

    case RAW_NOT_HTTP:
      {
        static const char response[] = "garbage here\r\n\r\n";

        raw_write (raw, out, response, strlen (response));
      }
      break;

    case RAW_CLOSE_EARLY:
      {
        g_autoptr(GBytes) feed = accord_builtin_feed_get_bytes ();
        g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\n"
                                                 "Content-Type: application/json\r\n"
                                                 "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                                 "Connection: close\r\n"
                                                 "\r\n", g_bytes_get_size (feed) + 100);

        if (raw_write (raw, out, head, strlen (head)))
          raw_write (raw, out, g_bytes_get_data (feed, NULL), g_bytes_get_size (feed));
      }
      break;

    case RAW_IDENTITY_CLOSE_EARLY:
      raw_send_coded_feed (raw, out, "identity", 100, 1);
      break;

    case RAW_GZIP_CLOSE_EARLY:
      raw_send_coded_feed (raw, out, "gzip", 0, 0.5);
      break;

    case RAW_GZIP_CLOSE:
      raw_send_coded_feed (raw, out, "gzip", 0, 1);
      break;

    case RAW_UNKNOWN_TRANSFER:
      {
        static const char response[] =
          "HTTP/1.1 200 OK\r\n"
          "Content-Type: application/json\r\n"
          "Transfer-Encoding: gzip, chunked\r\n"
          "\r\n"
          "2\r\n{}\r\n0\r\n\r\n";

        raw_write (raw, out, response, strlen (response));
      }
      break;

    case RAW_HUGE_HEADER:
      {
        static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Padding: ";
        g_autofree char *padding = g_strnfill (0x10000, 'a');

        /* Until the client stops reading; 64 MiB at most. */
        if (!raw_write (raw, out, head, strlen (head)))
          break;
        for (guint i = 0; i < 1024; i++)
          if (!raw_write (raw, out, padding, 0x10000))
            break;
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
raw_on_run (GThreadedSocketService *service,
            GSocketConnection      *connection,
            GObject                *source_object,
            RawServer              *raw)
{
  /* No handler thread outlives a test by much, whatever the client does. */
  g_socket_set_timeout (g_socket_connection_get_socket (connection), 10);
  raw_serve (raw, connection);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  g_atomic_int_inc (&raw->finished);
  return TRUE;
}

static RawServer *
raw_server_new (RawMode mode)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;
  RawServer *raw = g_new0 (RawServer, 1);

  raw->mode = mode;
  g_mutex_init (&raw->lock);
  raw->service = g_threaded_socket_service_new (4);
  g_signal_connect (raw->service, "incoming", G_CALLBACK (raw_on_incoming), raw);
  g_signal_connect (raw->service, "run", G_CALLBACK (raw_on_run), raw);
  g_socket_listener_add_address (G_SOCKET_LISTENER (raw->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  raw->url = g_strdup_printf ("http://127.0.0.1:%u/feed.json",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  g_socket_service_start (raw->service);
  return raw;
}

static guint64
raw_server_get_bytes_sent (RawServer *raw)
{
  guint64 sent;

  g_mutex_lock (&raw->lock);
  sent = raw->bytes_sent;
  g_mutex_unlock (&raw->lock);
  return sent;
}

/* Waits for every accepted connection to be over. */
static void
raw_server_wait_idle (RawServer *raw)
{
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while ((guint) g_atomic_int_get (&raw->finished) < raw->accepted && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_cmpuint (g_atomic_int_get (&raw->finished), ==, raw->accepted);
}

static void
raw_server_free (RawServer *raw)
{
  g_socket_service_stop (raw->service);
  g_socket_listener_close (G_SOCKET_LISTENER (raw->service));
  raw_server_wait_idle (raw);
  g_object_unref (raw->service);
  g_mutex_clear (&raw->lock);
  g_free (raw->url);
  g_free (raw);
}

/* ---------------------------------------------------------------------- */
/* A resolver that resolves nothing, and counts                            */

#define TEST_TYPE_RESOLVER (test_resolver_get_type ())

G_DECLARE_FINAL_TYPE (TestResolver, test_resolver, TEST, RESOLVER, GResolver)

struct _TestResolver
{
  GResolver parent_instance;
  int       lookups;   /* atomic */
};

G_DEFINE_FINAL_TYPE (TestResolver, test_resolver, G_TYPE_RESOLVER)

static GList *
test_resolver_lookup_by_name_with_flags (GResolver                 *resolver,
                                         const char                *hostname,
                                         GResolverNameLookupFlags   flags,
                                         GCancellable              *cancellable,
                                         GError                   **error)
{
  g_atomic_int_inc (&TEST_RESOLVER (resolver)->lookups);
  g_set_error (error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "No lookups in tests: %s", hostname);
  return NULL;
}

static GList *
test_resolver_lookup_by_name (GResolver     *resolver,
                              const char    *hostname,
                              GCancellable  *cancellable,
                              GError       **error)
{
  return test_resolver_lookup_by_name_with_flags (resolver, hostname, 0, cancellable, error);
}

static void
test_resolver_lookup_by_name_with_flags_async (GResolver                *resolver,
                                               const char               *hostname,
                                               GResolverNameLookupFlags  flags,
                                               GCancellable             *cancellable,
                                               GAsyncReadyCallback       callback,
                                               gpointer                  user_data)
{
  g_autoptr(GTask) task = g_task_new (resolver, cancellable, callback, user_data);
  GError *error = NULL;

  test_resolver_lookup_by_name_with_flags (resolver, hostname, flags, cancellable, &error);
  g_task_return_error (task, error);
}

static void
test_resolver_lookup_by_name_async (GResolver           *resolver,
                                    const char          *hostname,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  test_resolver_lookup_by_name_with_flags_async (resolver, hostname, 0, cancellable, callback, user_data);
}

static GList *
test_resolver_lookup_by_name_finish (GResolver     *resolver,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
test_resolver_class_init (TestResolverClass *klass)
{
  GResolverClass *resolver_class = G_RESOLVER_CLASS (klass);

  resolver_class->lookup_by_name = test_resolver_lookup_by_name;
  resolver_class->lookup_by_name_async = test_resolver_lookup_by_name_async;
  resolver_class->lookup_by_name_finish = test_resolver_lookup_by_name_finish;
  resolver_class->lookup_by_name_with_flags = test_resolver_lookup_by_name_with_flags;
  resolver_class->lookup_by_name_with_flags_async = test_resolver_lookup_by_name_with_flags_async;
  resolver_class->lookup_by_name_with_flags_finish = test_resolver_lookup_by_name_finish;
}

static void
test_resolver_init (TestResolver *self)
{
}

/* ---------------------------------------------------------------------- */
/* The fixture                                                             */

typedef struct
{
  char        *dir;
  AccordStore *store;
  AccordSync  *sync;
  SoupServer  *server;
  GUri        *base;
  guint        requests;
  GBytes      *feed;

  /* What the last request carried. */
  char        *user_agent;
  char        *accept_encoding;
  char        *if_none_match;
  char        *if_modified_since;

  /* What /script.json answers, in turn; the last status repeats. */
  const guint *statuses;
  guint        n_statuses;
  const char  *retry_after;
  guint        script_requests;
  guint        flaky_requests;   /* of /redirects-once */
} Fixture;

#define FEED_ETAG          "\"builtin-1\""
#define FEED_LAST_MODIFIED "Fri, 20 Nov 2026 08:00:00 GMT"

static void
count_request (Fixture           *fixture,
               SoupServerMessage *message)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (message);

  fixture->requests++;
  g_set_str (&fixture->user_agent, soup_message_headers_get_one (headers, "User-Agent"));
  g_set_str (&fixture->accept_encoding, soup_message_headers_get_one (headers, "Accept-Encoding"));
  g_set_str (&fixture->if_none_match, soup_message_headers_get_one (headers, "If-None-Match"));
  g_set_str (&fixture->if_modified_since, soup_message_headers_get_one (headers, "If-Modified-Since"));
}

static void
respond_feed_as (Fixture           *fixture,
                 SoupServerMessage *message,
                 const char        *content_type)
{
  gsize len;
  const char *data = g_bytes_get_data (fixture->feed, &len);

  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, content_type, SOUP_MEMORY_COPY, data, len);
}

static void
respond_feed (Fixture           *fixture,
              SoupServerMessage *message)
{
  respond_feed_as (fixture, message, "application/json");
}

static void
serve_feed (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Fixture *fixture = user_data;

  count_request (fixture, message);
  respond_feed (fixture, message);
}

/* The built-in feed with an ETag, or with a Last-Modified date, answering
 * 304 when the client already has it. */
static void
serve_validated (SoupServer        *server,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  Fixture *fixture = user_data;
  SoupMessageHeaders *response = soup_server_message_get_response_headers (message);
  gboolean by_etag = g_str_equal (path, "/etag.json");

  count_request (fixture, message);

  if (by_etag)
    soup_message_headers_replace (response, "ETag", FEED_ETAG);
  else
    soup_message_headers_replace (response, "Last-Modified", FEED_LAST_MODIFIED);

  if (by_etag ? g_strcmp0 (fixture->if_none_match, FEED_ETAG) == 0
              : g_strcmp0 (fixture->if_modified_since, FEED_LAST_MODIFIED) == 0)
    soup_server_message_set_status (message, SOUP_STATUS_NOT_MODIFIED, NULL);
  else
    respond_feed (fixture, message);
}

static GBytes *
gzip_bytes (GBytes *bytes)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
  g_autoptr(GInputStream) plain = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GInputStream) compressed = g_converter_input_stream_new (plain, G_CONVERTER (compressor));
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_output_stream_splice (out, compressed,
                          G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                          NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static void
serve_gzip (SoupServer        *server,
            SoupServerMessage *message,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(GBytes) compressed = gzip_bytes (fixture->feed);

  count_request (fixture, message);
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (message), "Content-Encoding", "gzip");
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (compressed, NULL), g_bytes_get_size (compressed));
}

static void
serve_script (SoupServer        *server,
              SoupServerMessage *message,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Fixture *fixture = user_data;
  guint status;

  g_assert_cmpuint (fixture->n_statuses, >, 0);
  status = fixture->statuses[MIN (fixture->script_requests, fixture->n_statuses - 1)];
  fixture->script_requests++;
  count_request (fixture, message);

  if (status == SOUP_STATUS_OK)
    {
      respond_feed (fixture, message);
      return;
    }

  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "text/plain", SOUP_MEMORY_STATIC, "busy\n", 5);
  if (fixture->retry_after != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                  "Retry-After", fixture->retry_after);
}

/* The small feed seed_store() imports from a file. */
static GBytes *
load_small_feed (void)
{
  g_autofree char *path = g_build_filename (TEST_SRCDIR, "feeds", "complete.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (g_steal_pointer (&contents), len);
}

/* Another publisher's feed, whose ETag happens to be the same as the
 * built-in feed's. */
static void
serve_other (SoupServer        *server,
             SoupServerMessage *message,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(GBytes) small = load_small_feed ();

  count_request (fixture, message);
  soup_message_headers_replace (soup_server_message_get_response_headers (message), "ETag", FEED_ETAG);
  if (g_strcmp0 (fixture->if_none_match, FEED_ETAG) == 0)
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (small, NULL), g_bytes_get_size (small));
}

/* 304 whatever the request asked. */
static void
serve_unchanged (SoupServer        *server,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  count_request (user_data, message);
  soup_server_message_set_status (message, SOUP_STATUS_NOT_MODIFIED, NULL);
}

static const char broken_feed[] = "{\"format\": \"accord-feed\", \"version\": 1";
static const char newer_feed[] =
  "{\"format\": \"accord-feed\", \"version\": 2, \"generated\": \"2031-01-01T00:00:00Z\","
  " \"entities\": {\"organisations\": []}}";
/* Valid as the spec has it, but with nothing left of a list. */
static const char no_entity_kept[] =
  "{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2031-01-01T00:00:00Z\","
  " \"entities\": [{\"id\": \"Not An Id\", \"kind\": \"organisation\", \"name\": {\"en\": \"A\"}},"
  "               {\"id\": \"b\", \"kind\": \"organisation\"}]}";
static const char no_article_kept[] =
  "{\"format\": \"accord-feed\", \"version\": 1, \"generated\": \"2031-01-01T00:00:00Z\","
  " \"entities\": [{\"id\": \"a\", \"kind\": \"organisation\", \"name\": {\"en\": \"A\"}}],"
  " \"articles\": [{\"id\": 12, \"date\": \"2026-01-01\", \"title\": {\"en\": \"T\"}, \"entities\": [\"a\"]}]}";

/* Documents that are not a feed Accord can take. */
static void
serve_refused (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Fixture *fixture = user_data;
  gsize len;
  const char *data = g_bytes_get_data (fixture->feed, &len);

  count_request (fixture, message);
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);

  if (g_str_equal (path, "/page.html"))
    soup_server_message_set_response (message, "text/html", SOUP_MEMORY_COPY, data, len);
  else if (g_str_equal (path, "/untyped"))
    soup_message_body_append (soup_server_message_get_response_body (message), SOUP_MEMORY_COPY, data, len);
  else if (g_str_equal (path, "/broken.json"))
    soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                      broken_feed, strlen (broken_feed));
  else if (g_str_equal (path, "/newer.json"))
    soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                      newer_feed, strlen (newer_feed));
  else if (g_str_equal (path, "/no-entity-kept.json"))
    soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                      no_entity_kept, strlen (no_entity_kept));
  else if (g_str_equal (path, "/no-article-kept.json"))
    soup_server_message_set_response (message, "application/json", SOUP_MEMORY_STATIC,
                                      no_article_kept, strlen (no_article_kept));
  else
    g_assert_not_reached ();
}

static const struct
{
  const char *path;
  const char *location;
} redirects[] = {
  { "/loop", "/loop" },
  { "/to-file", "file:///etc/passwd" },
  { "/to-no-host", "https:///feed.json" },
  { "/to-http", "http://example.org/feed.json" },
  { "/moved", "feed.json" },
  { "/moved-busy", "/script.json" },
};

static void
serve_redirect (SoupServer        *server,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Fixture *fixture = user_data;

  count_request (fixture, message);

  for (guint i = 0; i < G_N_ELEMENTS (redirects); i++)
    if (g_str_equal (path, redirects[i].path))
      {
        /* Set by hand: soup_server_message_set_redirect() would make the
         * address absolute. */
        soup_server_message_set_status (message, SOUP_STATUS_FOUND, NULL);
        soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                      "Location", redirects[i].location);
        return;
      }
  g_assert_not_reached ();
}

/* A temporary redirect to the busy script, then the feed itself. */
static void
serve_redirect_once (SoupServer        *server,
                     SoupServerMessage *message,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  Fixture *fixture = user_data;

  count_request (fixture, message);
  if (fixture->flaky_requests++ > 0)
    {
      respond_feed (fixture, message);
      return;
    }
  soup_server_message_set_status (message, SOUP_STATUS_TEMPORARY_REDIRECT, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (message), "Location", "/script.json");
}

static gboolean
trickle_byte (gpointer data)
{
  SoupServerMessage *message = data;

  soup_message_body_append (soup_server_message_get_response_body (message), SOUP_MEMORY_STATIC, " ", 1);
  soup_server_message_unpause (message);
  return G_SOURCE_CONTINUE;
}

static void
stop_trickle (SoupServerMessage *message,
              gpointer           source)
{
  g_source_remove (GPOINTER_TO_UINT (source));
}

/* A 200 whose JSON body is sent in pieces, its headers at once. */
static SoupMessageHeaders *
start_streamed_response (Fixture           *fixture,
                         SoupServerMessage *message)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  count_request (fixture, message);
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "application/json", NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  return headers;
}

/* Headers at once, then JSON whitespace a byte at a time, every 100 ms:
 * never silent long enough for a timeout, never done. */
static void
serve_trickle (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  guint source;

  start_streamed_response (user_data, message);
  source = g_timeout_add_full (G_PRIORITY_DEFAULT, 100, trickle_byte, g_object_ref (message), g_object_unref);
  g_signal_connect (message, "finished", G_CALLBACK (stop_trickle), GUINT_TO_POINTER (source));
}

/* Headers at once, then a gzip body of spaces a few bytes at a time:
 * slow on the wire, each byte making a thousand spaces. It never ends
 * (it holds 4 MiB of spaces, more than the test waits for). */
#define COMPRESSED_PIECE 16

typedef struct
{
  SoupServerMessage *message;
  GBytes            *compressed;
  gsize              sent;
  guint              source;
} CompressedTrickle;

static void
compressed_trickle_free (gpointer data)
{
  CompressedTrickle *trickle = data;

  g_clear_handle_id (&trickle->source, g_source_remove);
  g_bytes_unref (trickle->compressed);
  g_free (trickle);
}

static gboolean
send_compressed_piece (gpointer data)
{
  CompressedTrickle *trickle = data;
  gsize len = MIN (COMPRESSED_PIECE, g_bytes_get_size (trickle->compressed) - trickle->sent);
  g_autoptr(GBytes) piece = NULL;

  if (len == 0)
    return G_SOURCE_CONTINUE;
  piece = g_bytes_new_from_bytes (trickle->compressed, trickle->sent, len);
  soup_message_body_append_bytes (soup_server_message_get_response_body (trickle->message), piece);
  trickle->sent += len;
  soup_server_message_unpause (trickle->message);
  return G_SOURCE_CONTINUE;
}

static void
serve_compressed_trickle (SoupServer        *server,
                          SoupServerMessage *message,
                          const char        *path,
                          GHashTable        *query,
                          gpointer           user_data)
{
  gsize n_spaces = 4 << 20;
  g_autofree char *spaces = g_malloc (n_spaces);
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GBytes) compressed = NULL;
  CompressedTrickle *trickle = g_new0 (CompressedTrickle, 1);

  memset (spaces, ' ', n_spaces);
  plain = g_bytes_new_take (g_steal_pointer (&spaces), n_spaces);
  compressed = gzip_bytes (plain);
  trickle->message = message;
  /* All but its end, which would close the stream. */
  trickle->compressed = g_bytes_new_from_bytes (compressed, 0, g_bytes_get_size (compressed) - 8);

  soup_message_headers_replace (start_streamed_response (user_data, message), "Content-Encoding", "gzip");
  trickle->source = g_timeout_add (50, send_compressed_piece, trickle);
  g_object_set_data_full (G_OBJECT (message), "trickle", trickle, compressed_trickle_free);
}

#define STEADY_PIECES      20
#define STEADY_INTERVAL_MS 50

typedef struct
{
  SoupServerMessage *message;
  GBytes            *feed;
  guint              sent;      /* pieces */
  guint              source;
} Steady;

static void
steady_free (Steady *steady)
{
  g_clear_handle_id (&steady->source, g_source_remove);
  g_object_unref (steady->message);
  g_bytes_unref (steady->feed);
  g_free (steady);
}

static gboolean
send_steady_piece (gpointer data)
{
  Steady *steady = data;
  SoupMessageBody *body = soup_server_message_get_response_body (steady->message);
  gsize len = g_bytes_get_size (steady->feed);
  gsize from = len * steady->sent / STEADY_PIECES;
  gsize to = len * ++steady->sent / STEADY_PIECES;
  g_autoptr(GBytes) piece = g_bytes_new_from_bytes (steady->feed, from, to - from);

  soup_message_body_append_bytes (body, piece);
  if (steady->sent == STEADY_PIECES)
    soup_message_body_complete (body);
  soup_server_message_unpause (steady->message);
  if (steady->sent < STEADY_PIECES)
    return G_SOURCE_CONTINUE;
  steady->source = 0;
  return G_SOURCE_REMOVE;
}

/* The feed in STEADY_PIECES pieces, one every STEADY_INTERVAL_MS: a slow
 * link, but one that keeps bringing it. */
static void
serve_steady (SoupServer        *server,
              SoupServerMessage *message,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Fixture *fixture = user_data;
  Steady *steady = g_new0 (Steady, 1);

  start_streamed_response (fixture, message);
  steady->message = g_object_ref (message);
  steady->feed = g_bytes_ref (fixture->feed);
  steady->source = g_timeout_add (STEADY_INTERVAL_MS, send_steady_piece, steady);
  g_object_set_data_full (G_OBJECT (message), "steady", steady, (GDestroyNotify) steady_free);
}

/* To the feed, by its full address on this computer. */
static void
serve_redirect_local (SoupServer        *server,
                      SoupServerMessage *message,
                      const char        *path,
                      GHashTable        *query,
                      gpointer           user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(GUri) feed = g_uri_parse_relative (fixture->base, "/feed.json", G_URI_FLAGS_NONE, NULL);
  g_autofree char *location = g_uri_to_string (feed);

  count_request (fixture, message);
  soup_server_message_set_redirect (message, SOUP_STATUS_FOUND, location);
}

/* Never answers. */
static void
serve_stall (SoupServer        *server,
             SoupServerMessage *message,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  Fixture *fixture = user_data;

  count_request (fixture, message);
  soup_server_message_pause (message);
}

/* The feed at an address whose escapes mean what they say: a signed
 * query's "%2B" is not a "+", nor "%20" a space that would break the
 * request's line. The same address redirected to from /escaped/moved. */
#define ESCAPED_PATH "/escaped/my%20feed.json"
#define ESCAPED_QUERY "sig=ab%2Bcd%2F%3D&name=a%26b"

static void
serve_escaped (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Fixture *fixture = user_data;
  GUri *uri = soup_server_message_get_uri (message);

  count_request (fixture, message);
  if (g_str_equal (path, "/escaped/moved"))
    {
      soup_server_message_set_status (message, SOUP_STATUS_FOUND, NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (message),
                                    "Location", ESCAPED_PATH "?" ESCAPED_QUERY);
    }
  /* The server reads the path unescaped, the query as sent. */
  else if (g_str_equal (path, "/escaped/my feed.json") &&
           g_strcmp0 (g_uri_get_query (uri), ESCAPED_QUERY) == 0)
    respond_feed (fixture, message);
  else
    soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
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
  accord_sync_set_retry_policy (fixture->sync, MAX_ATTEMPTS, 10, 5000);
  accord_sync_set_timeout (fixture->sync, 2);
  fixture->feed = accord_builtin_feed_get_bytes ();

  fixture->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fixture->server, "/feed.json", serve_feed, fixture, NULL);
  soup_server_add_handler (fixture->server, "/etag.json", serve_validated, fixture, NULL);
  soup_server_add_handler (fixture->server, "/last-modified.json", serve_validated, fixture, NULL);
  soup_server_add_handler (fixture->server, "/other.json", serve_other, fixture, NULL);
  soup_server_add_handler (fixture->server, "/unchanged.json", serve_unchanged, fixture, NULL);
  soup_server_add_handler (fixture->server, "/gzip.json", serve_gzip, fixture, NULL);
  soup_server_add_handler (fixture->server, "/script.json", serve_script, fixture, NULL);
  soup_server_add_handler (fixture->server, "/page.html", serve_refused, fixture, NULL);
  soup_server_add_handler (fixture->server, "/untyped", serve_refused, fixture, NULL);
  soup_server_add_handler (fixture->server, "/broken.json", serve_refused, fixture, NULL);
  soup_server_add_handler (fixture->server, "/newer.json", serve_refused, fixture, NULL);
  soup_server_add_handler (fixture->server, "/no-entity-kept.json", serve_refused, fixture, NULL);
  soup_server_add_handler (fixture->server, "/no-article-kept.json", serve_refused, fixture, NULL);
  soup_server_add_handler (fixture->server, "/stall.json", serve_stall, fixture, NULL);
  soup_server_add_handler (fixture->server, "/to-this-computer", serve_redirect_local, fixture, NULL);
  soup_server_add_handler (fixture->server, "/trickle.json", serve_trickle, fixture, NULL);
  soup_server_add_handler (fixture->server, "/compressed-trickle.json", serve_compressed_trickle, fixture, NULL);
  soup_server_add_handler (fixture->server, "/steady.json", serve_steady, fixture, NULL);
  soup_server_add_handler (fixture->server, "/redirects-once", serve_redirect_once, fixture, NULL);
  soup_server_add_handler (fixture->server, "/escaped", serve_escaped, fixture, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (redirects); i++)
    soup_server_add_handler (fixture->server, redirects[i].path, serve_redirect, fixture, NULL);
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
  g_free (fixture->user_agent);
  g_free (fixture->accept_encoding);
  g_free (fixture->if_none_match);
  g_free (fixture->if_modified_since);
  accord_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static char *
url_of (Fixture    *fixture,
        const char *path)
{
  g_autoptr(GUri) uri = g_uri_parse_relative (fixture->base, path, G_URI_FLAGS_NONE, NULL);

  return g_uri_to_string (uri);
}

static void
set_endpoint (Fixture    *fixture,
              const char *path)
{
  g_autofree char *url = url_of (fixture, path);

  accord_sync_set_endpoint (fixture->sync, url);
}

/* ---------------------------------------------------------------------- */
/* Running                                                                 */

typedef struct
{
  gboolean          done;
  gboolean          ok;
  AccordSyncResult  result;
  GError           *error;
  gint64            started;
  gint64            elapsed_ms;
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_clear_error (&outcome->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Outcome, outcome_clear)

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Outcome *outcome = user_data;

  g_assert_false (outcome->done);
  outcome->ok = accord_sync_run_finish (ACCORD_SYNC (object), result, &outcome->result, &outcome->error);
  outcome->elapsed_ms = (g_get_monotonic_time () - outcome->started) / 1000;
  outcome->done = TRUE;
}

static void
start_sync (Fixture      *fixture,
            GCancellable *cancellable,
            Outcome      *outcome)
{
  outcome->started = g_get_monotonic_time ();
  accord_sync_run_async (fixture->sync, cancellable, on_done, outcome);
}

static gboolean
keep_waking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates until @done, failing the test rather than hanging. */
static void
wait_until (const gboolean *done)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  guint wake = g_timeout_add (100, keep_waking, NULL);

  while (!*done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  g_assert_true (*done);
}

static void
run_sync (Fixture *fixture,
          Outcome *outcome)
{
  start_sync (fixture, NULL, outcome);
  wait_until (&outcome->done);
}

/* Another sync into the same @outcome, the last one's forgotten. */
static void
run_sync_again (Fixture *fixture,
                Outcome *outcome)
{
  g_clear_error (&outcome->error);
  outcome->done = FALSE;
  run_sync (fixture, outcome);
}

static void
assert_failed (Outcome    *outcome,
               GQuark      domain,
               int         code,
               const char *message)
{
  g_assert_false (outcome->ok);
  g_assert_error (outcome->error, domain, code);
  if (message != NULL)
    g_assert_cmpstr (outcome->error->message, ==, message);
}

/* ---------------------------------------------------------------------- */
/* What the store holds                                                    */

typedef struct
{
  guint                 n_entities;
  guint                 n_articles;
  guint                 n_bookmarks;
  char                 *first_title;
  AccordSnapshotOrigin  origin;
  gint64                generated;
  char                 *etag;
} StoreState;

static void
store_state_clear (StoreState *state)
{
  g_clear_pointer (&state->first_title, g_free);
  g_clear_pointer (&state->etag, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StoreState, store_state_clear)

static void
capture_state (AccordStore *store,
               StoreState  *state)
{
  g_autoptr(GListModel) entities = accord_store_list_entities (store, "en");
  g_autoptr(GListModel) articles = accord_store_list_articles (store, NULL, NULL, NULL);

  store_state_clear (state);
  state->n_entities = g_list_model_get_n_items (entities);
  state->n_articles = g_list_model_get_n_items (articles);
  state->n_bookmarks = accord_store_get_n_bookmarks (store);
  if (state->n_articles > 0)
    {
      g_autoptr(AccordArticle) first = g_list_model_get_item (articles, 0);

      state->first_title = g_strdup (accord_article_get_title (first, "en", NULL));
    }
  state->origin = accord_store_get_snapshot_origin (store);
  state->generated = accord_store_get_snapshot_generated (store);
  state->etag = accord_store_dup_sync_state (store, "etag");
}

static void
assert_state_unchanged (AccordStore      *store,
                        const StoreState *before)
{
  g_auto(StoreState) now = { 0 };

  capture_state (store, &now);
  g_assert_cmpuint (now.n_entities, ==, before->n_entities);
  g_assert_cmpuint (now.n_articles, ==, before->n_articles);
  g_assert_cmpuint (now.n_bookmarks, ==, before->n_bookmarks);
  g_assert_cmpstr (now.first_title, ==, before->first_title);
  g_assert_cmpint (now.origin, ==, before->origin);
  g_assert_cmpint (now.generated, ==, before->generated);
  g_assert_cmpstr (now.etag, ==, before->etag);
}

static void
bookmark_first_article (AccordStore *store)
{
  g_autoptr(GListModel) articles = accord_store_list_articles (store, NULL, NULL, NULL);
  g_autoptr(AccordArticle) first = g_list_model_get_item (articles, 0);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (first);
  accord_store_add_bookmark (store, first, ACCORD_BOOKMARK_NOW, &error);
  g_assert_no_error (error);
}

/* A small snapshot from a file, not the feed the server serves, and a
 * bookmark: what a failed sync must leave alone. */
static void
seed_store (Fixture    *fixture,
            StoreState *state)
{
  g_autoptr(GBytes) bytes = load_small_feed ();
  g_autoptr(AccordFeed) feed = NULL;
  g_autoptr(GError) error = NULL;
  AccordImportStats stats;

  feed = accord_feed_parse (bytes, NULL, &error);
  g_assert_no_error (error);
  accord_store_import_feed (fixture->store, feed, ACCORD_SNAPSHOT_FILE, NULL, &stats, &error);
  g_assert_no_error (error);
  bookmark_first_article (fixture->store);

  capture_state (fixture->store, state);
  g_assert_cmpuint (state->n_entities, ==, 2);
  g_assert_cmpuint (state->n_articles, ==, 2);
  g_assert_cmpuint (state->n_bookmarks, ==, 1);
  g_assert_cmpstr (state->first_title, ==, "GPAI summit opens");
}

static void
assert_last_error (Fixture    *fixture,
                   const char *message)
{
  g_autofree char *last_error = accord_store_dup_sync_state (fixture->store, "last-error");

  g_assert_cmpstr (last_error, ==, message);
}

/* A failed sync: the snapshot, the bookmarks and the last success as they
 * were, the reason recorded in the user's words. */
static void
assert_store_kept (Fixture          *fixture,
                   const StoreState *before,
                   Outcome          *outcome)
{
  assert_state_unchanged (fixture->store, before);
  g_assert_cmpint (accord_store_get_sync_time (fixture->store, "last-success"), ==, 0);
  g_assert_cmpint (accord_store_get_sync_time (fixture->store, "last-attempt"), >, 0);
  assert_last_error (fixture, outcome->error->message);
}

/* ---------------------------------------------------------------------- */
/* Success                                                                 */

static void
assert_builtin_synced (Fixture *fixture,
                       Outcome *outcome)
{
  g_assert_no_error (outcome->error);
  g_assert_true (outcome->ok);
  g_assert_false (outcome->result.not_modified);
  g_assert_cmpuint (outcome->result.http_status, ==, SOUP_STATUS_OK);
  g_assert_cmpuint (outcome->result.stats.n_articles, ==, 12);
  g_assert_cmpuint (outcome->result.stats.n_entities, ==, 11);
  g_assert_cmpint (accord_store_get_snapshot_origin (fixture->store), ==, ACCORD_SNAPSHOT_SYNC);
  g_assert_cmpint (accord_store_get_sync_time (fixture->store, "last-success"), >, 0);
  g_assert_cmpint (accord_store_get_sync_time (fixture->store, "last-check"), >, 0);
  assert_last_error (fixture, NULL);
}

static void
test_first_sync (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_auto(Outcome) outcome = { 0 };
  g_auto(StoreState) state = { 0 };

  set_endpoint (fixture, "/feed.json");
  run_sync (fixture, &outcome);

  assert_builtin_synced (fixture, &outcome);
  g_assert_cmpuint (fixture->requests, ==, 1);
  /* Nothing to validate against yet. */
  g_assert_null (fixture->if_none_match);
  g_assert_null (fixture->if_modified_since);

  capture_state (fixture->store, &state);
  g_assert_cmpuint (state.n_articles, ==, 12);
  g_assert_cmpuint (state.n_entities, ==, 11);
  g_assert_null (state.etag);
  g_assert_false (accord_sync_get_running (fixture->sync));
}

/* https to a server that speaks plain http: no secure connection, which
 * is not a matter of certificates. */
static void
test_not_tls (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_auto(Outcome) outcome = { 0 };
  RawServer *raw = raw_server_new (RAW_PLAIN_AT_ONCE);
  g_autofree char *https = g_strconcat ("https", raw->url + strlen ("http"), NULL);

  accord_sync_set_endpoint (fixture->sync, https);
  run_sync (fixture, &outcome);
  assert_failed (&outcome, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_TLS, NULL);
  g_assert_true (g_str_has_prefix (outcome.error->message, "no secure connection could be made with the server ("));

  raw_server_free (raw);
}

/* The feed as the type in @user_data; the fixture is the server's. */
static void
serve_typed (SoupServer        *server,
             SoupServerMessage *message,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  Fixture *fixture = g_object_get_data (G_OBJECT (server), "fixture");

  count_request (fixture, message);
  respond_feed_as (fixture, message, user_data);
}

/* Media types are not case-sensitive: a feed+JSON is JSON. */

static void
test_type_in_any_case (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_auto(Outcome) outcome = { 0 };

  g_object_set_data (G_OBJECT (fixture->server), "fixture", fixture);
  soup_server_add_handler (fixture->server, "/upper.json", serve_typed, (gpointer) "Application/Feed+JSON", NULL);
  set_endpoint (fixture, "/upper.json");
  run_sync (fixture, &outcome);
  assert_builtin_synced (fixture, &outcome);
}

static void
test_user_agent (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_auto(Outcome) outcome = { 0 };

  set_endpoint (fixture, "/feed.json");
  run_sync (fixture, &outcome);

  g_assert_no_error (outcome.error);
  g_assert_cmpstr (fixture->user_agent, ==, "Accord/" PACKAGE_VERSION);
}

/* A second sync of an unchanged feed is answered 304, through the
 * validator the server gave; it changes nothing but the check times. */
static void
test_not_modified (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gboolean by_etag = GPOINTER_TO_INT (user_data);
  g_auto(Outcome) first = { 0 };
  g_auto(Outcome) second = { 0 };
  g_auto(StoreState) before = { 0 };
  g_autofree char *etag = NULL;
  g_autofree char *last_modified = NULL;
  const char *keys[] = { "last-check", "last-success", NULL };
  const char *values[] = { "1", "1", NULL };
  g_autoptr(GError) error = NULL;

  set_endpoint (fixture, by_etag ? "/etag.json" : "/last-modified.json");
  run_sync (fixture, &first);
  assert_builtin_synced (fixture, &first);

  etag = accord_store_dup_sync_state (fixture->store, "etag");
  last_modified = accord_store_dup_sync_state (fixture->store, "last-modified");
  g_assert_cmpstr (etag, ==, by_etag ? FEED_ETAG : NULL);
  g_assert_cmpstr (last_modified, ==, by_etag ? NULL : FEED_LAST_MODIFIED);

  bookmark_first_article (fixture->store);
  /* Times in the past, to see which ones the 304 moves. */
  accord_store_set_sync_state (fixture->store, keys, values, &error);
  g_assert_no_error (error);
  capture_state (fixture->store, &before);

  run_sync (fixture, &second);

  g_assert_no_error (second.error);
  g_assert_true (second.ok);
  g_assert_true (second.result.not_modified);
  g_assert_cmpuint (second.result.http_status, ==, SOUP_STATUS_NOT_MODIFIED);
  g_assert_cmpuint (fixture->requests, ==, 2);
  g_assert_cmpstr (fixture->if_none_match, ==, by_etag ? FEED_ETAG : NULL);
  g_assert_cmpstr (fixture->if_modified_since, ==, by_etag ? NULL : FEED_LAST_MODIFIED);

  assert_state_unchanged (fixture->store, &before);
  g_assert_cmpuint (before.n_articles, ==, 12);
  g_assert_cmpuint (before.n_bookmarks, ==, 1);
  {
    g_autofree char *lm = accord_store_dup_sync_state (fixture->store, "last-modified");
    g_assert_cmpstr (lm, ==, last_modified);
  }
  g_assert_cmpint (accord_store_get_sync_time (fixture->store, "last-check"), >, 1);
  g_assert_cmpint (accord_store_get_sync_time (fixture->store, "last-success"), >, 1);
  assert_last_error (fixture, NULL);
}

/* Validators are only sent to the address that gave them: a new server
 * that would take them must not turn a new feed into "up to date". */
static void
test_validators_follow_address (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autofree char *other = url_of (fixture, "/other.json");
  g_autofree char *validated = NULL;
  g_auto(Outcome) first = { 0 };
  g_auto(Outcome) second = { 0 };
  g_auto(Outcome) third = { 0 };
  g_auto(StoreState) state = { 0 };

  set_endpoint (fixture, "/etag.json");
  run_sync (fixture, &first);
  assert_builtin_synced (fixture, &first);

  accord_sync_set_endpoint (fixture->sync, other);
  run_sync (fixture, &second);

  g_assert_no_error (second.error);
  g_assert_false (second.result.not_modified);
  g_assert_null (fixture->if_none_match);
  capture_state (fixture->store, &state);
  g_assert_cmpuint (state.n_articles, ==, 2);
  g_assert_cmpstr (state.first_title, ==, "GPAI summit opens");
  g_assert_cmpstr (state.etag, ==, FEED_ETAG);
  validated = accord_store_dup_sync_state (fixture->store, "validators-url");
  g_assert_cmpstr (validated, ==, other);

  /* And they are used where they belong. */
  run_sync (fixture, &third);
  g_assert_no_error (third.error);
  g_assert_true (third.result.not_modified);
  g_assert_cmpstr (fixture->if_none_match, ==, FEED_ETAG);
}

/* A 304 to a request without validators says nothing about the data. */
static void
test_not_modified_unasked (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_auto(Outcome) outcome = { 0 };
  g_auto(StoreState) before = { 0 };

  seed_store (fixture, &before);
  set_endpoint (fixture, "/unchanged.json");
  run_sync (fixture, &outcome);

  assert_failed (&outcome, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_HTTP,
                 "the server answered 304 (not modified), though Accord asked for the whole feed");
  g_assert_null (fixture->if_none_match);
  g_assert_null (fixture->if_modified_since);
  g_assert_cmpuint (fixture->requests, ==, 1);
  assert_store_kept (fixture, &before, &outcome);
}

static void
test_gzip (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_auto(Outcome) outcome = { 0 };

  set_endpoint (fixture, "/gzip.json");
  run_sync (fixture, &outcome);

  assert_builtin_synced (fixture, &outcome);
  g_assert_cmpuint (fixture->requests, ==, 1);
  g_assert_nonnull (fixture->accept_encoding);
  g_assert_nonnull (strstr (fixture->accept_encoding, "gzip"));
}

/* Two runs asked for at once share one request and one result. */
static void
test_overlapping_runs (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_auto(Outcome) first = { 0 };
  g_auto(Outcome) second = { 0 };

  set_endpoint (fixture, "/feed.json");
  start_sync (fixture, NULL, &first);
  g_assert_true (accord_sync_get_running (fixture->sync));
  start_sync (fixture, NULL, &second);
  wait_until (&first.done);
  wait_until (&second.done);

  g_assert_cmpuint (fixture->requests, ==, 1);
  assert_builtin_synced (fixture, &first);
  assert_builtin_synced (fixture, &second);
  g_assert_cmpmem (&first.result, sizeof first.result, &second.result, sizeof second.result);
  g_assert_false (accord_sync_get_running (fixture->sync));
}

/* ---------------------------------------------------------------------- */
/* HTTP statuses                                                           */

static void
set_script (Fixture     *fixture,
            const guint *statuses,
            guint        n_statuses,
            const char  *retry_after)
{
  fixture->statuses = statuses;
  fixture->n_statuses = n_statuses;
  fixture->retry_after = retry_after;
  set_endpoint (fixture, "/script.json");
}

typedef struct
{
  sqlite3 *db;
  gint     released;   /* atomic */
} HeldLock;

static gpointer
release_lock_later (gpointer data)
{
  HeldLock *lock = data;

  g_usleep (300 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (sqlite3_exec (lock->db, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  g_atomic_int_set (&lock->released, TRUE);
  return NULL;
}

/* Another process writing, a long import say, holds the database: a sync
 * starts and ends without the window waiting for it. */
static void
test_state_written_in_background (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  static const guint statuses[] = { SOUP_STATUS_NOT_FOUND };
  g_autofree char *path = g_build_filename (fixture->dir, "accord.db", NULL);
  g_auto(Outcome) outcome = { 0 };
  g_autofree char *last_error = NULL;
  HeldLock lock = { NULL, FALSE };
  GThread *releaser;

  set_script (fixture, statuses, G_N_ELEMENTS (statuses), NULL);
  g_assert_cmpint (sqlite3_open (path, &lock.db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (lock.db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  releaser = g_thread_new ("release", release_lock_later, &lock);

  start_sync (fixture, NULL, &outcome);
  /* Back at once, long before the lock goes. */
  g_assert_false (g_atomic_int_get (&lock.released));

  wait_until (&outcome.done);
  g_thread_join (releaser);
  sqlite3_close (lock.db);
  g_assert_true (g_atomic_int_get (&lock.released));
  assert_failed (&outcome, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_HTTP,
                 "the server answered 404: there is no feed at this address");
  /* Stored by the time the caller hears of it. */
  last_error = accord_store_dup_sync_state (fixture->store, "last-error");
  g_assert_cmpstr (last_error, ==, "the server answered 404: there is no feed at this address");
}

/* A status that will not change: reported, and not asked again. */
static void
check_not_retried (Fixture    *fixture,
                   guint       status,
                   const char *message)
{
  const guint statuses[] = { status };
  g_auto(Outcome) outcome = { 0 };
  g_auto(StoreState) before = { 0 };

  seed_store (fixture, &before);
  set_script (fixture, statuses, G_N_ELEMENTS (statuses), NULL);
  run_sync (fixture, &outcome);

  assert_failed (&outcome, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_HTTP, message);
  g_assert_cmpuint (fixture->requests, ==, 1);
  assert_store_kept (fixture, &before, &outcome);
  /* Noted as a reason that will not pass, for the window to offer it
   * rather than a retry. */
  {
    g_autofree char *lasting = accord_store_dup_sync_state (fixture->store, "last-error-lasting");

    g_assert_cmpstr (lasting, ==, "1");
  }
}

static void
test_not_found (Fixture       *fixture,
                gconstpointer  user_data)
{
  check_not_retried (fixture, SOUP_STATUS_NOT_FOUND, "the server answered 404: there is no feed at this address");
}

/* 511 is what a network's sign-in page answers: the user is told to
 * sign in, at once, not that the server has a problem to try later. */
static void
test_network_sign_in_status (Fixture       *fixture,
                             gconstpointer  user_data)
{
  const guint statuses[] = { 511 };
  g_auto(Outcome) outcome = { 0 };
  g_auto(StoreState) before = { 0 };

  seed_store (fixture, &before);
  set_script (fixture, statuses, G_N_ELEMENTS (statuses), NULL);
  run_sync (fixture, &outcome);

  assert_failed (&outcome, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_SIGN_IN,
                 "this network asks you to sign in on a web page before Accord can reach the feed");
  g_assert_cmpuint (fixture->requests, ==, 1);
  assert_store_kept (fixture, &before, &outcome);
}

/* A proxy that changed the feed on its way says 203, not 200: the feed
 * is still the feed. */
static void
serve_transformed (SoupServer        *server,
                   SoupServerMessage *message,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  Fixture *fixture = user_data;

  count_request (fixture, message);
  respond_feed (fixture, message);
  soup_server_message_set_status (message, SOUP_STATUS_NON_AUTHORITATIVE, NULL);
}

static void
test_non_authoritative (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_auto(Outcome) outcome = { 0 };

  soup_server_add_handler (fixture->server, "/transformed.json", serve_transformed, fixture, NULL);
  set_endpoint (fixture, "/transformed.json");
  run_sync (fixture, &outcome);
  g_assert_no_error (outcome.error);
  g_assert_cmpuint (outcome.result.http_status, ==, SOUP_STATUS_NON_AUTHORITATIVE);
  g_assert_cmpuint (outcome.result.stats.n_entities, ==, 11);
  g_assert_cmpint (accord_store_get_snapshot_origin (fixture->store), ==, ACCORD_SNAPSHOT_SYNC);
}

/* Statuses that need a word of explanation, and no retry. */
static void
test_refusals_explained (Fixture       *fixture,
                         gconstpointer  user_data)
{
  const struct { guint status; const char *message; } refusals[] = {
    { SOUP_STATUS_UNAUTHORIZED, "the server answered 401: this feed needs a login, which Accord cannot give" },
    { SOUP_STATUS_FORBIDDEN, "the server answered 403: access to this feed is refused" },
    { SOUP_STATUS_GONE, "the server answered 410: this feed has been removed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      fixture->script_requests = 0;
      fixture->requests = 0;
      check_not_retried (fixture, refusals[i].status, refusals[i].message);
    }
}

static void
test_server_error_then_ok (Fixture       *fixture,
                           gconstpointer  user_data)
{
  static const guint statuses[] = { SOUP_STATUS_INTERNAL_SERVER_ERROR, SOUP_STATUS_OK };
  g_auto(Outcome) outcome = { 0 };
  g_auto(StoreState) before = { 0 };
  g_auto(StoreState) after = { 0 };

  seed_store (fixture, &before);
  set_script (fixture, statuses, G_N_ELEMENTS (statuses), NULL);
  run_sync (fixture, &outcome);

  assert_builtin_synced (fixture, &outcome);
  g_assert_cmpuint (fixture->requests, ==, 2);

  /* The new snapshot, and the bookmark kept. */
  capture_state (fixture->store, &after);
  g_assert_cmpuint (after.n_articles, ==, 12);
  g_assert_cmpuint (after.n_bookmarks, ==, 1);
}

static void
test_unavailable_gives_up (Fixture       *fixture,
                           gconstpointer  user_data)
{
  static const guint statuses[] = { SOUP_STATUS_SERVICE_UNAVAILABLE };
  g_auto(Outcome) outcome = { 0 };
  g_auto(StoreState) before = { 0 };

  seed_store (fixture, &before);
  set_script (fixture, statuses, G_N_ELEMENTS (statuses), NULL);
  run_sync (fixture, &outcome);

  assert_failed (&outcome, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_HTTP, "the server answered 503: it has a problem of its own, try again later");
  g_assert_cmpuint (fixture->requests, ==, MAX_ATTEMPTS);
  assert_store_kept (fixture, &before, &outcome);
  /* One that may pass. */
  {
    g_autofree char *lasting = accord_store_dup_sync_state (fixture->store, "last-error-lasting");

    g_assert_null (lasting);
  }
}

/* A 5xx that says the server cannot do this at all is not retried. */
static void
test_not_implemented_not_retried (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  check_not_retried (fixture, SOUP_STATUS_NOT_IMPLEMENTED, "the server answered 501");
}

static void
test_too_many_requests_waits (Fixture       *fixture,
                              gconstpointer  user_data)
{
  static const guint statuses[] = { 429, SOUP_STATUS_OK };
  g_auto(Outcome) outcome = { 0 };

  set_script (fixture, statuses, G_N_ELEMENTS (statuses), "1");
  run_sync (fixture, &outcome);

  assert_builtin_synced (fixture, &outcome);
  g_assert_cmpuint (fixture->requests, ==, 2);
  /* The retry waited as long as the server asked, not the 10 ms backoff. */
  g_assert_cmpint (outcome.elapsed_ms, >=, 1000);
  g_assert_cmpint (outcome.elapsed_ms, <, 5000);
}

/* A Retry-After that is neither seconds nor a date is no wait at all:
 * "-5" once read as 2^64 - 5 seconds, and the refresh gave up. */
static void
test_malformed_retry_after_ignored (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  static const guint statuses[] = { 429, SOUP_STATUS_OK };
  g_auto(Outcome) outcome = { 0 };

  set_script (fixture, statuses, G_N_ELEMENTS (statuses), user_data);
  run_sync (fixture, &outcome);

  assert_builtin_synced (fixture, &outcome);
  g_assert_cmpuint (fixture->requests, ==, 2);
  g_assert_cmpint (outcome.elapsed_ms, <, 1000);
}

static void
test_too_many_requests_gives_up (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  static const guint statuses[] = { 429 };
  g_auto(Outcome) outcome = { 0 };
  g_auto(StoreState) before = { 0 };

  seed_store (fixture, &before);
  /* Longer than the 5 s the policy lets it wait. */
  set_script (fixture, statuses, G_N_ELEMENTS (statuses), "10");
  run_sync (fixture, &outcome);

  assert_failed (&outcome, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_HTTP,
                 "the server answered 429: too many requests, try again later;"
                 " the server asks to wait 1 minute before trying again");
  g_assert_cmpuint (fixture->requests, ==, 1);
  g_assert_cmpint (outcome.elapsed_ms, <, 1000);
  assert_store_kept (fixture, &before, &outcome);
}

/* ---------------------------------------------------------------------- */
/* Broken connections                                                      */

static void
test_timeout (Fixture       *fixture,
              gconstpointer  user_data)
{
  RawServer *raw = raw_server_new (RAW_HOLD);
  g_auto(Outcome) outcome = { 0 };
  g_auto(StoreState) before = { 0 };

  seed_store (fixture, &before);
  accord_sync_set_timeout (fixture->sync, 1);
  accord_sync_set_retry_policy (fixture->sync, 2, 10, 1000);
  accord_sync_set_endpoint (fixture->sync, raw->url);
  run_sync (fixture, &outcome);

  assert_failed (&outcome, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_TIMEOUT, "the server did not answer in time");
  /* Two attempts of a second each, not the 30 s default. */
  g_assert_cmpint (outcome.elapsed_ms, >=, 1000);
  g_assert_cmpint (outcome.elapsed_ms, <, 10000);
  g_assert_cmpuint (raw->accepted, ==, 2);
  assert_store_kept (fixture, &before, &outcome);

  raw_server_free (raw);
}

/* A refresh of a seeded store from @path, in @attempts of half a second
 * each at @min_bytes_per_s, given up on as too slow. */
static void
sync_too_slow (Fixture    *fixture,
               const char *path,
               guint       min_bytes_per_s,
               guint       attempts,
               Outcome    *outcome,
               StoreState *before)
{
  seed_store (fixture, before);
  accord_sync_set_deadline (fixture->sync, 500, min_bytes_per_s);
  accord_sync_set_retry_policy (fixture->sync, attempts, 10, 1000);
  set_endpoint (fixture, path);
  run_sync (fixture, outcome);

  assert_failed (outcome, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_TIMEOUT, "the server took too long to send the feed");
  g_assert_cmpuint (fixture->requests, ==, attempts);
  g_assert_cmpint (outcome->elapsed_ms, <, 5000);
}

/* A server that keeps sending, too slowly to ever finish, is given up on
 * like one that stops answering. */
static void
test_too_slow (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_auto(Outcome) outcome = { 0 };
  g_auto(StoreState) before = { 0 };

  sync_too_slow (fixture, "/trickle.json", 1000, 2, &outcome, &before);
  /* Two attempts of half a second each, though bytes kept coming. */
  g_assert_cmpint (outcome.elapsed_ms, >=, 1000);
  g_assert_false (accord_sync_get_running (fixture->sync));
  assert_store_kept (fixture, &before, &outcome);
}

/* The same for a compressed body, though the spaces its few bytes make
 * come well above the slowest rate allowed: what counts is the pace of
 * the bytes sent. */
static void
test_too_slow_compressed (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_auto(Outcome) outcome = { 0 };
  g_auto(StoreState) before = { 0 };

  /* 320 bytes a second on the wire make some 300 KiB of spaces. */
  sync_too_slow (fixture, "/compressed-trickle.json", 2000, 1, &outcome, &before);
  assert_store_kept (fixture, &before, &outcome);
}

/* A feed that takes longer than the deadline to come, but keeps coming
 * well above the slowest rate allowed, is waited for to its end. */
static void
test_slow_but_steady (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_auto(Outcome) outcome = { 0 };
  gsize len = g_bytes_get_size (fixture->feed);
  guint sending_ms = STEADY_PIECES * STEADY_INTERVAL_MS;

  /* The feed comes in a second at four times the slowest rate allowed;
   * the deadline alone would cut it at a fifth of its length. */
  accord_sync_set_deadline (fixture->sync, sending_ms / 5, (guint) (len * 1000 / sending_ms / 4));
  accord_sync_set_retry_policy (fixture->sync, 1, 10, 1000);
  set_endpoint (fixture, "/steady.json");
  run_sync (fixture, &outcome);

  assert_builtin_synced (fixture, &outcome);
  g_assert_cmpuint (fixture->requests, ==, 1);
  g_assert_cmpint (outcome.elapsed_ms, >=, sending_ms - STEADY_INTERVAL_MS);
}

/* A refresh of a seeded store from a raw server in @mode. */
static RawServer *
sync_from_raw (Fixture    *fixture,
               RawMode     mode,
               StoreState *before,
               Outcome    *outcome)
{
  RawServer *raw = raw_server_new (mode);

  seed_store (fixture, before);
  accord_sync_set_endpoint (fixture->sync, raw->url);
  run_sync (fixture, outcome);
  return raw;
}

/* A body cut short, whether libsoup says so (RAW_TRUNCATED) or ends it
 * quietly on a closed connection, whole as what came may look
 * (RAW_CLOSE_EARLY), or compressed, libsoup's decoder then ending it
 * quietly too: tried again, stored not. */
static void
test_truncated (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_auto(Outcome) outcome = { 0 };
  g_auto(StoreState) before = { 0 };
  RawServer *raw = sync_from_raw (fixture, GPOINTER_TO_INT (user_data), &before, &outcome);

  /* Transient: tried as often as the policy says. */
  assert_failed (&outcome, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_TRUNCATED,
                 "the connection was cut before the end of the feed");
  g_assert_cmpuint (raw->accepted, ==, MAX_ATTEMPTS);
  assert_store_kept (fixture, &before, &outcome);

  raw_server_free (raw);
}

/* A compressed feed whose connection closes at its end: whole, however
 * fewer its bytes than the feed's. */
static void
test_gzip_then_closed (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_auto(Outcome) outcome = { 0 };
  RawServer *raw = raw_server_new (RAW_GZIP_CLOSE);

  accord_sync_set_endpoint (fixture->sync, raw->url);
  run_sync (fixture, &outcome);

  assert_builtin_synced (fixture, &outcome);
  g_assert_cmpuint (raw->accepted, ==, 1);
  raw_server_free (raw);
}

/* A server that does not speak HTTP will not a moment later. */
static void
test_not_http (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_auto(Outcome) outcome = { 0 };
  g_auto(StoreState) before = { 0 };
  RawServer *raw = sync_from_raw (fixture, RAW_NOT_HTTP, &before, &outcome);

  assert_failed (&outcome, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_NOT_HTTP, "the server’s answer is not HTTP");
  g_assert_cmpuint (raw->accepted, ==, 1);
  assert_store_kept (fixture, &before, &outcome);
  raw_server_free (raw);
}

/* An answer libsoup cannot read as sent is not a network failure, and
 * would be sent the same way a moment later. */
static void
test_unknown_transfer_encoding (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_auto(Outcome) outcome = { 0 };
  g_auto(StoreState) before = { 0 };
  RawServer *raw = sync_from_raw (fixture, RAW_UNKNOWN_TRANSFER, &before, &outcome);

  g_assert_error (outcome.error, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_NOT_HTTP);
  g_assert_true (g_str_has_prefix (outcome.error->message, "the server’s answer is sent in a way Accord cannot read ("));
  g_assert_cmpuint (raw->accepted, ==, 1);
  assert_store_kept (fixture, &before, &outcome);
  raw_server_free (raw);
}

/* Headers too large to read are not a feed cut short, and would come
 * as large a moment later: not tried again. */
static void
test_huge_header (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_auto(Outcome) outcome = { 0 };
  g_auto(StoreState) before = { 0 };
  RawServer *raw = sync_from_raw (fixture, RAW_HUGE_HEADER, &before, &outcome);

  assert_failed (&outcome, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_NOT_HTTP,
                 "the server’s answer has headers too large to read");
  g_assert_cmpuint (raw->accepted, ==, 1);
  assert_store_kept (fixture, &before, &outcome);
  raw_server_free (raw);
}

/* The most the kernel may buffer on a TCP connection: what a server can
 * get rid of before the client has read it. */
static guint64
socket_buffers_max (void)
{
  const char *files[] = { "/proc/sys/net/ipv4/tcp_rmem", "/proc/sys/net/ipv4/tcp_wmem" };
  guint64 total = 0;

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *contents = NULL;
      guint64 max;

      if (g_file_get_contents (files[i], &contents, NULL, NULL) &&
          sscanf (contents, "%*u %*u %" G_GUINT64_FORMAT, &max) == 1)
        total += max;
      else
        total += 16 * MiB;
    }
  return total;
}

static void
test_too_large_endless (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_auto(Outcome) outcome = { 0 };
  g_auto(StoreState) before = { 0 };
  guint64 sent;
  RawServer *raw = sync_from_raw (fixture, RAW_ENDLESS, &before, &outcome);

  assert_failed (&outcome, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_TOO_LARGE, "the feed is larger than 64 MiB");
  /* Permanent: one request. */
  g_assert_cmpuint (raw->accepted, ==, 1);
  assert_store_kept (fixture, &before, &outcome);

  /* Stopped while reading: the server could send no more than the cap and
   * what the socket buffers hold before the client hung up, not the
   * 512 MiB it had. */
  raw_server_wait_idle (raw);
  sent = raw_server_get_bytes_sent (raw);
  g_test_message ("the server sent %" G_GUINT64_FORMAT " bytes; socket buffers hold up to %" G_GUINT64_FORMAT,
                  sent, socket_buffers_max ());
  g_assert_cmpuint (sent, >, 64 * MiB);
  g_assert_cmpuint (sent, <, 64 * MiB + socket_buffers_max () + 4 * MiB);

  raw_server_free (raw);
}

/* Past the limit, what was read is still enough to see the feed of a
 * newer format, which may well allow more: it says so, not that it is
 * too large. */
static void
test_too_large_newer (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_auto(Outcome) outcome = { 0 };
  g_auto(StoreState) before = { 0 };
  RawServer *raw = sync_from_raw (fixture, RAW_ENDLESS_NEWER, &before, &outcome);

  assert_failed (&outcome, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_REFUSED_FEED, "this feed needs a newer Accord");
  g_assert_cmpuint (raw->accepted, ==, 1);
  assert_store_kept (fixture, &before, &outcome);

  raw_server_free (raw);
}

static void
test_too_large_declared (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_auto(Outcome) outcome = { 0 };
  g_auto(StoreState) before = { 0 };
  RawServer *raw = sync_from_raw (fixture, RAW_HUGE_LENGTH, &before, &outcome);

  /* Refused from the headers, without waiting for a body. */
  assert_failed (&outcome, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_TOO_LARGE, "the feed is larger than 64 MiB");
  g_assert_cmpint (outcome.elapsed_ms, <, 1000);
  g_assert_cmpuint (raw->accepted, ==, 1);
  assert_store_kept (fixture, &before, &outcome);

  raw_server_free (raw);
}

/* ---------------------------------------------------------------------- */
/* Refused documents                                                       */

static void
check_refused_document (Fixture       *fixture,
                       const char    *path,
                       int            code,
                       const char    *expected_prefix,
                       const char    *expected_part)
{
  g_auto(Outcome) outcome = { 0 };
  g_auto(StoreState) before = { 0 };

  seed_store (fixture, &before);
  set_endpoint (fixture, path);
  run_sync (fixture, &outcome);

  assert_failed (&outcome, ACCORD_SYNC_ERROR, code, NULL);
  if (expected_prefix != NULL)
    g_assert_true (g_str_has_prefix (outcome.error->message, expected_prefix));
  if (expected_part != NULL)
    g_assert_nonnull (strstr (outcome.error->message, expected_part));
  /* Permanent: asking again would get the same document. */
  g_assert_cmpuint (fixture->requests, ==, 1);
  assert_store_kept (fixture, &before, &outcome);
}

/* A sync from an address that serves the feed as @type. */
static void
sync_typed (Fixture    *fixture,
            const char *type,
            Outcome    *outcome)
{
  g_autofree char *path = g_strdup_printf ("/typed-%u", g_str_hash (type));

  g_object_set_data (G_OBJECT (fixture->server), "fixture", fixture);
  soup_server_add_handler (fixture->server, path, serve_typed, (gpointer) type, NULL);
  set_endpoint (fixture, path);
  run_sync (fixture, outcome);
}

static void
test_not_json (Fixture       *fixture,
               gconstpointer  user_data)
{
  static const char *const types[] = { "image/png", "application/rss+xml", "text/xml; charset=utf-8" };

  check_refused_document (fixture, "/page.html", ACCORD_SYNC_ERROR_NOT_JSON,
                         "the server sent “text/html”, not a JSON feed", NULL);

  /* Other kinds of documents, named as such. */
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_auto(Outcome) outcome = { 0 };

      sync_typed (fixture, types[i], &outcome);
      assert_failed (&outcome, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_NOT_JSON, NULL);
    }
}

/* A file server that does not know .json: no type, text/plain as
 * GitHub's raw files have, an object store's binary/octet-stream, an
 * older server's names for JSON. The feed is read all the same. */
static void
test_untyped (Fixture       *fixture,
              gconstpointer  user_data)
{
  static const char *const types[] = {
    "text/plain; charset=utf-8", "binary/octet-stream", "application/x-json", "text/javascript",
  };
  g_auto(Outcome) outcome = { 0 };

  set_endpoint (fixture, "/untyped");
  run_sync (fixture, &outcome);
  assert_builtin_synced (fixture, &outcome);

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_auto(Outcome) typed = { 0 };

      sync_typed (fixture, types[i], &typed);
      g_assert_no_error (typed.error);
      g_assert_true (typed.ok);
    }
}

/* @bytes gzipped, then damaged in the middle (libsoup then hands on the
 * bytes as they came, which are no text). */
static GBytes *
damaged_gzip (GBytes *bytes)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  g_autoptr(GError) error = NULL;
  gsize len;
  guchar *data;

  g_output_stream_write_all (out, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, &error);
  g_assert_no_error (error);
  len = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (memory));
  data = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (memory));
  memset (data + len / 2, 0xff, 64);
  return g_bytes_new_take (data, len);
}

/* The feed, said to be compressed in @user_data's encoding: for gzip,
 * compressed but damaged; for Brotli, not compressed at all. */
static void
serve_falsely_encoded (SoupServer        *server,
                       SoupServerMessage *message,
                       const char        *path,
                       GHashTable        *query,
                       gpointer           user_data)
{
  Fixture *fixture = g_object_get_data (G_OBJECT (server), "fixture");
  g_autoptr(GBytes) body = g_str_equal (user_data, "gzip") ? damaged_gzip (fixture->feed)
                                                           : g_bytes_ref (fixture->feed);

  count_request (fixture, message);
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  soup_message_headers_replace (soup_server_message_get_response_headers (message), "Content-Encoding",
                                user_data);
}

/* A body that cannot be decompressed is no network trouble: said so, and
 * not asked for again. */
static void
test_bad_encoding (Fixture       *fixture,
                   gconstpointer  user_data)
{
  const char *encodings[] = { "gzip", "br" };

  g_object_set_data (G_OBJECT (fixture->server), "fixture", fixture);
  soup_server_add_handler (fixture->server, "/gzip.json", serve_falsely_encoded, (gpointer) "gzip", NULL);
  soup_server_add_handler (fixture->server, "/br.json", serve_falsely_encoded, (gpointer) "br", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    {
      g_autofree char *path = g_strdup_printf ("/%s.json", encodings[i]);

      fixture->requests = 0;
      check_refused_document (fixture, path, ACCORD_SYNC_ERROR_BAD_ENCODING,
                             "the server’s answer could not be decompressed", NULL);
    }
}

/* A compressed file served as it is, without Content-Encoding (a
 * feed.json.gz as application/gzip): said so, rather than "not UTF-8". */
static void
serve_unsaid_gzip (SoupServer        *server,
                   SoupServerMessage *message,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(GBytes) compressed = gzip_bytes (fixture->feed);

  count_request (fixture, message);
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (compressed, NULL), g_bytes_get_size (compressed));
}

static void
test_compressed_unsaid (Fixture       *fixture,
                        gconstpointer  user_data)
{
  soup_server_add_handler (fixture->server, "/feed.json.gz", serve_unsaid_gzip, fixture, NULL);
  check_refused_document (fixture, "/feed.json.gz", ACCORD_SYNC_ERROR_BAD_ENCODING,
                         "the server sent the feed compressed without saying so, which Accord cannot read", NULL);
}

static void
test_malformed_json (Fixture       *fixture,
                     gconstpointer  user_data)
{
  check_refused_document (fixture, "/broken.json", ACCORD_SYNC_ERROR_REFUSED_FEED,
                         "the feed is not valid: version: not valid JSON at line 1, column 39: "
                         "expected “,” or “}”, found the end of the document", NULL);
}

static void
test_newer_version (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *language = NULL;

  /* Not "not valid": the feed is fine, Accord is old. */
  check_refused_document (fixture, "/newer.json", ACCORD_SYNC_ERROR_REFUSED_FEED,
                         "this feed needs a newer Accord", NULL);
  /* The language it is written in, for a change of language to tell. */
  language = accord_store_dup_sync_state (fixture->store, "last-error-language");
  g_assert_cmpstr (language, ==, "en");
}

/* A feed whose every entity or article was skipped would empty the app:
 * it is refused, and what is stored kept. */
static void
test_nothing_kept (Fixture       *fixture,
                   gconstpointer  user_data)
{
  check_refused_document (fixture, "/no-entity-kept.json", ACCORD_SYNC_ERROR_REFUSED_FEED,
                         "the feed is not valid: none of its entities could be read (2 skipped)", NULL);
  fixture->requests = 0;
  check_refused_document (fixture, "/no-article-kept.json", ACCORD_SYNC_ERROR_REFUSED_FEED,
                         "the feed is not valid: none of its articles could be read (1 skipped)", NULL);
}

static void
collect_message (const char     *domain,
                 GLogLevelFlags  level,
                 const char     *message,
                 gpointer        user_data)
{
  g_ptr_array_add (user_data, g_strdup (message));
}

/* What a feed lost goes to the log, as the spec asks: warnings are not
 * only for accord --check. */
static void
test_warnings_logged (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_auto(Outcome) outcome = { 0 };
  g_autoptr(GPtrArray) logged = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "feeds", "mixed-errors.json", NULL);
  g_autofree char *url = NULL;
  g_autofree char *heading = NULL;
  char *contents = NULL;
  gsize len;
  guint handler;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_bytes_unref (fixture->feed);
  fixture->feed = g_bytes_new_take (contents, len);
  /* A private feed's credentials, which the log must not show. */
  url = g_strdup_printf ("http://reader:s3cret@%s:%d/feed.json?key=s3cret", g_uri_get_host (fixture->base),
                         g_uri_get_port (fixture->base));
  accord_sync_set_endpoint (fixture->sync, url);
  handler = g_log_set_handler ("accord-sync", G_LOG_LEVEL_MESSAGE, collect_message, logged);
  run_sync (fixture, &outcome);
  g_log_remove_handler ("accord-sync", handler);

  g_assert_no_error (outcome.error);
  g_assert_cmpuint (outcome.result.stats.n_skipped, ==, 10);
  g_assert_cmpuint (logged->len, ==, 1 + 16);
  heading = g_strdup_printf ("The feed at http://%s:%d/feed.json gave warnings: 16, items skipped: 10",
                             g_uri_get_host (fixture->base), g_uri_get_port (fixture->base));
  g_assert_cmpstr (g_ptr_array_index (logged, 0), ==, heading);
  g_assert_cmpstr (g_ptr_array_index (logged, 1), ==,
                   "warning: categories[1].id: expected an id of lowercase letters, digits and '-' (at most 64), "
                   "got \"Event\"");
}

/* ---------------------------------------------------------------------- */
/* Redirects                                                               */

static void
test_redirect_loop (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_auto(Outcome) outcome = { 0 };
  g_auto(StoreState) before = { 0 };

  seed_store (fixture, &before);
  set_endpoint (fixture, "/loop");
  run_sync (fixture, &outcome);

  assert_failed (&outcome, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_TOO_MANY_REDIRECTS,
                 "the server redirected more than 5 times");
  /* The first request and five redirects followed. */
  g_assert_cmpuint (fixture->requests, ==, 6);
  assert_store_kept (fixture, &before, &outcome);
}

static void
test_redirect_to_file (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_auto(Outcome) outcome = { 0 };
  g_auto(StoreState) before = { 0 };

  seed_store (fixture, &before);
  set_endpoint (fixture, "/to-file");
  run_sync (fixture, &outcome);

  assert_failed (&outcome, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_REDIRECT_REFUSED,
                 "the server redirected to a “file” address, which Accord does not follow");
  g_assert_cmpuint (fixture->requests, ==, 1);
  assert_store_kept (fixture, &before, &outcome);
}

/* An https address, but of no server: not one Accord refuses to follow. */
static void
test_redirect_to_no_host (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_auto(Outcome) outcome = { 0 };
  g_auto(StoreState) before = { 0 };

  seed_store (fixture, &before);
  set_endpoint (fixture, "/to-no-host");
  run_sync (fixture, &outcome);

  assert_failed (&outcome, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_REDIRECT_REFUSED,
                 "the server redirected to an invalid address");
  g_assert_cmpuint (fixture->requests, ==, 1);
  assert_store_kept (fixture, &before, &outcome);
}

static void
test_redirect_to_plain_http (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GResolver) saved = g_resolver_get_default ();
  g_autoptr(TestResolver) resolver = g_object_new (TEST_TYPE_RESOLVER, NULL);
  g_auto(Outcome) outcome = { 0 };
  g_auto(StoreState) before = { 0 };

  seed_store (fixture, &before);
  set_endpoint (fixture, "/to-http");

  /* Any connection to example.org would start with a lookup. */
  g_resolver_set_default (G_RESOLVER (resolver));
  run_sync (fixture, &outcome);
  g_resolver_set_default (saved);

  assert_failed (&outcome, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_REDIRECT_REFUSED,
                 "the server redirected to an unencrypted http address, which Accord does not follow");
  g_assert_cmpint (g_atomic_int_get (&resolver->lookups), ==, 0);
  g_assert_cmpuint (fixture->requests, ==, 1);
  assert_store_kept (fixture, &before, &outcome);
}

/* A feed on this computer may send Accord elsewhere on it. */
static void
test_redirect_to_this_computer (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_auto(Outcome) outcome = { 0 };

  set_endpoint (fixture, "/to-this-computer");
  run_sync (fixture, &outcome);

  assert_builtin_synced (fixture, &outcome);
  g_assert_cmpuint (fixture->requests, ==, 2);
}

static void
test_redirect_relative (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_auto(Outcome) outcome = { 0 };

  set_endpoint (fixture, "/moved");
  run_sync (fixture, &outcome);

  assert_builtin_synced (fixture, &outcome);
  g_assert_cmpuint (fixture->requests, ==, 2);
}

/* An address is asked for as written, its escapes kept, whether set or
 * redirected to. */
static void
test_escaped_address (Fixture       *fixture,
                      gconstpointer  user_data)
{
  const char * const paths[] = { ESCAPED_PATH "?" ESCAPED_QUERY, "/escaped/moved" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_auto(Outcome) outcome = { 0 };
      g_autofree char *url = g_strdup_printf ("http://%s:%d%s", g_uri_get_host (fixture->base),
                                              g_uri_get_port (fixture->base), paths[i]);

      accord_sync_set_endpoint (fixture->sync, url);
      fixture->requests = 0;
      run_sync (fixture, &outcome);
      assert_builtin_synced (fixture, &outcome);
      g_assert_cmpuint (fixture->requests, ==, i + 1);
    }
}

/* Each retry after a redirect counts as an attempt. */
static void
test_redirect_then_unavailable (Fixture       *fixture,
                                gconstpointer  user_data)
{
  static const guint statuses[] = { SOUP_STATUS_SERVICE_UNAVAILABLE };
  g_auto(Outcome) outcome = { 0 };
  g_auto(StoreState) before = { 0 };

  seed_store (fixture, &before);
  fixture->statuses = statuses;
  fixture->n_statuses = G_N_ELEMENTS (statuses);
  set_endpoint (fixture, "/moved-busy");
  run_sync (fixture, &outcome);

  assert_failed (&outcome, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_HTTP, "the server answered 503: it has a problem of its own, try again later");
  g_assert_cmpuint (fixture->script_requests, ==, MAX_ATTEMPTS);
  g_assert_cmpuint (fixture->requests, <=, 2 * MAX_ATTEMPTS);
  assert_store_kept (fixture, &before, &outcome);
}

/* A retry asks the endpoint again, not where a temporary redirect led. */
static void
test_retry_forgets_redirect (Fixture       *fixture,
                             gconstpointer  user_data)
{
  static const guint statuses[] = { SOUP_STATUS_SERVICE_UNAVAILABLE };
  g_auto(Outcome) outcome = { 0 };

  fixture->statuses = statuses;
  fixture->n_statuses = G_N_ELEMENTS (statuses);
  set_endpoint (fixture, "/redirects-once");
  run_sync (fixture, &outcome);

  assert_builtin_synced (fixture, &outcome);
  g_assert_cmpuint (fixture->flaky_requests, ==, 2);
  g_assert_cmpuint (fixture->script_requests, ==, 1);
}

/* ---------------------------------------------------------------------- */
/* Cancelling                                                              */

static void
cancel_now (gpointer data)
{
  g_cancellable_cancel (data);
}

static void
assert_cancelled (Fixture          *fixture,
                  const StoreState *before,
                  Outcome          *outcome)
{
  assert_failed (outcome, G_IO_ERROR, G_IO_ERROR_CANCELLED, NULL);
  assert_state_unchanged (fixture->store, before);
  g_assert_cmpint (accord_store_get_sync_time (fixture->store, "last-success"), ==, 0);
  /* Cancelling is not a failure to tell the user about, nor an attempt
   * that puts off the next one on schedule. */
  assert_last_error (fixture, NULL);
  g_assert_cmpint (accord_store_get_sync_time (fixture->store, "last-attempt"), ==, 0);
  g_assert_false (accord_sync_get_running (fixture->sync));
}

static void
test_cancel_while_waiting_for_answer (Fixture       *fixture,
                                      gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(Outcome) outcome = { 0 };
  g_auto(StoreState) before = { 0 };

  seed_store (fixture, &before);
  set_endpoint (fixture, "/stall.json");
  start_sync (fixture, cancellable, &outcome);
  g_timeout_add_once (200, cancel_now, cancellable);
  wait_until (&outcome.done);

  assert_cancelled (fixture, &before, &outcome);
  g_assert_cmpuint (fixture->requests, ==, 1);
  /* Promptly, not at the 2 s timeout. */
  g_assert_cmpint (outcome.elapsed_ms, >=, 200);
  g_assert_cmpint (outcome.elapsed_ms, <, 1500);
}

static void
test_cancel_while_waiting_to_retry (Fixture       *fixture,
                                    gconstpointer  user_data)
{
  static const guint statuses[] = { SOUP_STATUS_SERVICE_UNAVAILABLE, SOUP_STATUS_OK };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(Outcome) outcome = { 0 };
  g_auto(StoreState) before = { 0 };

  seed_store (fixture, &before);
  set_script (fixture, statuses, G_N_ELEMENTS (statuses), "2");
  start_sync (fixture, cancellable, &outcome);
  g_timeout_add_once (300, cancel_now, cancellable);
  wait_until (&outcome.done);

  assert_cancelled (fixture, &before, &outcome);
  g_assert_cmpuint (fixture->requests, ==, 1);
  g_assert_cmpint (outcome.elapsed_ms, <, 1500);
}

static void
test_cancel_before_start (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(Outcome) outcome = { 0 };
  g_auto(StoreState) before = { 0 };

  seed_store (fixture, &before);
  set_endpoint (fixture, "/feed.json");
  g_cancellable_cancel (cancellable);
  start_sync (fixture, cancellable, &outcome);
  wait_until (&outcome.done);

  assert_cancelled (fixture, &before, &outcome);
  g_assert_cmpuint (fixture->requests, ==, 0);
}

static void
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
}

static void
wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add_once (ms, set_flag, &done);
  wait_until (&done);
}

/* Stops a refresh of the steady feed under way and asks for another at
 * once, before the first has ended; with @stop_again, stops that one too
 * and asks for @last, if given. */
static void
stop_then_refresh (Fixture  *fixture,
                   Outcome  *stopped,
                   Outcome  *next,
                   gboolean  stop_again,
                   Outcome  *last)
{
  set_endpoint (fixture, "/steady.json");
  start_sync (fixture, NULL, stopped);
  wait_ms (2 * STEADY_INTERVAL_MS);
  accord_sync_cancel (fixture->sync);
  start_sync (fixture, NULL, next);
  if (stop_again)
    accord_sync_cancel (fixture->sync);
  if (last != NULL)
    start_sync (fixture, NULL, last);
  wait_until (last != NULL ? &last->done : &next->done);

  g_assert_true (stopped->done);
  assert_failed (stopped, G_IO_ERROR, G_IO_ERROR_CANCELLED, NULL);
  g_assert_false (accord_sync_get_running (fixture->sync));
}

static void
count_notify (guint *count)
{
  (*count)++;
}

/* A refresh asked for while a stopped one is still ending does not end
 * with it: it runs once that one is over, and "running" stays TRUE
 * from one to the other. */
static void
test_refresh_after_stop (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_auto(Outcome) stopped = { 0 };
  g_auto(Outcome) next = { 0 };
  guint n_notified = 0;
  guint n_started = 0;

  g_signal_connect_swapped (fixture->sync, "notify::running", G_CALLBACK (count_notify), &n_notified);
  g_signal_connect_swapped (fixture->sync, "run-started", G_CALLBACK (count_notify), &n_started);
  stop_then_refresh (fixture, &stopped, &next, FALSE, NULL);
  assert_builtin_synced (fixture, &next);
  g_assert_cmpuint (fixture->requests, ==, 2);
  g_assert_cmpuint (n_notified, ==, 2);
  g_assert_cmpuint (n_started, ==, 2);
}

typedef struct
{
  Fixture *fixture;
  Outcome  stopped;
  Outcome  again;    /* asked for by the stopped run's caller as it heard */
} AskingAgain;

static void
on_stopped_ask_again (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  AskingAgain *asking = user_data;

  on_done (object, result, &asking->stopped);
  start_sync (asking->fixture, NULL, &asking->again);
}

/* The stopped run's caller asks for another as it hears: the refresh
 * that waited joins that one, and one download serves both. */
static void
test_refresh_asked_as_stop_heard (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  AskingAgain asking = { fixture };
  g_auto(Outcome) waited = { 0 };

  set_endpoint (fixture, "/steady.json");
  asking.stopped.started = g_get_monotonic_time ();
  accord_sync_run_async (fixture->sync, NULL, on_stopped_ask_again, &asking);
  wait_ms (2 * STEADY_INTERVAL_MS);
  accord_sync_cancel (fixture->sync);
  start_sync (fixture, NULL, &waited);
  wait_until (&waited.done);

  assert_failed (&asking.stopped, G_IO_ERROR, G_IO_ERROR_CANCELLED, NULL);
  g_assert_true (asking.again.done);
  assert_builtin_synced (fixture, &asking.again);
  assert_builtin_synced (fixture, &waited);
  g_assert_cmpuint (fixture->requests, ==, 2);
  g_assert_false (accord_sync_get_running (fixture->sync));
  outcome_clear (&asking.stopped);
  outcome_clear (&asking.again);
}

/* Stopped twice, and asked for again after the second stop: that last
 * refresh runs. */
static void
test_refresh_after_second_stop (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_auto(Outcome) stopped = { 0 };
  g_auto(Outcome) next = { 0 };
  g_auto(Outcome) last = { 0 };

  stop_then_refresh (fixture, &stopped, &next, TRUE, &last);
  assert_failed (&next, G_IO_ERROR, G_IO_ERROR_CANCELLED, NULL);
  assert_builtin_synced (fixture, &last);
  g_assert_cmpuint (fixture->requests, ==, 2);
}

/* Stopping again stops the refresh that was waiting, too. */
static void
test_stop_twice (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_auto(Outcome) stopped = { 0 };
  g_auto(Outcome) next = { 0 };

  stop_then_refresh (fixture, &stopped, &next, TRUE, NULL);
  assert_failed (&next, G_IO_ERROR, G_IO_ERROR_CANCELLED, NULL);
  g_assert_cmpuint (fixture->requests, ==, 1);
}

/* A caller's cancellable may live on after the sync is gone. */
static void
test_cancellable_outlives_sync (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(Outcome) outcome = { 0 };

  set_endpoint (fixture, "/feed.json");
  start_sync (fixture, cancellable, &outcome);
  wait_until (&outcome.done);
  assert_builtin_synced (fixture, &outcome);

  g_clear_object (&fixture->sync);
  g_cancellable_cancel (cancellable);
}

/* ---------------------------------------------------------------------- */
/* Endpoints                                                               */

static void
test_endpoint_rules (void)
{
  const struct { const char *url; gboolean ok; const char *message; } cases[] = {
    { "https://example.org/feed.json", TRUE },
    { "http://127.0.0.1:8080/feed.json", TRUE },
    { "http://localhost/feed.json", TRUE },
    { "http://[::1]:9/feed.json", TRUE },
    { "http://example.org/feed.json", FALSE },
    { "file:///etc/passwd", FALSE },
    { "ftp://example.org/feed.json", FALSE },
    { "", FALSE },
    { "example.org/feed.json", FALSE },
    /* Pasted with spaces around: as good as without. */
    { "  https://example.org/feed.json \n", TRUE },
    { "https://", FALSE },
    { "https://exa mple.org/feed.json", FALSE, "A web address has no spaces inside it" },
    { "https://example.org/a b.json", FALSE, "A web address has no spaces inside it" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpint (accord_sync_check_endpoint (cases[i].url, &error), ==, cases[i].ok);
      if (!cases[i].ok)
        g_assert_error (error, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_INVALID_ENDPOINT);
      if (cases[i].message != NULL)
        g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* Plain http is for feeds on this computer, and a remote feed must not
 * lead Accord to local services, by any scheme. */
static void
test_redirect_rules (void)
{
  const struct { const char *endpoint; const char *from; const char *to; gboolean ok; } cases[] = {
    { "https://example.org/feed.json", NULL, "https://example.net/feed.json", TRUE },
    { "https://example.org/feed.json", NULL, "/elsewhere.json", TRUE },
    { "https://example.org/feed.json", NULL, "http://example.net/feed.json", FALSE },
    { "https://example.org/feed.json", NULL, "http://localhost/feed.json", FALSE },
    { "https://example.org/feed.json", NULL, "http://127.0.0.1:8080/admin", FALSE },
    { "https://example.org/feed.json", NULL, "http://127.1.2.3/feed.json", FALSE },
    { "https://example.org/feed.json", NULL, "http://[::1]:9/feed.json", FALSE },
    { "https://example.org/feed.json", NULL, "file:///etc/passwd", FALSE },
    { "http://127.0.0.1:8080/feed.json", NULL, "http://localhost:9/feed.json", TRUE },
    { "http://localhost/feed.json", NULL, "http://[::1]/feed.json", TRUE },
    { "https://localhost/feed.json", NULL, "http://127.0.0.1/feed.json", TRUE },
    { "http://127.0.0.1:8080/feed.json", NULL, "http://example.net/feed.json", FALSE },
    /* A local feed redirected to a remote server: that server must not
     * lead Accord back to this computer over plain http. */
    { "http://127.0.0.1:8080/feed.json", "https://example.org/feed.json", "http://127.0.0.1:631/admin", FALSE },
    { "http://127.0.0.1:8080/feed.json", "https://example.org/feed.json", "https://example.net/feed.json", TRUE },
    /* A remote feed, through https on this computer, to plain http on it. */
    { "https://example.org/feed.json", "https://localhost/feed.json", "http://localhost/admin", FALSE },
    /* Nor by https: a remote feed leads Accord nowhere on this computer. */
    { "https://example.org/feed.json", NULL, "https://127.0.0.1:9090/", FALSE },
    { "https://example.org/feed.json", NULL, "https://[::1]/feed.json", FALSE },
    { "https://example.org/feed.json", NULL, "https://LOCALHOST/feed.json", FALSE },
    { "https://example.org/feed.json", NULL, "https://printer.localhost/feed.json", FALSE },
    { "https://example.org/feed.json", NULL, "https://localhost./feed.json", FALSE },
    { "https://example.org/feed.json", NULL, "https://Admin.LocalHost./", FALSE },
    { "https://example.org/feed.json", NULL, "https://notlocalhost/feed.json", TRUE },
    { "https://example.org/feed.json", NULL, "https://localhost.example.net/feed.json", TRUE },
    { "http://app.localhost:8080/feed.json", NULL, "http://127.0.0.1:9/feed.json", TRUE },
    { "http://127.0.0.1:8080/feed.json", "https://example.org/feed.json", "https://localhost:9090/", FALSE },
    { "https://localhost/feed.json", NULL, "https://127.0.0.1:9090/feed.json", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *from = cases[i].from ? cases[i].from : cases[i].endpoint;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s: %s → %s", cases[i].endpoint, from, cases[i].to);
      g_assert_cmpint (accord_sync_check_redirect (cases[i].endpoint, from, cases[i].to, &error), ==, cases[i].ok);
      if (!cases[i].ok)
        g_assert_error (error, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_REDIRECT_REFUSED);
      else
        g_assert_no_error (error);
    }
}

/* ---------------------------------------------------------------------- */
/* An import killed half-way                                               */

static void
spawn_import (const char  *accord,
              const char  *home,
              const char  *file,
              GSubprocess **out_process)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", home, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  *out_process = g_subprocess_launcher_spawn (launcher, &error, accord, "--import", file, NULL);
  g_assert_no_error (error);
}

static char *
big_feed (guint n_articles)
{
  GString *json = g_string_new ("{\"format\": \"accord-feed\", \"version\": 1,"
                                " \"generated\": \"2026-12-01T00:00:00Z\","
                                " \"entities\": [{\"id\": \"big\", \"kind\": \"organisation\","
                                " \"name\": {\"en\": \"Big\"}}],"
                                " \"articles\": [");

  for (guint i = 0; i < n_articles; i++)
    g_string_append_printf (json,
                            "%s{\"id\": \"big-%u\", \"date\": \"2026-11-%02u\","
                            " \"title\": {\"en\": \"Article %u on the governance of artificial intelligence\","
                            " \"fr\": \"Article %u sur la gouvernance de l’intelligence artificielle\"},"
                            " \"summary\": {\"en\": \"A summary of article %u, long enough to fill a few"
                            " pages of the database and of its full-text index. A summary of article %u,"
                            " long enough to fill a few pages of the database and of its full-text index.\"},"
                            " \"source\": \"Source %u\", \"entities\": [\"big\"]}",
                            i > 0 ? ", " : "", i, i % 28 + 1, i, i, i, i, i % 100);
  g_string_append (json, "]}");
  return g_string_free (json, FALSE);
}

static void
test_killed_import (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_dir_make_tmp ("accord-kill-XXXXXX", &error);
  g_autofree char *accord = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "src", "accord", NULL);
  g_autofree char *builtin = g_build_filename (TEST_SRCDIR, "..", "data", "feed", "accord-feed.json", NULL);
  g_autofree char *db = g_build_filename (home, "accord", "accord.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *big = g_build_filename (home, "big.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GSubprocess) first = NULL;
  g_autoptr(GSubprocess) killed = NULL;
  g_auto(StoreState) before = { 0 };
  gint64 deadline;
  guint64 wal_before = 0;
  guint64 wal_size = 0;

  g_assert_no_error (error);

  /* The built-in feed, imported by the real binary, and a bookmark. */
  spawn_import (accord, home, builtin, &first);
  g_subprocess_wait_check (first, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(AccordStore) store = accord_store_new (db, &error);

    g_assert_no_error (error);
    bookmark_first_article (store);
    capture_state (store, &before);
  }
  g_assert_cmpuint (before.n_articles, ==, 12);
  g_assert_cmpuint (before.n_bookmarks, ==, 1);
  g_assert_cmpint (before.origin, ==, ACCORD_SNAPSHOT_FILE);

  contents = big_feed (30000);
  g_file_set_contents (big, contents, -1, &error);
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);

  /* Killed once the import writes to the database: pages of the open
   * transaction spill to the WAL well before it commits. */
  {
    GStatBuf buf;

    if (g_stat (wal, &buf) == 0)
      wal_before = buf.st_size;
  }
  spawn_import (accord, home, big, &killed);
  deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while (g_subprocess_get_identifier (killed) != NULL && g_get_monotonic_time () < deadline)
    {
      GStatBuf buf;

      if (g_stat (wal, &buf) == 0 && (wal_size = buf.st_size) >= wal_before + 1 * MiB)
        break;
      g_usleep (500);
    }
  g_subprocess_send_signal (killed, SIGKILL);
  g_subprocess_wait (killed, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("killed with %" G_GUINT64_FORMAT " bytes in the WAL, %" G_GUINT64_FORMAT " before the import",
                  wal_size, wal_before);
  /* If this fails, the import finished first: make the feed bigger. */
  g_assert_true (g_subprocess_get_if_signaled (killed));
  g_assert_cmpint (g_subprocess_get_term_sig (killed), ==, SIGKILL);
  g_assert_cmpuint (wal_size, >=, wal_before + 1 * MiB);

  /* The database is sound as the kill left it, opens, and still holds
   * what it held. */
  {
    sqlite3 *sqlite = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (db, &sqlite, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (sqlite, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
    sqlite3_finalize (stmt);
    sqlite3_close (sqlite);
  }
  {
    g_autoptr(AccordStore) store = accord_store_new (db, &error);

    g_assert_no_error (error);
    assert_state_unchanged (store, &before);
  }

  accord_remove_tree (home);
}

/* ---------------------------------------------------------------------- */
/* The schedule                                                            */

/* A network monitor whose state the test sets. */
#define FAKE_TYPE_MONITOR (fake_monitor_get_type ())
G_DECLARE_FINAL_TYPE (FakeMonitor, fake_monitor, FAKE, MONITOR, GObject)

struct _FakeMonitor
{
  GObject  parent_instance;

  gboolean available;
  gboolean metered;
  gboolean portal;    /* asks to sign in on a web page */
};

enum {
  FAKE_PROP_0,
  FAKE_PROP_AVAILABLE,
  FAKE_PROP_METERED,
  FAKE_PROP_CONNECTIVITY,
};

static gboolean
fake_monitor_init_sync (GInitable     *initable,
                        GCancellable  *cancellable,
                        GError       **error)
{
  return TRUE;
}

static void
fake_monitor_initable_init (GInitableIface *iface)
{
  iface->init = fake_monitor_init_sync;
}

static void
fake_monitor_network_monitor_init (GNetworkMonitorInterface *iface)
{
}

G_DEFINE_FINAL_TYPE_WITH_CODE (FakeMonitor, fake_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, fake_monitor_initable_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR, fake_monitor_network_monitor_init))

static void
fake_monitor_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FakeMonitor *self = FAKE_MONITOR (object);

  switch (prop_id)
    {
    case FAKE_PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case FAKE_PROP_METERED:
      g_value_set_boolean (value, self->metered);
      break;
    case FAKE_PROP_CONNECTIVITY:
      g_value_set_enum (value, !self->available ? G_NETWORK_CONNECTIVITY_LOCAL
                               : self->portal ? G_NETWORK_CONNECTIVITY_PORTAL : G_NETWORK_CONNECTIVITY_FULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fake_monitor_class_init (FakeMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = fake_monitor_get_property;
  g_object_class_override_property (object_class, FAKE_PROP_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, FAKE_PROP_METERED, "network-metered");
  g_object_class_override_property (object_class, FAKE_PROP_CONNECTIVITY, "connectivity");
}

static void
fake_monitor_init (FakeMonitor *self)
{
  self->available = TRUE;
}

/* A seeded store, synced from @url (this computer's, taken for a remote
 * one) through @monitor's network. */
static void
seed_behind_monitor (Fixture     *fixture,
                     FakeMonitor *monitor,
                     const char  *url,
                     StoreState  *before)
{
  seed_store (fixture, before);
  accord_sync_set_network_monitor (fixture->sync, G_NETWORK_MONITOR (monitor));
  accord_sync_set_loopback_is_remote (fixture->sync, TRUE);
  accord_sync_set_endpoint (fixture->sync, url);
}

/* Offline, a refresh fails at its first attempt, told as such rather
 * than as the server's fault, and the schedule waits for the network
 * rather than a whole interval: no attempt is recorded. */
static void
test_offline (Fixture       *fixture,
              gconstpointer  user_data)
{
  RawServer *raw = raw_server_new (RAW_HOLD);
  g_autoptr(FakeMonitor) monitor = g_object_new (FAKE_TYPE_MONITOR, NULL);
  g_auto(Outcome) outcome = { 0 };
  g_auto(StoreState) before = { 0 };

  monitor->available = FALSE;
  seed_behind_monitor (fixture, monitor, raw->url, &before);
  accord_sync_set_timeout (fixture->sync, 1);
  accord_sync_set_retry_policy (fixture->sync, 3, 10, 1000);
  run_sync (fixture, &outcome);

  assert_failed (&outcome, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_OFFLINE, "this computer is not connected to a network");
  g_assert_cmpuint (raw->accepted, ==, 1);
  assert_state_unchanged (fixture->store, &before);
  g_assert_cmpint (accord_store_get_sync_time (fixture->store, "last-attempt"), ==, 0);
  assert_last_error (fixture, outcome.error->message);

  /* A feed on this computer needs no network: its own failure is told. */
  accord_sync_set_loopback_is_remote (fixture->sync, FALSE);
  accord_sync_set_retry_policy (fixture->sync, 1, 10, 1000);
  run_sync_again (fixture, &outcome);
  assert_failed (&outcome, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_TIMEOUT, NULL);

  raw_server_free (raw);
}

/* On a network that asks to sign in first, its page gets in the way: the
 * user is told to sign in, not that the server does not speak HTTP. An
 * answer that is the feed's server's own, as a 404, is told as it is. */
static void
test_sign_in_first (Fixture       *fixture,
                    gconstpointer  user_data)
{
  RawServer *raw = raw_server_new (RAW_NOT_HTTP);
  g_autoptr(FakeMonitor) monitor = g_object_new (FAKE_TYPE_MONITOR, NULL);
  g_auto(Outcome) outcome = { 0 };
  g_auto(StoreState) before = { 0 };

  monitor->portal = TRUE;
  seed_behind_monitor (fixture, monitor, raw->url, &before);
  run_sync (fixture, &outcome);

  assert_failed (&outcome, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_SIGN_IN,
                 "this network asks you to sign in on a web page before Accord can reach the feed");
  assert_store_kept (fixture, &before, &outcome);

  set_endpoint (fixture, "/missing.json");
  run_sync_again (fixture, &outcome);
  assert_failed (&outcome, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_HTTP, NULL);

  /* Signed in, the first is told as what it is. */
  monitor->portal = FALSE;
  accord_sync_set_endpoint (fixture->sync, raw->url);
  run_sync_again (fixture, &outcome);
  assert_failed (&outcome, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_NOT_HTTP, NULL);

  raw_server_free (raw);
}

/* A power profile monitor whose power saving the test turns on and off. */
#define FAKE_TYPE_POWER_MONITOR (fake_power_monitor_get_type ())
G_DECLARE_FINAL_TYPE (FakePowerMonitor, fake_power_monitor, FAKE, POWER_MONITOR, GObject)

struct _FakePowerMonitor
{
  GObject  parent_instance;

  gboolean power_saver;
};

enum {
  FAKE_POWER_PROP_0,
  FAKE_POWER_PROP_POWER_SAVER,
};

static void
fake_power_monitor_initable_init (GInitableIface *iface)
{
  iface->init = fake_monitor_init_sync;
}

static void
fake_power_monitor_iface_init (GPowerProfileMonitorInterface *iface)
{
}

G_DEFINE_FINAL_TYPE_WITH_CODE (FakePowerMonitor, fake_power_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, fake_power_monitor_initable_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_POWER_PROFILE_MONITOR, fake_power_monitor_iface_init))

static void
fake_power_monitor_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  if (prop_id == FAKE_POWER_PROP_POWER_SAVER)
    g_value_set_boolean (value, FAKE_POWER_MONITOR (object)->power_saver);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
fake_power_monitor_class_init (FakePowerMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = fake_power_monitor_get_property;
  g_object_class_override_property (object_class, FAKE_POWER_PROP_POWER_SAVER, "power-saver-enabled");
}

static void
fake_power_monitor_init (FakePowerMonitor *self)
{
}

static void
fake_power_monitor_set_power_saver (FakePowerMonitor *self,
                                    gboolean          power_saver)
{
  self->power_saver = power_saver;
  g_object_notify (G_OBJECT (self), "power-saver-enabled");
}

static void
set_sync_time (Fixture    *fixture,
               const char *key,
               gint64      time)
{
  g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, time);
  const char *keys[] = { key, NULL };
  const char *values[] = { value, NULL };
  g_autoptr(GError) error = NULL;

  accord_store_set_sync_state (fixture->store, keys, values, &error);
  g_assert_no_error (error);
}

/* An automatic refresh is due a whole interval after the last success or
 * attempt, on a network that is up and not metered. */
static void
test_scheduler_due (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(FakeMonitor) monitor = g_object_new (FAKE_TYPE_MONITOR, NULL);
  g_autoptr(AccordSyncScheduler) scheduler = accord_sync_scheduler_new (fixture->store, G_NETWORK_MONITOR (monitor),
                                                                        NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  /* On demand only. */
  g_assert_false (accord_sync_scheduler_is_due (scheduler, now));
  accord_sync_scheduler_set_interval (scheduler, 60);
  /* Never refreshed. */
  g_assert_true (accord_sync_scheduler_is_due (scheduler, now));

  set_sync_time (fixture, "last-success", now - 10 * 60);
  g_assert_false (accord_sync_scheduler_is_due (scheduler, now));
  g_assert_true (accord_sync_scheduler_is_due (scheduler, now + 50 * 60));
  /* A failed attempt since waits its interval too. */
  set_sync_time (fixture, "last-attempt", now - 5 * 60);
  g_assert_false (accord_sync_scheduler_is_due (scheduler, now + 50 * 60));
  g_assert_true (accord_sync_scheduler_is_due (scheduler, now + 55 * 60));

  monitor->available = FALSE;
  g_assert_false (accord_sync_scheduler_is_due (scheduler, now + 24 * 3600));
  monitor->available = TRUE;
  monitor->metered = TRUE;
  g_assert_false (accord_sync_scheduler_is_due (scheduler, now + 24 * 3600));
  monitor->metered = FALSE;

  /* A time ahead of the clock, stored while the clock was wrong, counts
   * as none: waiting for the clock to reach it would stop refreshes for
   * as long as the clock was ahead... */
  set_sync_time (fixture, "last-success", now - 2 * 3600);
  set_sync_time (fixture, "last-attempt", now + 365 * 24 * 3600);
  g_assert_true (accord_sync_scheduler_is_due (scheduler, now));
  /* ...nor does it outweigh a time stored since, which would make a
   * refresh due at every check. */
  set_sync_time (fixture, "last-success", now);
  g_assert_false (accord_sync_scheduler_is_due (scheduler, now + 60));
  set_sync_time (fixture, "last-success", now + 24 * 3600);
  set_sync_time (fixture, "last-attempt", now);
  g_assert_false (accord_sync_scheduler_is_due (scheduler, now + 60));
  g_assert_true (accord_sync_scheduler_is_due (scheduler, now + 3600));

  /* A refresh the user stopped holds the next a whole interval... */
  set_sync_time (fixture, "last-success", now - 24 * 3600);
  set_sync_time (fixture, "last-attempt", now - 24 * 3600);
  accord_sync_scheduler_hold (scheduler, now);
  g_assert_false (accord_sync_scheduler_is_due (scheduler, now + 59 * 60));
  g_assert_true (accord_sync_scheduler_is_due (scheduler, now + 60 * 60));
  /* ...unless the clock was wrong then. */
  accord_sync_scheduler_hold (scheduler, now + 24 * 3600);
  g_assert_true (accord_sync_scheduler_is_due (scheduler, now));
}

static void
count_due (guint *count)
{
  (*count)++;
}

/* In power saving mode, refreshes wait, as GNOME's own background
 * downloads do; one that came due meanwhile starts when it ends. */
static void
test_scheduler_power_saver (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(FakeMonitor) monitor = g_object_new (FAKE_TYPE_MONITOR, NULL);
  g_autoptr(FakePowerMonitor) power_monitor = g_object_new (FAKE_TYPE_POWER_MONITOR, NULL);
  g_autoptr(AccordSyncScheduler) scheduler =
    accord_sync_scheduler_new (fixture->store, G_NETWORK_MONITOR (monitor), G_POWER_PROFILE_MONITOR (power_monitor));
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint due = 0;

  g_signal_connect_swapped (scheduler, "due", G_CALLBACK (count_due), &due);
  fake_power_monitor_set_power_saver (power_monitor, TRUE);
  accord_sync_scheduler_set_interval (scheduler, 60);
  g_assert_false (accord_sync_scheduler_is_due (scheduler, now));
  g_assert_cmpuint (due, ==, 0);

  fake_power_monitor_set_power_saver (power_monitor, FALSE);
  g_assert_true (accord_sync_scheduler_is_due (scheduler, now));
  g_assert_cmpuint (due, ==, 1);

  /* Turned on again: nothing starts. */
  fake_power_monitor_set_power_saver (power_monitor, TRUE);
  g_assert_cmpuint (due, ==, 1);
}

/* A refresh that came due is not due again at the next check, though
 * the store could not keep the time of its attempt (a full disk): the
 * feed would be fetched every minute. */
static void
test_scheduler_due_once (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(FakeMonitor) monitor = g_object_new (FAKE_TYPE_MONITOR, NULL);
  g_autoptr(AccordSyncScheduler) scheduler = accord_sync_scheduler_new (fixture->store, G_NETWORK_MONITOR (monitor),
                                                                        NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint due = 0;

  g_signal_connect_swapped (scheduler, "due", G_CALLBACK (count_due), &due);
  accord_sync_scheduler_set_interval (scheduler, 60);
  g_assert_cmpuint (due, ==, 1);

  /* Nothing stored of it: the sync did not run, or could not say so. */
  accord_sync_scheduler_check (scheduler);
  accord_sync_scheduler_check (scheduler);
  g_assert_cmpuint (due, ==, 1);
  g_assert_cmpint (accord_store_get_sync_time (fixture->store, "last-attempt"), ==, 0);
  g_assert_true (accord_sync_scheduler_is_due (scheduler, now));

  /* But lost on the way, the network is back: a refresh that failed
   * offline recorded no attempt, and is due at once. A change of
   * network without losing it is no such news. */
  g_signal_emit_by_name (monitor, "network-changed", TRUE);
  g_assert_cmpuint (due, ==, 1);
  monitor->available = FALSE;
  g_signal_emit_by_name (monitor, "network-changed", FALSE);
  monitor->available = TRUE;
  g_signal_emit_by_name (monitor, "network-changed", TRUE);
  g_assert_cmpuint (due, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* On a system without CA certificates, GLib's TLS module warns of it
   * at the first https request: a fact of the machine. */
  accord_test_fail_on_warnings ("GLib-Net", "TLS database");

#define ADD(path, func, data) \
  g_test_add ("/sync/" path, Fixture, data, fixture_setup, func, fixture_teardown)

  ADD ("first", test_first_sync, NULL);
  ADD ("scheduler/due", test_scheduler_due, NULL);
  ADD ("scheduler/power-saver", test_scheduler_power_saver, NULL);
  ADD ("scheduler/due-once", test_scheduler_due_once, NULL);
  ADD ("user-agent", test_user_agent, NULL);
  ADD ("type-in-any-case", test_type_in_any_case, NULL);
  ADD ("not-tls", test_not_tls, NULL);
  ADD ("not-implemented-not-retried", test_not_implemented_not_retried, NULL);
  ADD ("not-modified/etag", test_not_modified, GINT_TO_POINTER (TRUE));
  ADD ("not-modified/last-modified", test_not_modified, GINT_TO_POINTER (FALSE));
  ADD ("not-modified/other-address", test_validators_follow_address, NULL);
  ADD ("not-modified/unasked", test_not_modified_unasked, NULL);
  ADD ("gzip", test_gzip, NULL);
  ADD ("overlapping-runs", test_overlapping_runs, NULL);
  ADD ("status/not-found", test_not_found, NULL);
  ADD ("status/refusals-explained", test_refusals_explained, NULL);
  ADD ("status/network-sign-in", test_network_sign_in_status, NULL);
  ADD ("status/non-authoritative", test_non_authoritative, NULL);
  ADD ("state/written-in-background", test_state_written_in_background, NULL);
  ADD ("status/server-error-then-ok", test_server_error_then_ok, NULL);
  ADD ("status/malformed-retry-after/negative", test_malformed_retry_after_ignored, "-5");
  ADD ("status/malformed-retry-after/plus", test_malformed_retry_after_ignored, "+5");
  ADD ("status/unavailable-gives-up", test_unavailable_gives_up, NULL);
  ADD ("status/too-many-requests-waits", test_too_many_requests_waits, NULL);
  ADD ("status/too-many-requests-gives-up", test_too_many_requests_gives_up, NULL);
  ADD ("network/timeout", test_timeout, NULL);
  ADD ("network/offline", test_offline, NULL);
  ADD ("network/sign-in-first", test_sign_in_first, NULL);
  ADD ("network/too-slow", test_too_slow, NULL);
  ADD ("network/too-slow-compressed", test_too_slow_compressed, NULL);
  ADD ("network/slow-but-steady", test_slow_but_steady, NULL);
  ADD ("network/truncated", test_truncated, GINT_TO_POINTER (RAW_TRUNCATED));
  ADD ("network/not-http", test_not_http, NULL);
  ADD ("network/closed-before-length", test_truncated, GINT_TO_POINTER (RAW_CLOSE_EARLY));
  ADD ("network/closed-before-length-identity", test_truncated, GINT_TO_POINTER (RAW_IDENTITY_CLOSE_EARLY));
  ADD ("network/closed-before-length-gzip", test_truncated, GINT_TO_POINTER (RAW_GZIP_CLOSE_EARLY));
  ADD ("network/gzip-then-closed", test_gzip_then_closed, NULL);
  ADD ("network/unknown-transfer-encoding", test_unknown_transfer_encoding, NULL);
  ADD ("network/huge-header", test_huge_header, NULL);
  ADD ("redirect/retry-forgets-redirect", test_retry_forgets_redirect, NULL);
  ADD ("network/too-large-endless", test_too_large_endless, NULL);
  ADD ("network/too-large-declared", test_too_large_declared, NULL);
  ADD ("network/too-large-newer", test_too_large_newer, NULL);
  ADD ("document/not-json", test_not_json, NULL);
  ADD ("document/untyped", test_untyped, NULL);
  ADD ("document/malformed-json", test_malformed_json, NULL);
  ADD ("document/bad-encoding", test_bad_encoding, NULL);
  ADD ("document/compressed-unsaid", test_compressed_unsaid, NULL);
  ADD ("document/newer-version", test_newer_version, NULL);
  ADD ("document/nothing-kept", test_nothing_kept, NULL);
  ADD ("document/warnings-logged", test_warnings_logged, NULL);
  ADD ("redirect/loop", test_redirect_loop, NULL);
  ADD ("redirect/to-file", test_redirect_to_file, NULL);
  ADD ("redirect/to-no-host", test_redirect_to_no_host, NULL);
  ADD ("redirect/to-plain-http", test_redirect_to_plain_http, NULL);
  ADD ("redirect/to-this-computer", test_redirect_to_this_computer, NULL);
  ADD ("redirect/relative", test_redirect_relative, NULL);
  ADD ("escaped-address", test_escaped_address, NULL);
  ADD ("redirect/then-unavailable", test_redirect_then_unavailable, NULL);
  ADD ("cancel/waiting-for-answer", test_cancel_while_waiting_for_answer, NULL);
  ADD ("cancel/waiting-to-retry", test_cancel_while_waiting_to_retry, NULL);
  ADD ("cancel/before-start", test_cancel_before_start, NULL);
  ADD ("cancel/cancellable-outlives-sync", test_cancellable_outlives_sync, NULL);
  ADD ("cancel/refresh-after-stop", test_refresh_after_stop, NULL);
  ADD ("cancel/stop-twice", test_stop_twice, NULL);
  ADD ("cancel/refresh-after-second-stop", test_refresh_after_second_stop, NULL);
  ADD ("cancel/refresh-asked-as-stop-heard", test_refresh_asked_as_stop_heard, NULL);

#undef ADD

  g_test_add_func ("/sync/endpoint-rules", test_endpoint_rules);
  g_test_add_func ("/sync/redirect-rules", test_redirect_rules);
  g_test_add_func ("/sync/killed-import", test_killed_import);

  return g_test_run ();
}

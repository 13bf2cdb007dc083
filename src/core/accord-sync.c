#define G_LOG_DOMAIN "accord-sync"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "accord-sync-private.h"

/* The sync job: one conditional GET of the publisher's feed, streamed
 * under the spec's size cap, parsed and imported off the main thread.
 *
 * Transient failures are retried with exponential backoff and jitter;
 * permanent ones are not. Whatever fails, the store is left as it was:
 * only a complete, valid feed reaches the store, which replaces the
 * snapshot, and the cache validators that came with it, in one
 * transaction. One run at a time: a second request joins the running
 * one. */

#define DEFAULT_TIMEOUT_S       30
#define DEFAULT_DEADLINE_MS     (2 * 60 * 1000)
/* 64 kbit/s: a feed that keeps arriving this fast gets the time it takes. */
#define DEFAULT_MIN_RATE        (8 * 1024)
#define DEFAULT_MAX_ATTEMPTS    4
#define DEFAULT_BASE_DELAY_MS   2000
#define DEFAULT_MAX_WAIT_MS     (5 * 60 * 1000)
#define MAX_REDIRECTS           5
#define READ_CHUNK              (64 * 1024)
#define STATUS_TOO_MANY_REQUESTS 429
/* What a network's sign-in page answers for any address (RFC 6585). */
#define STATUS_NETWORK_AUTHENTICATION_REQUIRED 511

struct _AccordSync
{
  GObject       parent_instance;

  AccordStore  *store;
  SoupSession  *session;
  char         *endpoint;
  GNetworkMonitor *monitor;        /* none: failures are told as they come */
  gboolean      loopback_is_remote; /* for the tests of the above */

  guint         max_attempts;
  guint         base_delay_ms;
  guint         max_wait_ms;
  guint         deadline_ms;
  guint         min_bytes_per_s;

  struct _Run  *run;
  GPtrArray    *queued;            /* GTask: asked for while a stopped run ended */
  guint         n_queued_stopped;  /* the first of them, stopped in turn */
};

G_DEFINE_FINAL_TYPE (AccordSync, accord_sync, G_TYPE_OBJECT)
G_DEFINE_QUARK (accord-sync-error-quark, accord_sync_error)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_STOPPING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  RUN_STARTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One sync, shared by every caller that asked for it while it ran. */
typedef struct _Run
{
  AccordSync       *sync;
  GPtrArray        *tasks;        /* GTask, one per caller */
  GCancellable     *cancellable;
  GError           *error;        /* how it ended, once it has */
  GCancellable     *attempt_cancellable;  /* the network I/O of this attempt */
  guint             deadline_source;
  guint64           received_at_check;  /* bytes of the body, at the deadline's last check */
  GUri             *origin;       /* the endpoint, where redirects started */
  GUri             *uri;
  guint             attempt;
  guint             redirects;
  SoupMessage      *message;
  GInputStream     *body;
  GByteArray       *data;
  guint             retry_source;
  gboolean          validated;    /* the request carried validators */
  gboolean          encoded;      /* the answer said it was compressed */
  gboolean          undecoded;    /* and still is: libsoup's decoder gave up */
  gboolean          unsaid;       /* compressed, though the server said not */
  gboolean          cut_short;    /* the body went past the size limit */
  guint64           declared;     /* its Content-Length, when it gave one */
  AccordSyncResult  result;
  char             *etag;
  char             *last_modified;
} Run;

static void run_attempt (Run *run);
static void start_run (AccordSync *self,
                       GPtrArray  *tasks,
                       gboolean    notify);

/* ---------------------------------------------------------------------- */
/* Addresses                                                               */

/* "localhost" and every name under it are this computer (RFC 6761), as
 * systemd's resolver answers; so are they with a final dot. */
static gboolean
is_localhost_name (const char *host)
{
  static const char localhost[] = "localhost";
  gsize n = strlen (localhost);
  gsize len = strlen (host);

  if (len > 0 && host[len - 1] == '.')
    len--;
  if (len < n || g_ascii_strncasecmp (host + len - n, localhost, n) != 0)
    return FALSE;
  return len == n || host[len - n - 1] == '.';
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;
  if (is_localhost_name (host))
    return TRUE;

  /* g_uri_get_host() gives IPv6 literals without their brackets. */
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* https anywhere; http only on this computer, for local publishers and
 * tests. Everything else, file:// included, is refused.
 *
 * @origin is %NULL for an address the user gave, and the endpoint for a
 * redirect: http to this computer is then only followed from a feed that
 * is on it too, so that a remote feed cannot lead Accord to the services
 * of this computer. */
static gboolean
check_uri (GUri        *uri,
           GUri        *origin,
           GError     **error)
{
  const char *scheme = g_uri_get_scheme (uri);

  if (g_ascii_strcasecmp (scheme, "https") == 0 && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri))
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") == 0 && host_is_loopback (g_uri_get_host (uri)) &&
      (origin == NULL || host_is_loopback (g_uri_get_host (origin))))
    return TRUE;

  if (origin != NULL && g_ascii_strcasecmp (scheme, "http") == 0)
    g_set_error_literal (error, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_REDIRECT_REFUSED,
                         /* Translators: why a refresh failed, as Preferences shows it */
                         _("the server redirected to an unencrypted http address, which Accord does not follow"));
  else if (origin != NULL)
    g_set_error (error, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_REDIRECT_REFUSED,
                 /* Translators: why a refresh failed, as Preferences shows it; %s is the
                  * scheme of the address, such as "file" or "ftp" */
                 _("the server redirected to a “%s” address, which Accord does not follow"), scheme);
  else if (g_ascii_strcasecmp (scheme, "http") == 0)
    g_set_error_literal (error, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_INVALID_ENDPOINT,
                         _("Use an https address: plain http is only allowed on this computer"));
  else
    g_set_error_literal (error, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_INVALID_ENDPOINT,
                         _("Only https addresses can be used"));
  return FALSE;
}

/**
 * accord_sync_check_endpoint:
 * @url: a feed address as the user typed it
 *
 * Returns: whether Accord can sync from @url; if not, @error says why in
 *   words for the user
 */
gboolean
accord_sync_check_endpoint (const char  *url,
                            GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (url ? url : ""));

  if (*trimmed == '\0')
    {
      g_set_error_literal (error, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_INVALID_ENDPOINT,
                           _("Enter the address of a feed"));
      return FALSE;
    }

  /* Spaces around it are the pasting's; spaces inside break it, and
   * are worth naming: the address may look complete otherwise. */
  if (strpbrk (trimmed, " \t\r\n") != NULL)
    {
      g_set_error_literal (error, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_INVALID_ENDPOINT,
                           _("A web address has no spaces inside it"));
      return FALSE;
    }
  uri = g_uri_parse (trimmed, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error_literal (error, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_INVALID_ENDPOINT,
                           _("This is not a complete web address, such as https://example.org/feed.json"));
      return FALSE;
    }

  return check_uri (uri, NULL, error);
}

/* ---------------------------------------------------------------------- */
/* Finishing                                                               */

static void
end_attempt (Run *run)
{
  g_clear_handle_id (&run->deadline_source, g_source_remove);
  g_clear_object (&run->attempt_cancellable);
}

static void
run_free (Run *run)
{
  end_attempt (run);
  g_clear_error (&run->error);
  g_clear_handle_id (&run->retry_source, g_source_remove);
  g_clear_pointer (&run->tasks, g_ptr_array_unref);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->origin, g_uri_unref);
  g_clear_pointer (&run->uri, g_uri_unref);
  g_clear_object (&run->message);
  g_clear_object (&run->body);
  g_clear_pointer (&run->data, g_byte_array_unref);
  g_free (run->etag);
  g_free (run->last_modified);
  g_free (run);
}

static char *
dup_now (void)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
}

static void
warn_unsaved_state (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!accord_store_set_sync_state_finish (ACCORD_STORE (object), result, &error))
    g_warning ("Could not save the sync state: %s", error->message);
}

static void complete_run (Run *run);

static void
on_state_recorded (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  warn_unsaved_state (object, result, NULL);
  complete_run (user_data);
}

/* The language the messages are written in now, "en" or "fr": the one
 * the interface shows its data in (see accord_i18n_get_language()). */
static const char *
messages_language (void)
{
  return g_str_equal (g_dpgettext2 (GETTEXT_PACKAGE, "content language", "en"), "fr") ? "fr" : "en";
}

/* Stored before the callers hear how the run went, so that they read
 * it back. In the background: an import elsewhere may hold the database
 * for a while. */
static gboolean status_is_transient (guint status);

/* Whether the same refresh, tried again later, may succeed: what the
 * user is offered, Retry or the reason. */
static gboolean
error_may_pass (Run *run)
{
  const GError *error = run->error;

  if (error->domain != ACCORD_SYNC_ERROR)
    return TRUE;
  switch ((AccordSyncError) error->code)
    {
    case ACCORD_SYNC_ERROR_NETWORK:
    case ACCORD_SYNC_ERROR_TIMEOUT:
    case ACCORD_SYNC_ERROR_TRUNCATED:
    case ACCORD_SYNC_ERROR_TLS:
    case ACCORD_SYNC_ERROR_OFFLINE:
    case ACCORD_SYNC_ERROR_SIGN_IN:
      return TRUE;
    case ACCORD_SYNC_ERROR_HTTP:
      return run->message == NULL || status_is_transient (soup_message_get_status (run->message));
    default:
      return FALSE;
    }
}

static void
record_state (Run *run)
{
  g_autofree char *now = dup_now ();

  if (run->error != NULL)
    {
      /* The next one on schedule waits a whole interval after a failure;
       * a cancel is none, and records nothing. Offline, the schedule
       * waits for the network instead, and refreshes once it is back. */
      gboolean offline = g_error_matches (run->error, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_OFFLINE);
      const char *keys[] = { "last-error", "last-error-language", "last-error-lasting",
                             offline ? NULL : "last-attempt", NULL };
      const char *values[] = { run->error->message, messages_language (), error_may_pass (run) ? NULL : "1",
                               now, NULL };

      accord_store_set_sync_state_async (run->sync->store, keys, values, on_state_recorded, run);
    }
  else if (run->result.not_modified)
    {
      const char *keys[] = { "last-check", "last-success", "last-error", "last-error-language", "last-error-lasting",
                             NULL };
      const char *values[] = { now, now, NULL, NULL, NULL, NULL };

      accord_store_set_sync_state_async (run->sync->store, keys, values, on_state_recorded, run);
    }
  else
    /* A new snapshot came with its state: see import_feed(). */
    complete_run (run);
}

static gboolean
is_network_failure (const GError *error)
{
  return error->code == ACCORD_SYNC_ERROR_NETWORK || error->code == ACCORD_SYNC_ERROR_TIMEOUT;
}

/* What a sign-in page put in the way looks like: no answer, or one that
 * is not the feed's server's, as its certificate or its redirect tells.
 * An answer over a verified connection to the feed's own server is the
 * server's own, and told as such. */
static gboolean
may_be_sign_in_page (const GError *error)
{
  return is_network_failure (error) || error->code == ACCORD_SYNC_ERROR_TLS ||
         error->code == ACCORD_SYNC_ERROR_REDIRECT_REFUSED || error->code == ACCORD_SYNC_ERROR_NOT_HTTP ||
         error->code == ACCORD_SYNC_ERROR_TRUNCATED;
}

static GError *
sign_in_error (void)
{
  return g_error_new_literal (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_SIGN_IN,
                              /* Translators: why a refresh failed, as Preferences shows it */
                              _("this network asks you to sign in on a web page before Accord can reach the feed"));
}

/* The network's own state, when it tells why a refresh failed better
 * than the server's side does: tried offline, or on a network that asks
 * its users to sign in on a web page first (a hotel's, an airport's),
 * whose page answers for every address. %NULL otherwise. */
static GError *
network_state_error (Run          *run,
                     const GError *error)
{
  AccordSync *self = run->sync;

  /* No address to fetch (a wrong one) is no network's doing. */
  if (self->monitor == NULL || error->domain != ACCORD_SYNC_ERROR || run->uri == NULL)
    return NULL;
  /* A feed on this computer needs no network. */
  if (!self->loopback_is_remote && host_is_loopback (g_uri_get_host (run->uri)))
    return NULL;
  if (is_network_failure (error) && !g_network_monitor_get_network_available (self->monitor))
    return g_error_new_literal (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_OFFLINE,
                                /* Translators: why a refresh failed, as Preferences shows it */
                                _("this computer is not connected to a network"));
  if (may_be_sign_in_page (error) &&
      g_network_monitor_get_connectivity (self->monitor) == G_NETWORK_CONNECTIVITY_PORTAL)
    return sign_in_error ();
  return NULL;
}

static void
run_finish (Run    *run,
            GError *error)
{
  GError *explained = error != NULL ? network_state_error (run, error) : NULL;

  g_assert (run->error == NULL);
  if (explained != NULL)
    {
      g_error_free (error);
      error = explained;
    }
  run->error = error;

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    complete_run (run);
  else
    record_state (run);
}

static void
return_tasks (GPtrArray              *tasks,
              const GError           *error,
              const AccordSyncResult *result)
{
  for (guint i = 0; i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);
      gulong handler = GPOINTER_TO_SIZE (g_task_get_task_data (task));

      /* The caller's cancellable may outlive this sync. */
      if (handler != 0)
        g_signal_handler_disconnect (g_task_get_cancellable (task), handler);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_pointer (task, g_memdup2 (result, sizeof *result), g_free);
    }
}

static void
complete_run (Run *run)
{
  AccordSync *self = run->sync;
  g_autoptr(GPtrArray) tasks = g_steal_pointer (&run->tasks);
  g_autoptr(GPtrArray) queued = g_steal_pointer (&self->queued);
  g_autoptr(GPtrArray) stopped = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));

  g_assert (self->run == run);
  self->run = NULL;
  /* Those stopped while they waited end with this run. */
  for (guint i = 0; queued != NULL && i < self->n_queued_stopped; i++)
    g_ptr_array_add (stopped, g_ptr_array_steal_index (queued, 0));
  self->n_queued_stopped = 0;
  return_tasks (tasks, run->error, &run->result);
  /* Callers may have stopped theirs as they heard. */
  for (guint i = queued != NULL ? queued->len : 0; i-- > 0;)
    if (g_cancellable_is_cancelled (g_task_get_cancellable (g_ptr_array_index (queued, i))))
      g_ptr_array_add (stopped, g_ptr_array_steal_index (queued, i));
  return_tasks (stopped, cancelled, NULL);

  /* Then the run that waited, once this one's callers have heard how it
   * ended; joined to one a caller asked for meanwhile, if any. "running"
   * stays TRUE from one to the other. */
  if (queued != NULL && queued->len > 0 && self->run != NULL)
    for (guint i = 0; i < queued->len; i++)
      g_ptr_array_add (self->run->tasks, g_object_ref (g_ptr_array_index (queued, i)));
  else if (queued != NULL && queued->len > 0)
    start_run (self, g_steal_pointer (&queued), FALSE);
  else if (self->run == NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  if (g_cancellable_is_cancelled (run->cancellable))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STOPPING]);

  run_free (run);
  g_object_unref (self);
}

/* ---------------------------------------------------------------------- */
/* Retrying                                                                */

/* No network, a timeout, a cut connection: worth another try. */
static gboolean
network_error_is_transient (const GError *error)
{
  return error->domain == ACCORD_SYNC_ERROR &&
         (error->code == ACCORD_SYNC_ERROR_NETWORK || error->code == ACCORD_SYNC_ERROR_TIMEOUT ||
          error->code == ACCORD_SYNC_ERROR_TRUNCATED);
}

static void
retry_now (gpointer data)
{
  Run *run = data;

  /* A new attempt starts from the endpoint again: a redirect may have
   * been temporary, and is followed again if it still holds. */
  run->retry_source = 0;
  run->redirects = 0;
  g_uri_unref (run->uri);
  run->uri = g_uri_ref (run->origin);
  run_attempt (run);
}

/* Retry-After is seconds or an HTTP date; 0 when absent or unreadable. */
static guint
parse_retry_after (SoupMessage *message)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (message), "Retry-After");
  g_autoptr(GDateTime) date = NULL;
  char *end;
  guint64 seconds;

  if (value == NULL)
    return 0;

  /* Digits only: g_ascii_strtoull() reads "-5" as 2^64 - 5. */
  if (g_ascii_isdigit (value[0]))
    {
      seconds = g_ascii_strtoull (value, &end, 10);
      return *end == '\0' ? (guint) MIN (seconds, G_MAXUINT / 1000) : 0;
    }

  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return 0;
  seconds = (guint64) MAX (0, g_date_time_to_unix (date) - g_get_real_time () / G_USEC_PER_SEC);
  return (guint) MIN (seconds, G_MAXUINT / 1000);
}

/* Either schedules another attempt, or finishes with @error. */
static void
retry_or_fail (Run      *run,
               GError   *error,
               gboolean  transient,
               guint     retry_after_s)
{
  AccordSync *self = run->sync;
  g_autoptr(GError) explained = network_state_error (run, error);
  guint delay_ms, jitter;

  /* Offline, trying again only keeps the user waiting. */
  if (explained != NULL)
    {
      g_error_free (error);
      run_finish (run, g_steal_pointer (&explained));
      return;
    }
  if (!transient || run->attempt >= self->max_attempts || g_cancellable_is_cancelled (run->cancellable))
    {
      run_finish (run, error);
      return;
    }

  /* Exponential backoff with ±25% jitter, so that many clients that
   * failed together do not all come back together. */
  delay_ms = self->base_delay_ms << MIN (run->attempt - 1, 10u);
  jitter = delay_ms / 4;
  if (jitter > 0)
    delay_ms = delay_ms - jitter + (guint) g_random_int_range (0, (gint32) (2 * jitter + 1));
  if (retry_after_s > 0)
    delay_ms = MAX (delay_ms, retry_after_s * 1000);

  if (delay_ms > self->max_wait_ms)
    {
      /* The server's own wait is too long: the user learns how long. */
      if (retry_after_s > 0 && retry_after_s * 1000 >= delay_ms)
        {
          guint minutes = (retry_after_s + 59) / 60;
          g_autofree char *why = NULL;
          GError *asked;

          /* Translators: %s is why the refresh failed, as in "the server
           * answered 503"; %u is a number of minutes */
          why = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s; the server asks to wait %u minute before trying again",
                                              "%s; the server asks to wait %u minutes before trying again", minutes),
                                 error->message, minutes);
          asked = g_error_new_literal (error->domain, error->code, why);
          g_error_free (error);
          error = asked;
        }
      run_finish (run, error);
      return;
    }

  g_debug ("Attempt %u failed (%s); trying again in %u ms", run->attempt, error->message, delay_ms);
  g_clear_error (&error);
  end_attempt (run);
  g_clear_object (&run->message);
  g_clear_object (&run->body);
  g_clear_pointer (&run->data, g_byte_array_unref);
  g_clear_pointer (&run->etag, g_free);
  g_clear_pointer (&run->last_modified, g_free);
  run->retry_source = g_timeout_add_once (delay_ms, retry_now, run);
}

static void
on_run_cancelled (GCancellable *cancellable,
                  Run          *run)
{
  /* Told first: what follows may end the run. */
  g_object_notify_by_pspec (G_OBJECT (run->sync), properties[PROP_STOPPING]);
  /* I/O in flight fails with its attempt; a pending retry wait ends at once. */
  if (run->attempt_cancellable != NULL)
    g_cancellable_cancel (run->attempt_cancellable);
  if (run->retry_source != 0)
    {
      g_clear_handle_id (&run->retry_source, g_source_remove);
      run_finish (run, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                            /* Translators: why a refresh ended when the user
                                             * stopped it; not usually shown */
                                            _("Cancelled")));
    }
}

/* ---------------------------------------------------------------------- */
/* Errors in words                                                         */

static gboolean
status_is_transient (guint status)
{
  /* A server that cannot do GET or speak this HTTP will not learn to. */
  if (status == SOUP_STATUS_NOT_IMPLEMENTED || status == SOUP_STATUS_HTTP_VERSION_NOT_SUPPORTED)
    return FALSE;
  return status >= 500 || status == STATUS_TOO_MANY_REQUESTS || status == SOUP_STATUS_REQUEST_TIMEOUT;
}

static GError *
http_error (guint status)
{
  if (status == SOUP_STATUS_NOT_FOUND)
    return g_error_new (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_HTTP,
                        /* Translators: why a refresh failed, as Preferences shows it; %u is the
                         * HTTP status, 404 */
                        _("the server answered %u: there is no feed at this address"), status);
  if (status == SOUP_STATUS_UNAUTHORIZED)
    return g_error_new (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_HTTP,
                        /* Translators: why a refresh failed, as Preferences shows it; %u is the
                         * HTTP status, 401 */
                        _("the server answered %u: this feed needs a login, which Accord cannot give"), status);
  if (status == SOUP_STATUS_FORBIDDEN)
    return g_error_new (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_HTTP,
                        /* Translators: why a refresh failed, as Preferences shows it; %u is the
                         * HTTP status, 403 */
                        _("the server answered %u: access to this feed is refused"), status);
  if (status == SOUP_STATUS_GONE)
    return g_error_new (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_HTTP,
                        /* Translators: why a refresh failed, as Preferences shows it; %u is the
                         * HTTP status, 410 */
                        _("the server answered %u: this feed has been removed"), status);
  if (status == STATUS_TOO_MANY_REQUESTS)
    return g_error_new (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_HTTP,
                        /* Translators: why a refresh failed, as Preferences shows it; %u is the
                         * HTTP status, 429 */
                        _("the server answered %u: too many requests, try again later"), status);
  /* A number alone tells most users nothing; what to do, they can. */
  if (status >= 500 && status_is_transient (status))
    return g_error_new (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_HTTP,
                        /* Translators: why a refresh failed, as Preferences shows it; %u is the
                         * HTTP status, such as 500 or 503 */
                        _("the server answered %u: it has a problem of its own, try again later"), status);
  return g_error_new (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_HTTP,
                      /* Translators: why a refresh failed, as Preferences shows it; %u is the
                       * HTTP status, such as 400 or 501 */
                      _("the server answered %u"), status);
}

static GError *
bad_encoding_error (void)
{
  return g_error_new_literal (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_BAD_ENCODING,
                              /* Translators: why a refresh failed, as Preferences shows it */
                              _("the server’s answer could not be decompressed"));
}

/* A body said to be compressed that is not, or is damaged: the same
 * again on the next try. gzip's decoder fails with INVALID_DATA; Brotli's
 * with FAILED, as HTTP/2 does for a stream reset, which is transient. */
static gboolean
is_decoding_error (Run          *run,
                   const GError *error)
{
  SoupMessageHeaders *headers;

  if (run->message == NULL)
    return FALSE;
  headers = soup_message_get_response_headers (run->message);
  if (soup_message_headers_get_one (headers, "Content-Encoding") == NULL)
    return FALSE;
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA) ||
         (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_FAILED) &&
          soup_message_get_http_version (run->message) != SOUP_HTTP_2_0);
}

static GError *
cut_error (void)
{
  return g_error_new_literal (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_TRUNCATED,
                              /* Translators: why a refresh failed, as Preferences shows it */
                              _("the connection was cut before the end of the feed"));
}

/* Network errors in the user's words, keeping them transient. */
static GError *
describe_network_error (Run          *run,
                        const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (g_cancellable_is_cancelled (run->cancellable))
        return g_error_copy (error);
      /* Cancelled, but not by a caller: the attempt's deadline passed. */
      return g_error_new_literal (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_TIMEOUT,
                                  /* Translators: why a refresh failed, as Preferences shows it; the
                                   * feed did not come within two minutes, or came slower than 64 kbit/s */
                                  _("the server took too long to send the feed"));
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new_literal (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_TIMEOUT,
                                /* Translators: why a refresh failed, as Preferences shows it */
                                _("the server did not answer in time"));
  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    return g_error_new (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_TLS,
                        /* Translators: why a refresh failed, as Preferences shows it; %s is the
                         * system's own explanation, which may be in English */
                        _("the server’s security certificate is not valid (%s)"), error->message);
  /* Not https on the other side, a failed handshake, no TLS support. */
  if (error->domain == G_TLS_ERROR)
    return g_error_new (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_TLS,
                        /* Translators: why a refresh failed, as Preferences shows it; %s is the
                         * system's own explanation, which may be in English */
                        _("no secure connection could be made with the server (%s)"), error->message);
  if (is_decoding_error (run, error))
    return bad_encoding_error ();
  /* Another server would not answer otherwise a moment later. */
  if (g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_ENCODING))
    return g_error_new (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_NOT_HTTP,
                        /* Translators: why a refresh failed, as Preferences shows it; %s is the
                         * system's own explanation, which may be in English */
                        _("the server’s answer is sent in a way Accord cannot read (%s)"), error->message);
  if (g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_PARSING))
    return g_error_new_literal (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_NOT_HTTP,
                                /* Translators: why a refresh failed, as Preferences shows it */
                                _("the server’s answer is not HTTP"));
  /* Headers too large, which the server would send again: libsoup tells
   * them from a cut only in words, its own, maybe translated. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) &&
      soup_message_get_status (run->message) == SOUP_STATUS_NONE &&
      (g_str_equal (error->message, "Header too big") ||
       g_str_equal (error->message, g_dgettext ("libsoup-3.0", "Header too big"))))
    return g_error_new_literal (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_NOT_HTTP,
                                /* Translators: why a refresh failed, as Preferences shows it */
                                _("the server’s answer has headers too large to read"));
  /* Before its status: an answer cut off in its headers. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) &&
      soup_message_get_status (run->message) == SOUP_STATUS_NONE)
    return g_error_new (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_TRUNCATED,
                        /* Translators: why a refresh failed, as Preferences shows it; %s is the
                         * system's own explanation, which may be in English */
                        _("the server’s answer could not be read (%s)"), error->message);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
    return cut_error ();
  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_NETWORK,
                        /* Translators: why a refresh failed, as Preferences shows it; %s is the
                         * server's host name, such as "example.org" */
                        _("could not find the server %s"), g_uri_get_host (run->uri));
  return g_error_new (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_NETWORK,
                      /* Translators: why a refresh failed, as Preferences shows it; %s is the
                       * system's own explanation, which may be in English */
                      _("could not reach the server (%s)"), error->message);
}

/* ---------------------------------------------------------------------- */
/* Importing                                                               */

static void
on_imported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;
  GError *error = NULL;

  if (!accord_store_import_feed_finish (ACCORD_STORE (object), result, &run->result.stats, &error))
    run_finish (run, error);
  else
    run_finish (run, NULL);
}

/* The validators go in with the feed they describe, in one transaction,
 * and with the address that gave them: they mean nothing to another. */
static void
import_feed (Run        *run,
             AccordFeed *feed)
{
  g_autofree char *now = dup_now ();
  g_autofree char *url = g_uri_to_string (run->uri);
  const char *keys[] = { "last-check", "last-success", "last-error", "last-error-language", "last-error-lasting",
                         "etag", "last-modified", "validators-url", NULL };
  const char *values[] = { now, now, NULL, NULL, NULL, run->etag, run->last_modified, url, NULL };

  accord_store_import_synced_feed_async (run->sync->store, feed, keys, values, run->cancellable,
                                         on_imported, run);
}

/* Enough to see what is wrong with a feed; a careless one repeats a
 * mistake thousands of times, on every refresh. */
#define MAX_LOGGED_WARNINGS 100

/* The spec sends the details of what was skipped to the log. */
static void
log_feed_warnings (Run        *run,
                   AccordFeed *feed)
{
  GPtrArray *warnings = accord_feed_get_warnings (feed);
  g_autofree char *url = NULL;

  if (warnings->len == 0)
    return;

  /* A private feed's password or key stays out of the journal. */
  url = g_uri_to_string_partial (run->uri, G_URI_HIDE_USERINFO | G_URI_HIDE_QUERY);
  g_message ("The feed at %s gave warnings: %" G_GUINT64_FORMAT ", items skipped: %u", url,
             accord_feed_get_n_warnings (feed), accord_feed_get_n_skipped (feed));
  for (guint i = 0; i < MIN (warnings->len, MAX_LOGGED_WARNINGS); i++)
    g_message ("warning: %s", (const char *) g_ptr_array_index (warnings, i));
  if (warnings->len > MAX_LOGGED_WARNINGS && accord_feed_get_n_warnings (feed) > ACCORD_FEED_MAX_LISTED_WARNINGS)
    g_message ("%" G_GUINT64_FORMAT " more warnings: accord --check on a copy of the feed lists "
               "the first %d", accord_feed_get_n_warnings (feed) - MAX_LOGGED_WARNINGS,
               ACCORD_FEED_MAX_LISTED_WARNINGS);
  else if (warnings->len > MAX_LOGGED_WARNINGS)
    g_message ("%u more warnings: accord --check on a copy of the feed lists them all",
               warnings->len - MAX_LOGGED_WARNINGS);
}

/* Valid as the spec has it, but a feed whose every entity, or every
 * article, was skipped is a publisher's broken release: taken, it would
 * empty the app until the next one. What is stored is worth more. */
static GError *
none_kept_error (AccordFeed *feed)
{
  const char *emptied = accord_feed_get_emptied_list (feed);

  if (g_strcmp0 (emptied, "entities") == 0)
    return g_error_new (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_REFUSED_FEED,
                        /* Translators: why a refresh failed, as Preferences shows it */
                        _("the feed is not valid: none of its entities could be read (%u skipped); "
                          "the data already stored is kept"),
                        accord_feed_get_n_skipped_entities (feed));
  if (g_strcmp0 (emptied, "articles") == 0)
    return g_error_new (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_REFUSED_FEED,
                        /* Translators: why a refresh failed, as Preferences shows it */
                        _("the feed is not valid: none of its articles could be read (%u skipped); "
                          "the data already stored is kept"),
                        accord_feed_get_n_skipped_articles (feed));
  return NULL;
}

static GError *
too_large_error (void)
{
  return g_error_new (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_TOO_LARGE,
                      /* Translators: why a refresh failed, as Preferences shows it; %d is the
                       * largest size of a feed, in mebibytes (MiB) */
                      _("the feed is larger than %d MiB"), ACCORD_FEED_MAX_BYTES / (1024 * 1024));
}

static void
on_parsed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(AccordFeed) feed = NULL;
  GError *error = NULL;

  if ((feed = accord_feed_parse_finish (result, &error)) == NULL)
    {
      /* Only the start was read, for the parser to tell whether it is
       * the feed of a newer format, which may well allow more. */
      if (run->cut_short && !g_error_matches (error, ACCORD_FEED_ERROR, ACCORD_FEED_ERROR_NEWER_VERSION))
        {
          g_clear_error (&error);
          error = too_large_error ();
        }
      else if (run->undecoded && g_error_matches (error, ACCORD_FEED_ERROR, ACCORD_FEED_ERROR_NOT_UTF8))
        {
          g_clear_error (&error);
          error = bad_encoding_error ();
        }
      /* A .json.gz file served as it is: "not UTF-8" would say nothing
       * of why. */
      else if (run->unsaid && g_error_matches (error, ACCORD_FEED_ERROR, ACCORD_FEED_ERROR_NOT_UTF8))
        {
          g_clear_error (&error);
          error = g_error_new_literal (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_BAD_ENCODING,
                                       /* Translators: why a refresh failed, as Preferences shows it */
                                       _("the server sent the feed compressed without saying so, which Accord "
                                         "cannot read"));
        }
      /* Nothing wrong with the feed: the spec asks for this message. */
      else if (g_error_matches (error, ACCORD_FEED_ERROR, ACCORD_FEED_ERROR_NEWER_VERSION))
        {
          g_clear_error (&error);
          error = g_error_new_literal (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_REFUSED_FEED,
                                       /* Translators: why a refresh failed, as Preferences shows it */
                                       _("this feed needs a newer Accord"));
        }
      else if (error->domain == ACCORD_FEED_ERROR)
        {
          GError *refused = g_error_new (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_REFUSED_FEED,
                                         /* Translators: why a refresh failed, as Preferences shows it; %s
                                          * says where in the feed and why, as in "articles[12].date:
                                          * expected YYYY-MM-DD, got “11/06”" */
                                         _("the feed is not valid: %s"), error->message);
          g_clear_error (&error);
          error = refused;
        }
      run_finish (run, error);
      return;
    }

  log_feed_warnings (run, feed);
  if ((error = none_kept_error (feed)) != NULL)
    {
      run_finish (run, error);
      return;
    }
  import_feed (run, feed);
}

/* gzip's or zlib's header: what libsoup hands on as it came when its
 * decoder fails on it from the start. */
static gboolean
looks_compressed (GBytes *bytes)
{
  gsize len;
  const guchar *data = g_bytes_get_data (bytes, &len);

  return len >= 2 &&
         ((data[0] == 0x1f && data[1] == 0x8b) || (data[0] == 0x78 && (data[0] * 256 + data[1]) % 31 == 0));
}

/* The bytes of the body that came over the network: for a compressed
 * one, what Content-Length counts, not what it was decoded into. */
static guint64
bytes_received (Run *run)
{
  SoupMessageMetrics *metrics = soup_message_get_metrics (run->message);
  guint64 on_wire = metrics != NULL ? soup_message_metrics_get_response_body_bytes_received (metrics) : 0;

  if (!run->encoded)
    return MAX (on_wire, run->data->len);
  /* Unknown, which must not be taken for a cut. */
  return metrics != NULL ? on_wire : G_MAXUINT64;
}

static void
body_done (Run *run)
{
  g_autoptr(GBytes) bytes = NULL;

  /* A server that closes the connection after its answer may close it
   * too early: libsoup then ends the body quietly, short of its length. */
  if (!run->cut_short && run->declared > bytes_received (run))
    {
      retry_or_fail (run, cut_error (), TRUE, 0);
      return;
    }

  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&run->data));

  run->undecoded = run->encoded && looks_compressed (bytes);
  run->unsaid = !run->encoded && looks_compressed (bytes);

  g_clear_object (&run->body);
  /* The rest is work on this computer, with no deadline. */
  end_attempt (run);
  accord_feed_parse_async (bytes, run->cancellable, on_parsed, run);
}

static void
on_chunk (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  if ((chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error)) == NULL)
    {
      GError *described = describe_network_error (run, error);

      g_clear_error (&error);
      retry_or_fail (run, described, network_error_is_transient (described), 0);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      body_done (run);
      return;
    }

  /* The cap holds while reading: a huge or endless body is stopped here,
   * not after it has filled the memory. */
  run->cut_short = run->data->len + g_bytes_get_size (chunk) > ACCORD_FEED_MAX_BYTES_READ;
  g_byte_array_append (run->data, g_bytes_get_data (chunk, NULL), (guint) g_bytes_get_size (chunk));
  if (run->cut_short)
    {
      body_done (run);
      return;
    }

  g_input_stream_read_bytes_async (run->body, READ_CHUNK, G_PRIORITY_DEFAULT, run->attempt_cancellable,
                                   on_chunk, run);
}

/* JSON, or what a server calls a file it does not know: GitHub's raw
 * files and many CDNs send a .json as text/plain, object stores as
 * binary/octet-stream, older servers as application/x-json or
 * javascript. Only what says it is another kind of document, such as
 * the HTML page of a portal or of an error, is refused before reading
 * it; the parser judges the rest. */
static gboolean
content_type_may_be_json (SoupMessage *message)
{
  static const char *const other_kinds[] = { "image/", "audio/", "video/", "font/", "model/", "multipart/" };
  const char *type = soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL);
  g_autofree char *lower = type != NULL ? g_ascii_strdown (type, -1) : NULL;

  if (lower == NULL)
    return TRUE;
  /* Media types are not case-sensitive. */
  if (g_str_equal (lower, "text/html") || g_str_equal (lower, "application/xhtml+xml") ||
      g_str_equal (lower, "text/xml") || g_str_equal (lower, "application/xml") || g_str_has_suffix (lower, "+xml") ||
      g_str_equal (lower, "application/pdf") || g_str_equal (lower, "text/css") || g_str_equal (lower, "text/csv"))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (other_kinds); i++)
    if (g_str_has_prefix (lower, other_kinds[i]))
      return FALSE;
  return TRUE;
}

static GError *
not_json_error (SoupMessageHeaders *headers)
{
  return g_error_new (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_NOT_JSON,
                      /* Translators: why a refresh failed, as Preferences shows it; %s is the
                       * type of content the server named, such as "text/html" */
                      _("the server sent “%s”, not a JSON feed"),
                      soup_message_headers_get_content_type (headers, NULL));
}

static void
read_body (Run *run)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (run->message);
  goffset declared = soup_message_headers_get_content_length (headers);

  run->encoded = soup_message_headers_get_one (headers, "Content-Encoding") != NULL;
  if (!content_type_may_be_json (run->message))
    {
      run_finish (run, not_json_error (headers));
      return;
    }

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      declared > ACCORD_FEED_MAX_BYTES_READ && soup_message_headers_get_one (headers, "Content-Encoding") == NULL)
    {
      run_finish (run, too_large_error ());
      return;
    }

  run->declared = soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH
                  ? 0 : (guint64) MAX (declared, 0);
  run->etag = g_strdup (soup_message_headers_get_one (headers, "ETag"));
  run->last_modified = g_strdup (soup_message_headers_get_one (headers, "Last-Modified"));
  run->data = g_byte_array_new ();
  g_input_stream_read_bytes_async (run->body, READ_CHUNK, G_PRIORITY_DEFAULT, run->attempt_cancellable,
                                   on_chunk, run);
}

/* ---------------------------------------------------------------------- */
/* Requesting                                                              */

/* "https:///feed.json" parses, but is of no server. */
static gboolean
leads_nowhere (GUri *uri)
{
  const char *scheme = g_uri_get_scheme (uri);
  const char *host = g_uri_get_host (uri);

  return (g_ascii_strcasecmp (scheme, "https") == 0 || g_ascii_strcasecmp (scheme, "http") == 0) &&
         (host == NULL || *host == '\0');
}

/* Where a redirect from @base leads, if Accord may go there. */
static GUri *
redirect_target (GUri        *base,
                 GUri        *origin,
                 const char  *location,
                 GError     **error)
{
  g_autoptr(GUri) target = NULL;

  if (location == NULL || (target = g_uri_parse_relative (base, location, SOUP_HTTP_URI_FLAGS, NULL)) == NULL ||
      leads_nowhere (target))
    {
      g_set_error_literal (error, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_REDIRECT_REFUSED,
                           /* Translators: why a refresh failed, as Preferences shows it */
                           _("the server redirected to an invalid address"));
      return NULL;
    }
  if (!check_uri (target, origin, error))
    return NULL;
  /* Nor to this computer, by https either, from a feed elsewhere or
   * through a server elsewhere on the way: only a local feed leads there,
   * through none but local servers. */
  if (host_is_loopback (g_uri_get_host (target)) &&
      (!host_is_loopback (g_uri_get_host (origin)) || !host_is_loopback (g_uri_get_host (base))))
    {
      g_set_error_literal (error, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_REDIRECT_REFUSED,
                           /* Translators: why a refresh failed, as Preferences shows it */
                           _("a server elsewhere redirected to this computer, which Accord does not follow"));
      return NULL;
    }
  return g_steal_pointer (&target);
}

/* Whether a sync of @endpoint, redirected to @url, follows its redirect
 * to @location. */
gboolean
accord_sync_check_redirect (const char  *endpoint,
                            const char  *url,
                            const char  *location,
                            GError     **error)
{
  g_autoptr(GUri) origin = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) target = NULL;

  g_return_val_if_fail (endpoint != NULL && url != NULL && location != NULL, FALSE);

  origin = g_uri_parse (endpoint, SOUP_HTTP_URI_FLAGS, NULL);
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  g_return_val_if_fail (origin != NULL && uri != NULL, FALSE);
  target = redirect_target (uri, origin, location, error);
  return target != NULL;
}

static gboolean
follow_redirect (Run     *run,
                 GError **error)
{
  const char *location = soup_message_headers_get_one (soup_message_get_response_headers (run->message), "Location");
  g_autoptr(GUri) target = NULL;

  if (++run->redirects > MAX_REDIRECTS)
    {
      g_set_error (error, ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_TOO_MANY_REDIRECTS,
                   /* Translators: why a refresh failed, as Preferences shows it; %d is how
                    * many redirects Accord follows */
                   _("the server redirected more than %d times"), MAX_REDIRECTS);
      return FALSE;
    }
  if ((target = redirect_target (run->uri, run->origin, location, error)) == NULL)
    return FALSE;

  g_uri_unref (run->uri);
  run->uri = g_steal_pointer (&target);
  return TRUE;
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;
  GError *error = NULL;
  guint status;

  run->body = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (run->body == NULL)
    {
      GError *described = describe_network_error (run, error);

      g_clear_error (&error);
      retry_or_fail (run, described, network_error_is_transient (described), 0);
      return;
    }

  status = soup_message_get_status (run->message);
  run->result.http_status = status;

  if (SOUP_STATUS_IS_REDIRECTION (status) && status != SOUP_STATUS_NOT_MODIFIED)
    {
      if (!follow_redirect (run, &error))
        {
          run_finish (run, error);
          return;
        }
      g_clear_object (&run->body);
      g_clear_object (&run->message);
      run_attempt (run);
      return;
    }

  if (status == SOUP_STATUS_NOT_MODIFIED && !run->validated)
    {
      /* Taking it for "up to date" would keep data from elsewhere. */
      run_finish (run, g_error_new (ACCORD_SYNC_ERROR, ACCORD_SYNC_ERROR_HTTP,
                                    /* Translators: why a refresh failed, as Preferences shows it; %u is the
                                     * HTTP status, 304, which says the feed has not changed */
                                    _("the server answered %u (not modified), though Accord asked for the whole feed"),
                                    status));
      return;
    }

  if (status == SOUP_STATUS_NOT_MODIFIED)
    {
      run->result.not_modified = TRUE;
      run_finish (run, NULL);
      return;
    }

  /* 203: the feed, as a proxy on the way passed it on. */
  if (status == SOUP_STATUS_OK || status == SOUP_STATUS_NON_AUTHORITATIVE)
    {
      read_body (run);
      return;
    }

  /* Not the server's problem, and not one another try soon would solve. */
  if (status == STATUS_NETWORK_AUTHENTICATION_REQUIRED)
    {
      run_finish (run, sign_in_error ());
      return;
    }

  if (status_is_transient (status))
    {
      /* A busy server is worth another try, after the pause it asks for. */
      retry_or_fail (run, http_error (status), TRUE, parse_retry_after (run->message));
      return;
    }

  run_finish (run, http_error (status));
}

/* Returns: whether the request now carries validators. */
static gboolean
add_validators (Run *run)
{
  AccordStore *store = run->sync->store;
  SoupMessageHeaders *headers = soup_message_get_request_headers (run->message);
  g_autofree char *url = NULL;
  g_autofree char *validated_url = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *last_modified = NULL;

  /* Validators only mean something for the snapshot they came with, and
   * to the address that gave them: a 304 from another server would keep
   * the old publisher's data. */
  if (accord_store_get_snapshot_origin (store) != ACCORD_SNAPSHOT_SYNC)
    return FALSE;
  url = g_uri_to_string (run->uri);
  validated_url = accord_store_dup_sync_state (store, "validators-url");
  if (g_strcmp0 (url, validated_url) != 0)
    return FALSE;

  etag = accord_store_dup_sync_state (store, "etag");
  last_modified = accord_store_dup_sync_state (store, "last-modified");
  if (etag != NULL)
    soup_message_headers_replace (headers, "If-None-Match", etag);
  if (last_modified != NULL)
    soup_message_headers_replace (headers, "If-Modified-Since", last_modified);
  return etag != NULL || last_modified != NULL;
}

/* The bytes of the body that have come so far. A compressed body's pace
 * is that of its bytes on the wire, not of the text they make: a trickle
 * of compressed spaces would pass for a fast server. */
static guint64
body_bytes_so_far (Run *run)
{
  SoupMessageMetrics *metrics = run->message != NULL ? soup_message_get_metrics (run->message) : NULL;

  if (run->encoded && metrics != NULL)
    return soup_message_metrics_get_response_body_bytes_received (metrics);
  return run->data != NULL ? run->data->len : 0;
}

/* libsoup's timeout only notices a silent server: one that sends a byte
 * now and then would hold the sync, and keep the next ones from starting,
 * for ever. Each attempt, redirects included, gets a fixed time, and the
 * same again for as long as the body came at the slowest rate allowed in
 * the last one: a slow link that keeps bringing the feed finishes it,
 * however long that takes, and a server that slows to a trickle is left. */
static void
on_deadline (gpointer data)
{
  Run *run = data;
  AccordSync *self = run->sync;
  guint64 received = body_bytes_so_far (run);
  guint64 wanted = MAX ((guint64) self->min_bytes_per_s * self->deadline_ms / 1000, 1);

  run->deadline_source = 0;
  if (received >= run->received_at_check && received - run->received_at_check >= wanted)
    {
      run->received_at_check = received;
      run->deadline_source = g_timeout_add_once (self->deadline_ms, on_deadline, run);
      return;
    }
  g_cancellable_cancel (run->attempt_cancellable);
}

static void
start_attempt (Run *run)
{
  run->attempt++;
  run->attempt_cancellable = g_cancellable_new ();
  run->received_at_check = 0;
  run->deadline_source = g_timeout_add_once (run->sync->deadline_ms, on_deadline, run);
}

static void
run_attempt (Run *run)
{
  AccordSync *self = run->sync;

  if (run->redirects == 0)
    start_attempt (run);

  g_clear_object (&run->message);
  run->message = soup_message_new_from_uri (SOUP_METHOD_GET, run->uri);
  /* Redirects are followed here, each one checked; the metrics count
   * the bytes a compressed body took, to tell a cut one. */
  soup_message_add_flags (run->message, SOUP_MESSAGE_NO_REDIRECT | SOUP_MESSAGE_COLLECT_METRICS);
  soup_message_headers_replace (soup_message_get_request_headers (run->message), "Accept",
                                "application/json, application/*+json;q=0.9");
  run->validated = add_validators (run);

  soup_session_send_async (self->session, run->message, G_PRIORITY_DEFAULT, run->attempt_cancellable,
                           on_sent, run);
}

/* ---------------------------------------------------------------------- */

static void
on_caller_cancelled (GCancellable *cancellable,
                     AccordSync   *self)
{
  accord_sync_cancel (self);
}

/**
 * accord_sync_run_async:
 * @cancellable: (nullable): cancels the sync, for every caller
 *
 * Syncs from the endpoint. While a sync runs, another call joins it and
 * gets the same result.
 */
void
accord_sync_run_async (AccordSync          *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GPtrArray *tasks;

  g_return_if_fail (ACCORD_IS_SYNC (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, accord_sync_run_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (cancellable != NULL)
    {
      gulong handler = g_signal_connect (cancellable, "cancelled", G_CALLBACK (on_caller_cancelled), self);

      g_task_set_task_data (task, GSIZE_TO_POINTER (handler), NULL);
    }

  /* A run that was stopped, and may take a while to end (a large feed's
   * parsing cannot be interrupted), is not joined: the new one follows. */
  if (accord_sync_get_stopping (self))
    {
      if (self->queued == NULL)
        self->queued = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (self->queued, g_steal_pointer (&task));
      /* Stopping no more, as far as the user can tell: a refresh follows. */
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STOPPING]);
      return;
    }
  if (self->run != NULL)
    {
      g_ptr_array_add (self->run->tasks, g_steal_pointer (&task));
      return;
    }

  tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (tasks, g_steal_pointer (&task));
  start_run (self, tasks, TRUE);
}

/* @tasks: (transfer full): the callers of the new run
 * @notify: whether "running" changes */
static void
start_run (AccordSync *self,
           GPtrArray  *tasks,
           gboolean    notify)
{
  GError *error = NULL;
  Run *run;

  run = g_new0 (Run, 1);
  run->sync = g_object_ref (self);
  run->tasks = tasks;
  run->cancellable = g_cancellable_new ();
  self->run = run;
  if (notify)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[RUN_STARTED], 0);

  if (!accord_sync_check_endpoint (self->endpoint, &error))
    {
      run_finish (run, error);
      return;
    }

  run->origin = g_uri_parse (self->endpoint, SOUP_HTTP_URI_FLAGS, NULL);
  run->uri = g_uri_ref (run->origin);
  g_cancellable_connect (run->cancellable, G_CALLBACK (on_run_cancelled), run, NULL);
  run_attempt (run);
}

/**
 * accord_sync_run_finish:
 * @out_result: (out) (optional): what the sync did
 *
 * Returns: whether the sync succeeded (an unmodified feed is a success)
 */
gboolean
accord_sync_run_finish (AccordSync        *self,
                        GAsyncResult      *result,
                        AccordSyncResult  *out_result,
                        GError           **error)
{
  g_autofree AccordSyncResult *run_result = NULL;

  g_return_val_if_fail (ACCORD_IS_SYNC (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == accord_sync_run_async, FALSE);

  if ((run_result = g_task_propagate_pointer (G_TASK (result), error)) == NULL)
    return FALSE;
  if (out_result != NULL)
    *out_result = *run_result;
  return TRUE;
}

/**
 * accord_sync_cancel:
 *
 * Stops the running sync, if any, promptly; the store keeps what it had.
 */
void
accord_sync_cancel (AccordSync *self)
{
  g_return_if_fail (ACCORD_IS_SYNC (self));

  if (self->run == NULL)
    return;
  /* Those waiting now are stopped too; one asked for after still runs. */
  self->n_queued_stopped = self->queued != NULL ? self->queued->len : 0;
  g_cancellable_cancel (self->run->cancellable);
  /* Told here too: the run may not listen to its cancellable yet. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STOPPING]);
}

/**
 * accord_sync_get_stopping:
 *
 * Returns: whether the running sync was stopped and is ending; a sync
 *   asked for now follows it, from the endpoint set then
 */
gboolean
accord_sync_get_stopping (AccordSync *self)
{
  g_return_val_if_fail (ACCORD_IS_SYNC (self), FALSE);

  return self->run != NULL && g_cancellable_is_cancelled (self->run->cancellable);
}

/**
 * accord_sync_get_winding_down:
 *
 * Returns: whether the running sync was stopped and is ending with no
 *   sync asked for since waiting to follow it: all a user can see of it
 *   is that it stops
 */
gboolean
accord_sync_get_winding_down (AccordSync *self)
{
  gboolean waiting;

  g_return_val_if_fail (ACCORD_IS_SYNC (self), FALSE);

  waiting = self->queued != NULL && self->queued->len > self->n_queued_stopped;
  return accord_sync_get_stopping (self) && !waiting;
}

/* For the tests: a feed on this computer stands for a remote one, for
 * telling failures by the network's state. */
void
accord_sync_set_loopback_is_remote (AccordSync *self,
                                    gboolean    remote)
{
  g_return_if_fail (ACCORD_IS_SYNC (self));

  self->loopback_is_remote = remote;
}

gboolean
accord_sync_get_running (AccordSync *self)
{
  g_return_val_if_fail (ACCORD_IS_SYNC (self), FALSE);

  return self->run != NULL;
}

void
accord_sync_set_endpoint (AccordSync *self,
                          const char *url)
{
  g_return_if_fail (ACCORD_IS_SYNC (self));

  g_free (self->endpoint);
  self->endpoint = url ? g_strstrip (g_strdup (url)) : NULL;
}

const char *
accord_sync_get_endpoint (AccordSync *self)
{
  g_return_val_if_fail (ACCORD_IS_SYNC (self), NULL);

  return self->endpoint;
}

/**
 * accord_sync_set_network_monitor:
 * @monitor: (nullable): g_network_monitor_get_default(), or a fake one
 *
 * Lets a failed refresh be told as the network's state explains it:
 * offline, or on a network asking to sign in first. Without a monitor,
 * failures are told as they come.
 */
void
accord_sync_set_network_monitor (AccordSync      *self,
                                 GNetworkMonitor *monitor)
{
  g_return_if_fail (ACCORD_IS_SYNC (self));
  g_return_if_fail (monitor == NULL || G_IS_NETWORK_MONITOR (monitor));

  g_set_object (&self->monitor, monitor);
}

void
accord_sync_set_timeout (AccordSync *self,
                         guint       seconds)
{
  g_return_if_fail (ACCORD_IS_SYNC (self));

  g_object_set (self->session, "timeout", seconds, NULL);
}

/* How long one attempt may take to bring the whole feed, and again for
 * as long as the body comes at @min_bytes_per_s or faster. */
void
accord_sync_set_deadline (AccordSync *self,
                          guint       ms,
                          guint       min_bytes_per_s)
{
  g_return_if_fail (ACCORD_IS_SYNC (self));
  g_return_if_fail (ms > 0 && min_bytes_per_s > 0);

  self->deadline_ms = ms;
  self->min_bytes_per_s = min_bytes_per_s;
}

void
accord_sync_set_retry_policy (AccordSync *self,
                              guint       max_attempts,
                              guint       base_delay_ms,
                              guint       max_wait_ms)
{
  g_return_if_fail (ACCORD_IS_SYNC (self));
  g_return_if_fail (max_attempts >= 1);

  self->max_attempts = max_attempts;
  self->base_delay_ms = base_delay_ms;
  self->max_wait_ms = max_wait_ms;
}

AccordSync *
accord_sync_new (AccordStore *store)
{
  AccordSync *self;

  g_return_val_if_fail (ACCORD_IS_STORE (store), NULL);

  self = g_object_new (ACCORD_TYPE_SYNC, NULL);
  self->store = g_object_ref (store);
  return self;
}

static void
accord_sync_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, accord_sync_get_running (ACCORD_SYNC (object)));
      break;

    case PROP_STOPPING:
      g_value_set_boolean (value, accord_sync_get_stopping (ACCORD_SYNC (object)));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
accord_sync_finalize (GObject *object)
{
  AccordSync *self = ACCORD_SYNC (object);

  g_assert (self->run == NULL);
  g_clear_object (&self->store);
  g_clear_object (&self->session);
  g_clear_object (&self->monitor);
  g_free (self->endpoint);

  G_OBJECT_CLASS (accord_sync_parent_class)->finalize (object);
}

static void
accord_sync_class_init (AccordSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = accord_sync_finalize;
  object_class->get_property = accord_sync_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Stopped, and ending: a feed being parsed finishes its parsing first. */
  properties[PROP_STOPPING] =
    g_param_spec_boolean ("stopping", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * AccordSync::run-started:
   *
   * A run begins: one asked for, or one that waited for a stopped run
   * to end. Its callers will all hear how it ends.
   */
  signals[RUN_STARTED] =
    g_signal_new ("run-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
accord_sync_init (AccordSync *self)
{
  self->max_attempts = DEFAULT_MAX_ATTEMPTS;
  self->base_delay_ms = DEFAULT_BASE_DELAY_MS;
  self->max_wait_ms = DEFAULT_MAX_WAIT_MS;
  self->deadline_ms = DEFAULT_DEADLINE_MS;
  self->min_bytes_per_s = DEFAULT_MIN_RATE;
  self->session = soup_session_new_with_options ("user-agent", "Accord/" PACKAGE_VERSION,
                                                 "timeout", DEFAULT_TIMEOUT_S,
                                                 "idle-timeout", 60,
                                                 "max-conns-per-host", 2,
                                                 NULL);
}

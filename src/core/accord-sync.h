#pragma once

#include <gio/gio.h>

#include "accord-store.h"

G_BEGIN_DECLS

#define ACCORD_SYNC_ERROR (accord_sync_error_quark ())

typedef enum
{
  ACCORD_SYNC_ERROR_INVALID_ENDPOINT,
  ACCORD_SYNC_ERROR_HTTP,
  ACCORD_SYNC_ERROR_NOT_JSON,
  ACCORD_SYNC_ERROR_TOO_LARGE,
  ACCORD_SYNC_ERROR_REDIRECT_REFUSED,
  ACCORD_SYNC_ERROR_TOO_MANY_REDIRECTS,
  ACCORD_SYNC_ERROR_NETWORK,
  ACCORD_SYNC_ERROR_TIMEOUT,
  ACCORD_SYNC_ERROR_TRUNCATED,
  ACCORD_SYNC_ERROR_TLS,
  ACCORD_SYNC_ERROR_REFUSED_FEED,
  ACCORD_SYNC_ERROR_NOT_HTTP,
  ACCORD_SYNC_ERROR_BAD_ENCODING,
  ACCORD_SYNC_ERROR_OFFLINE,
  ACCORD_SYNC_ERROR_SIGN_IN,
} AccordSyncError;

typedef struct
{
  gboolean          not_modified;
  guint             http_status;
  AccordImportStats stats;
} AccordSyncResult;

#define ACCORD_TYPE_SYNC (accord_sync_get_type ())

G_DECLARE_FINAL_TYPE (AccordSync, accord_sync, ACCORD, SYNC, GObject)

GQuark      accord_sync_error_quark        (void) G_GNUC_CONST;

AccordSync *accord_sync_new                (AccordStore         *store);
gboolean    accord_sync_check_endpoint     (const char          *url,
                                            GError             **error);
void        accord_sync_set_endpoint       (AccordSync          *self,
                                            const char          *url);
const char *accord_sync_get_endpoint       (AccordSync          *self);
gboolean    accord_sync_get_running        (AccordSync          *self);
gboolean    accord_sync_get_stopping       (AccordSync          *self);
gboolean    accord_sync_get_winding_down   (AccordSync          *self);
void        accord_sync_run_async          (AccordSync          *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    accord_sync_run_finish         (AccordSync          *self,
                                            GAsyncResult        *result,
                                            AccordSyncResult    *out_result,
                                            GError             **error);
void        accord_sync_cancel             (AccordSync          *self);
void        accord_sync_set_network_monitor (AccordSync         *self,
                                             GNetworkMonitor    *monitor);

/* Tuning, mostly for tests. */
void        accord_sync_set_timeout        (AccordSync          *self,
                                            guint                seconds);
void        accord_sync_set_retry_policy   (AccordSync          *self,
                                            guint                max_attempts,
                                            guint                base_delay_ms,
                                            guint                max_wait_ms);

G_END_DECLS

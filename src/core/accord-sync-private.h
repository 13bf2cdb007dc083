#pragma once

#include "accord-sync.h"

G_BEGIN_DECLS

/* For tests only. */
void        accord_sync_set_loopback_is_remote (AccordSync      *self,
                                                gboolean         remote);
void        accord_sync_set_deadline       (AccordSync          *self,
                                            guint                ms,
                                            guint                min_bytes_per_s);
gboolean    accord_sync_check_redirect     (const char          *endpoint,
                                            const char          *url,
                                            const char          *location,
                                            GError             **error);

G_END_DECLS

#pragma once

#include <glib.h>

#include "accord-feed.h"

G_BEGIN_DECLS

/* First-strong isolate, pop directional isolate (Unicode's UAX #9). */
#define ACCORD_ISOLATE_START "\u2068"
#define ACCORD_ISOLATE_END   "\u2069"

const char *accord_i18n_get_language     (void);
const char *accord_i18n_get_other_language (void);
void        accord_i18n_append_spoken    (GString    *spoken,
                                          const char *part);
char       *accord_i18n_format_date      (const char *date);
char       *accord_i18n_format_day       (GDateTime  *when);
char       *accord_i18n_format_month     (guint       yyyymm);
char       *accord_i18n_format_time      (GDateTime  *when,
                                          gboolean    twelve_hour);
char       *accord_i18n_format_count     (guint       n);
char       *accord_i18n_isolate          (const char *text);
char       *accord_i18n_mark_language    (const char *text,
                                          const char *lang);
char       *accord_i18n_mark_spoken      (const char *text,
                                          const char *lang);
char       *accord_i18n_capitalize       (const char *text);
const char *accord_i18n_entity_kind      (AccordEntityKind kind);

G_END_DECLS

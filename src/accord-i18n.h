#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *accord_i18n_get_language     (void);
const char *accord_i18n_get_other_language (void);
char       *accord_i18n_format_date      (const char *date);
char       *accord_i18n_format_day       (GDateTime  *when);
char       *accord_i18n_format_month     (guint       yyyymm);

G_END_DECLS

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char       *accord_country_dup_name  (const char *code,
                                      const char *lang);
char       *accord_country_dup_flag  (const char *code);

G_END_DECLS

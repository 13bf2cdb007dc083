#pragma once

#include <glib.h>

G_BEGIN_DECLS

void        accord_language_init     (const char *app_localedir);
gboolean    accord_language_apply    (const char *language);

G_END_DECLS

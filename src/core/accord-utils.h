#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *accord_pick_language (const char *lang,
                                  const char *en,
                                  const char *fr,
                                  gboolean   *is_fallback);

G_END_DECLS

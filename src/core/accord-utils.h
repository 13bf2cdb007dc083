#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *accord_pick_language (const char *lang,
                                  const char *en,
                                  const char *fr,
                                  gboolean   *is_fallback);
void        accord_remove_tree   (const char *path);

G_END_DECLS

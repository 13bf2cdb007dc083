#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

const char *accord_pick_language (const char *lang,
                                  const char *en,
                                  const char *fr,
                                  gboolean   *is_fallback);
void        accord_remove_tree   (const char *path);
const char *accord_json_get_string (JsonObject *object,
                                    const char *member);

G_END_DECLS

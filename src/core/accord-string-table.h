#pragma once

#include <glib.h>

G_BEGIN_DECLS

guint       accord_keyed_str_hash      (gconstpointer  key);
GHashTable *accord_string_table_new    (GDestroyNotify key_destroy,
                                        GDestroyNotify value_destroy);

G_END_DECLS

#pragma once

#include "accord-store.h"

G_BEGIN_DECLS

GBytes   *accord_builtin_feed_get_bytes    (void);
gboolean  accord_builtin_feed_is_newer     (AccordStore *store,
                                            AccordFeed  *builtin);

G_END_DECLS

#pragma once

#include "accord-store.h"

G_BEGIN_DECLS

GBytes   *accord_builtin_feed_get_bytes    (void);

G_END_DECLS

#pragma once

#include "accord-sync.h"

G_BEGIN_DECLS

/* For tests only. */
void        accord_sync_set_deadline       (AccordSync          *self,
                                            guint                ms);

G_END_DECLS

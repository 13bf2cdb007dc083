#pragma once

#include <glib.h>

G_BEGIN_DECLS

void accord_test_damage_table        (const char *path,
                                      const char *table);
void accord_test_damage_first_record (const char *path,
                                      const char *table);
void accord_test_hide_last_record    (const char *path,
                                      const char *table);

G_END_DECLS

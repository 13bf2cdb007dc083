#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ACCORD_TYPE_MEMBER_CHIP (accord_member_chip_get_type ())

G_DECLARE_FINAL_TYPE (AccordMemberChip, accord_member_chip, ACCORD, MEMBER_CHIP, GtkWidget)

GtkWidget  *accord_member_chip_new      (const char       *code,
                                         const char       *name,
                                         gboolean          founding);
const char *accord_member_chip_get_code (AccordMemberChip *self);
const char *accord_member_chip_get_name (AccordMemberChip *self);

G_END_DECLS

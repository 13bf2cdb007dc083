#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void       accord_test_spin           (guint       ms);
GtkWidget *accord_test_template_child (gpointer    widget,
                                       GType       type,
                                       const char *name);
GPtrArray *accord_test_find_all       (gpointer    widget,
                                       GType       type);

G_END_DECLS

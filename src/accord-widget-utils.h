#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void accord_widget_remove_children (GtkWidget *widget);

G_END_DECLS

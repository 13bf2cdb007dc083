#define G_LOG_DOMAIN "accord-window"

#include "config.h"

#include <glib/gi18n.h>

#include "accord-window.h"

struct _AccordWindow
{
  AdwApplicationWindow    parent_instance;

  AdwNavigationSplitView *split_view;
  AdwToastOverlay        *toast_overlay;
  GtkMenuButton          *primary_menu_button;
};

G_DEFINE_FINAL_TYPE (AccordWindow, accord_window, ADW_TYPE_APPLICATION_WINDOW)

AccordWindow *
accord_window_new (AccordApplication *application)
{
  g_return_val_if_fail (ACCORD_IS_APPLICATION (application), NULL);

  return g_object_new (ACCORD_TYPE_WINDOW, "application", application, NULL);
}

static void
accord_window_bind_settings (AccordWindow *self)
{
  GApplication *app = g_application_get_default ();
  GSettings *settings;

  if (!ACCORD_IS_APPLICATION (app))
    return;

  settings = accord_application_get_settings (ACCORD_APPLICATION (app));
  g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

static void
accord_window_constructed (GObject *object)
{
  G_OBJECT_CLASS (accord_window_parent_class)->constructed (object);

  accord_window_bind_settings (ACCORD_WINDOW (object));
}

static void
accord_window_class_init (AccordWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = accord_window_constructed;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/accordapp/Accord/accord-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AccordWindow, split_view);
  gtk_widget_class_bind_template_child (widget_class, AccordWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AccordWindow, primary_menu_button);
}

static void
accord_window_init (AccordWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

#define G_LOG_DOMAIN "accord-application"

#include "config.h"

#include <glib/gi18n.h>

#include "accord-application.h"
#include "accord-shortcuts-dialog.h"
#include "accord-window.h"

struct _AccordApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (AccordApplication, accord_application, ADW_TYPE_APPLICATION)

AccordApplication *
accord_application_new (void)
{
  return g_object_new (ACCORD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/accordapp/Accord",
                       NULL);
}

GSettings *
accord_application_get_settings (AccordApplication *self)
{
  g_return_val_if_fail (ACCORD_IS_APPLICATION (self), NULL);

  return self->settings;
}

static void
accord_application_activate (GApplication *app)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (accord_window_new (ACCORD_APPLICATION (app)));

  gtk_window_present (window);
}

static void
accord_application_startup (GApplication *app)
{
  AccordApplication *self = ACCORD_APPLICATION (app);

  G_APPLICATION_CLASS (accord_application_parent_class)->startup (app);

  self->settings = g_settings_new (APP_ID);
  gtk_window_set_default_icon_name (APP_ID);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.shortcuts",
                                         (const char *[]) { "<Control>question", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close",
                                         (const char *[]) { "<Control>w", NULL });
}

static void
accord_application_quit_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows;

  /* Closing the windows first lets each one save its state; a closed
   * window leaves the application's list, so walk a copy. */
  windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (app)),
                              (GCopyFunc) g_object_ref, NULL);
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free_full (windows, g_object_unref);

  g_application_quit (app);
}

static void
accord_application_about_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  AdwDialog *dialog;

  dialog = adw_about_dialog_new_from_appdata ("/io/github/accordapp/Accord/metainfo.xml",
                                              PACKAGE_VERSION);
  adw_about_dialog_set_developers (ADW_ABOUT_DIALOG (dialog),
                                   (const char *[]) { _("The Accord developers"), NULL });
  /* Translators: replace with your names, one per line, e.g. "Jane Doe <jane@example.org>". */
  adw_about_dialog_set_translator_credits (ADW_ABOUT_DIALOG (dialog), _("translator-credits"));
  adw_about_dialog_set_copyright (ADW_ABOUT_DIALOG (dialog), _("© 2026 The Accord developers"));
  adw_dialog_present (dialog, GTK_WIDGET (gtk_application_get_active_window (app)));
}

static void
accord_application_shortcuts_action (GSimpleAction *action,
                                     GVariant      *parameter,
                                     gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  AdwDialog *dialog = accord_shortcuts_dialog_new ();

  adw_dialog_present (dialog, GTK_WIDGET (gtk_application_get_active_window (app)));
}

static const GActionEntry app_actions[] = {
  { "quit", accord_application_quit_action },
  { "about", accord_application_about_action },
  { "shortcuts", accord_application_shortcuts_action },
};

static void
accord_application_dispose (GObject *object)
{
  AccordApplication *self = ACCORD_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (accord_application_parent_class)->dispose (object);
}

static void
accord_application_class_init (AccordApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = accord_application_dispose;

  app_class->activate = accord_application_activate;
  app_class->startup = accord_application_startup;
}

static void
accord_application_init (AccordApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
}

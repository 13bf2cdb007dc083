#define G_LOG_DOMAIN "accord-application"

#include "config.h"

#include <glib/gi18n.h>

#include "accord-about.h"
#include "accord-application.h"
#include "accord-builtin.h"
#include "accord-commands.h"
#include "accord-i18n.h"
#include "accord-language.h"
#include "accord-preferences-dialog.h"
#include "accord-shortcuts-dialog.h"
#include "accord-sync-scheduler.h"
#include "accord-window.h"

struct _AccordApplication
{
  AdwApplication       parent_instance;

  GSettings           *settings;
  AccordStore         *store;
  GError              *store_error;
  GError              *builtin_error;    /* until a snapshot is stored */
  AccordEntityPrefetch *entity_prefetch;
  GListModel          *first_entities;
  AccordSync          *sync;
  AccordSyncScheduler *scheduler;
  GCancellable        *sync_cancellable;
  guint                n_window_calls;   /* into the run under way */
  gboolean             any_asked;
  gboolean             windows_told;     /* of the end of the run under way */
  GPtrArray           *command_calls;    /* SyncCall: command lines waiting */
  gboolean             quitting;         /* no refresh starts of itself any more */
  AdwDialog           *preferences;      /* each open once at most */
  AdwDialog           *shortcuts;
  AdwDialog           *about;
};

G_DEFINE_FINAL_TYPE (AccordApplication, accord_application, ADW_TYPE_APPLICATION)

enum {
  SYNC_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

AccordApplication *
accord_application_new (void)
{
  return g_object_new (ACCORD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/accordapp/Accord",
                       NULL);
}

/**
 * accord_application_get_sync:
 *
 * Returns: (transfer none) (nullable): the sync job, or %NULL without a store
 */
AccordSync *
accord_application_get_sync (AccordApplication *self)
{
  g_return_val_if_fail (ACCORD_IS_APPLICATION (self), NULL);

  return self->sync;
}

/* ---------------------------------------------------------------------- */
/* Sync                                                                    */

typedef struct
{
  AccordApplication       *app;
  GApplicationCommandLine *command_line;   /* NULL once answered */
  gboolean                 from_command_line;
  gboolean                 readdressed;      /* its run was stopped for a new address */
} SyncCall;

/* The caller gets its line and exit status, and lets go of the app. */
static void
answer_command_line (SyncCall   *call,
                     gboolean    ok,
                     const char *line)
{
  if (ok)
    g_application_command_line_print (call->command_line, "%s\n", line);
  else
    g_application_command_line_printerr (call->command_line, "%s\n", line);
  g_application_command_line_set_exit_status (call->command_line, ok ? 0 : 1);
  g_clear_object (&call->command_line);
  g_ptr_array_remove (call->app->command_calls, call);
  g_application_release (G_APPLICATION (call->app));
}

static void start_sync (AccordApplication       *self,
                        GApplicationCommandLine *command_line,
                        const char              *endpoint,
                        gboolean                 asked);

static void
on_sync_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SyncCall *call = user_data;
  AccordApplication *self = call->app;
  AccordSyncResult sync_result = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean ok = accord_sync_run_finish (ACCORD_SYNC (object), result, &sync_result, &error);
  gboolean tell_windows;

  /* Every caller hears of a shared run; the windows once, when its last
   * caller from a window is done, asked for by the user if any of them
   * was; or, for a run only a command line asked for, when it is done. */
  if (call->from_command_line)
    {
      g_autofree char *line = NULL;

      /* Stopped for a new address: not a failure of its own. */
      if (call->readdressed && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        /* Translators: after "error: ", on the command line */
        line = g_strdup_printf ("error: %s", _("the feed address was changed in Preferences; "
                                               "Accord refreshes from the new one now"));
      else
        line = accord_describe_sync (&sync_result, error);

      if (call->command_line != NULL)
        answer_command_line (call, ok, line);
      tell_windows = self->n_window_calls == 0;
    }
  else
    tell_windows = --self->n_window_calls == 0;

  if (tell_windows && !self->windows_told)
    {
      gboolean asked = self->any_asked;

      self->windows_told = TRUE;
      self->any_asked = FALSE;
      g_signal_emit (self, signals[SYNC_FINISHED], 0, ok ? &sync_result : NULL, error, asked);
    }

  g_object_unref (call->app);
  g_free (call);
}

/* @endpoint: (nullable): the address to use instead of the one in the
 * settings, if a new run starts; @asked: the user asked for it */
static void
start_sync (AccordApplication       *self,
            GApplicationCommandLine *command_line,
            const char              *endpoint,
            gboolean                 asked)
{
  SyncCall *call;
  gboolean running;

  if (self->sync == NULL || (self->quitting && command_line == NULL))
    return;

  running = accord_sync_get_running (self->sync);
  /* A new run, or the one that follows a run stopped and still ending. */
  if (!running || accord_sync_get_stopping (self->sync))
    {
      g_autofree char *configured = g_settings_get_string (self->settings, "endpoint-url");

      accord_sync_set_endpoint (self->sync, endpoint ? endpoint : configured);
    }
  if (!running)
    {
      g_clear_object (&self->sync_cancellable);
      self->sync_cancellable = g_cancellable_new ();
    }

  call = g_new0 (SyncCall, 1);
  call->app = g_object_ref (self);
  call->command_line = command_line ? g_object_ref (command_line) : NULL;
  call->from_command_line = command_line != NULL;
  if (command_line != NULL)
    g_ptr_array_add (self->command_calls, call);
  else
    {
      self->n_window_calls++;
      self->any_asked |= asked;
    }
  accord_sync_run_async (self->sync, self->sync_cancellable, on_sync_done, call);
}

/**
 * accord_application_refresh:
 *
 * Refreshes the data now, whatever the schedule says; a refresh already
 * under way is joined. The "sync-finished" signal tells how it went.
 */
void
accord_application_refresh (AccordApplication *self)
{
  g_return_if_fail (ACCORD_IS_APPLICATION (self));

  start_sync (self, NULL, NULL, TRUE);
}

/**
 * accord_application_refresh_new_endpoint:
 *
 * Refreshes from the address just set in the settings. A refresh under
 * way from another address is stopped first, and this one follows it:
 * joined, it would bring the old address's data as the new one's. A
 * command line waiting on it is told so.
 */
void
accord_application_refresh_new_endpoint (AccordApplication *self)
{
  g_autofree char *configured = NULL;

  g_return_if_fail (ACCORD_IS_APPLICATION (self));

  if (self->sync == NULL)
    return;

  configured = g_strstrip (g_settings_get_string (self->settings, "endpoint-url"));
  if (accord_sync_get_running (self->sync) && !accord_sync_get_stopping (self->sync) &&
      g_strcmp0 (accord_sync_get_endpoint (self->sync), configured) != 0)
    {
      /* The command lines waiting on it are told why it stopped. */
      for (guint i = 0; i < self->command_calls->len; i++)
        ((SyncCall *) g_ptr_array_index (self->command_calls, i))->readdressed = TRUE;
      accord_sync_cancel (self->sync);
    }
  /* From the new address, once the stopped run has ended; so too back to
   * the address of the stopped one, whose run will not bring it. */
  start_sync (self, NULL, NULL, TRUE);
}

static void
on_sync_due (AccordApplication *self)
{
  if (!accord_sync_get_running (self->sync))
    start_sync (self, NULL, NULL, FALSE);
}

/* The end of each run is news to the windows, once; that of one which
 * waited for a stopped run too, though only a command line asked. */
static void
on_run_started (AccordApplication *self)
{
  self->windows_told = FALSE;
}

static void
accord_application_start_sync_job (AccordApplication *self)
{
  self->sync = accord_sync_new (self->store);
  g_signal_connect_swapped (self->sync, "run-started", G_CALLBACK (on_run_started), self);
}

/* Automatic refreshes start once the first window is on screen: one due
 * at start would otherwise load the network and proxy modules and reach
 * out while the window is still being built, and show later. */
static void
start_sync_schedule (AccordApplication *self)
{
  g_autoptr(GPowerProfileMonitor) power_monitor = NULL;

  if (self->scheduler != NULL || self->store == NULL)
    return;

  power_monitor = g_power_profile_monitor_dup_default ();
  self->scheduler = accord_sync_scheduler_new (self->store, g_network_monitor_get_default (), power_monitor);
  /* Now too, for the same reason: a failure is then told as offline. */
  if (self->sync != NULL)
    accord_sync_set_network_monitor (self->sync, g_network_monitor_get_default ());
  g_signal_connect_object (self->scheduler, "due", G_CALLBACK (on_sync_due), self, G_CONNECT_SWAPPED);
  g_settings_bind (self->settings, "sync-interval", self->scheduler, "interval", G_SETTINGS_BIND_GET);
  accord_sync_scheduler_check (self->scheduler);
}

static gboolean
start_sync_schedule_idle (gpointer user_data)
{
  start_sync_schedule (ACCORD_APPLICATION (user_data));
  return G_SOURCE_REMOVE;
}

/* Out of the frame clock's cycle: the frame is complete first. */
static void
on_first_frame_drawn (GdkFrameClock     *clock,
                      AccordApplication *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_frame_drawn, self);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, start_sync_schedule_idle, g_object_ref (self), g_object_unref);
}

static void
start_sync_schedule_after_drawing (AccordApplication *self,
                                   GtkWindow         *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

  if (self->scheduler != NULL || self->store == NULL)
    return;

  if (clock == NULL)
    start_sync_schedule (self);
  else
    g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_first_frame_drawn), self, 0);
}

GSettings *
accord_application_get_settings (AccordApplication *self)
{
  g_return_val_if_fail (ACCORD_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * accord_application_get_store:
 *
 * Returns: (transfer none) (nullable): the store, or %NULL when it could
 *   not be opened; see accord_application_get_store_error()
 */
AccordStore *
accord_application_get_store (AccordApplication *self)
{
  g_return_val_if_fail (ACCORD_IS_APPLICATION (self), NULL);

  return self->store;
}

/**
 * accord_application_get_default_store:
 *
 * Returns: (transfer none) (nullable): the store of the running Accord,
 *   for widgets, or %NULL when there is none
 */
AccordStore *
accord_application_get_default_store (void)
{
  GApplication *app = g_application_get_default ();

  return ACCORD_IS_APPLICATION (app) ? accord_application_get_store (ACCORD_APPLICATION (app)) : NULL;
}

const GError *
accord_application_get_store_error (AccordApplication *self)
{
  g_return_val_if_fail (ACCORD_IS_APPLICATION (self), NULL);

  return self->store_error;
}

/**
 * accord_application_get_builtin_error:
 *
 * Returns: (transfer none) (nullable): why the built-in data could not be
 *   stored at start, while no other data has been since
 */
const GError *
accord_application_get_builtin_error (AccordApplication *self)
{
  g_return_val_if_fail (ACCORD_IS_APPLICATION (self), NULL);

  return self->builtin_error;
}

/* Read before a new snapshot: of no use any more. */
static void
drop_entity_prefetch (AccordApplication *self)
{
  g_clear_pointer (&self->entity_prefetch, accord_entity_prefetch_discard);
  g_clear_object (&self->first_entities);
  g_clear_error (&self->builtin_error);
}

typedef struct
{
  char                 *path;
  char                 *lang;      /* the sidebar's, to sort for ahead */
  AccordStore          *store;
  GError               *error;
  AccordEntityPrefetch *prefetch;
} StoreOpening;

/* While GTK starts, in a thread: the store opens, then another thread
 * stores the built-in data on first start, or over older built-in data
 * after an update that ships newer data, and reads the sidebar's list
 * (see accord_store_prefetch_entities()). */
static gpointer
open_store_thread (gpointer data)
{
  StoreOpening *opening = data;
  g_autoptr(GBytes) builtin = NULL;

  opening->store = accord_store_new (opening->path, &opening->error);
  if (opening->store == NULL)
    return NULL;
  builtin = accord_builtin_feed_get_bytes ();
  opening->prefetch = accord_store_prefetch_entities (opening->store, builtin, opening->lang);
  return NULL;
}

static const char * const refresh_actions[] = { "refresh", "refresh-now" };

/* The store is used from here on in the main thread only. */
static void
finish_opening_store (AccordApplication *self,
                      GThread           *thread,
                      StoreOpening      *opening)
{
  g_thread_join (thread);
  self->store = opening->store;
  self->store_error = opening->error;
  self->entity_prefetch = opening->prefetch;
  if (self->store == NULL)
    {
      g_warning ("Could not open %s: %s", opening->path, self->store_error->message);
      /* Nowhere to store a refresh: its buttons show they cannot, rather
       * than do nothing when pressed. */
      for (guint i = 0; i < G_N_ELEMENTS (refresh_actions); i++)
        g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self),
                                                                                  refresh_actions[i])),
                                     FALSE);
    }
  else
    g_signal_connect_object (self->store, "snapshot-changed", G_CALLBACK (drop_entity_prefetch), self,
                             G_CONNECT_SWAPPED);
  g_free (opening->path);
  g_free (opening->lang);
  g_free (opening);
}

/* The built-in data is stored (or was not newer) and the list read:
 * the first window shows both at once. */
static void
finish_entity_prefetch (AccordApplication *self)
{
  g_autoptr(GError) error = NULL;
  AccordImportStats stats;
  GListModel *entities;

  entities = accord_entity_prefetch_join (self->store, g_steal_pointer (&self->entity_prefetch),
                                          accord_i18n_get_language (), &stats, &error);
  /* Set after: the signal the store emits in between clears it. */
  self->first_entities = entities;
  if (error != NULL)
    {
      g_warning ("Could not store the built-in data: %s", error->message);
      self->builtin_error = g_steal_pointer (&error);
    }
  else if (stats.n_entities > 0)
    g_debug ("Built-in data stored: %u entities, %u articles", stats.n_entities, stats.n_articles);
}

/**
 * accord_application_take_entities:
 *
 * The first window's sidebar takes the entity list read at start.
 *
 * Returns: (transfer full) (nullable): the list
 *   accord_store_list_entities() gives in the UI language, or %NULL when
 *   there is none ready: read it then
 */
GListModel *
accord_application_take_entities (AccordApplication *self)
{
  g_return_val_if_fail (ACCORD_IS_APPLICATION (self), NULL);

  return g_steal_pointer (&self->first_entities);
}

/* A new language: every window is built again, in it, where the user was. */
static void
rebuild_windows (AccordApplication *self)
{
  g_autoptr(GPtrArray) windows = g_ptr_array_new_with_free_func (g_object_unref);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (ACCORD_IS_WINDOW (l->data))
      g_ptr_array_add (windows, g_object_ref (l->data));

  for (guint i = 0; i < windows->len; i++)
    {
      AccordWindow *old = g_ptr_array_index (windows, i);
      g_autoptr(GVariant) state = g_variant_ref_sink (accord_window_save_state (old));
      AccordWindow *window = accord_window_new (self);

      gtk_window_present (GTK_WINDOW (window));
      accord_window_restore_state (window, state);
      accord_window_take_undo (window, old);
      gtk_window_destroy (GTK_WINDOW (old));
    }
}

static void
rebuild_windows_idle (gpointer user_data)
{
  g_autoptr(AccordApplication) self = user_data;

  rebuild_windows (self);
}

static void
on_language_changed (AccordApplication *self)
{
  g_autofree char *language = g_settings_get_string (self->settings, "language");

  /* The change may come from a widget of a window about to be rebuilt,
   * from inside its own handler: the windows go once it has returned. */
  if (accord_language_apply (language))
    g_idle_add_once (rebuild_windows_idle, g_object_ref (self));
}

static void
accord_application_activate (GApplication *app)
{
  AccordApplication *self = ACCORD_APPLICATION (app);
  GtkWindow *window;

  if (self->entity_prefetch != NULL)
    finish_entity_prefetch (self);

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (accord_window_new (ACCORD_APPLICATION (app)));

  gtk_window_present (window);
  start_sync_schedule_after_drawing (self, window);
}

static void
accord_application_startup (GApplication *app)
{
  AccordApplication *self = ACCORD_APPLICATION (app);
  StoreOpening *opening = g_new0 (StoreOpening, 1);
  GThread *thread;

  /* The chosen language applies before anything is read or built in it:
   * the sidebar's list is sorted for it ahead. */
  self->settings = g_settings_new (APP_ID);
  {
    g_autofree char *language = g_settings_get_string (self->settings, "language");
    accord_language_apply (language);
  }

  opening->path = accord_store_default_path ();
  opening->lang = g_strdup (accord_i18n_get_language ());
  thread = g_thread_new ("accord-open-store", open_store_thread, opening);
  G_APPLICATION_CLASS (accord_application_parent_class)->startup (app);
  finish_opening_store (self, thread, opening);

  gtk_window_set_default_icon_name (APP_ID);
  g_signal_connect_object (self->settings, "changed::language", G_CALLBACK (on_language_changed), self,
                           G_CONNECT_SWAPPED);
  if (self->store != NULL)
    accord_application_start_sync_job (self);

  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.shortcuts",
                                         (const char *[]) { "<Control>question", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close",
                                         (const char *[]) { "<Control>w", NULL });
  /* Pressed again while refreshing, as a user unsure it took, they must
   * not stop it unseen: only the button, showing it is running, stops. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.refresh-now",
                                         (const char *[]) { "<Control>r", "F5", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         (const char *[]) { "<Control>comma", NULL });
}

static void
accord_application_quit_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  g_autoptr(GPtrArray) windows = g_ptr_array_new_with_free_func (g_object_unref);

  /* Closing the windows first lets each one save its state; a closed
   * window leaves the application's list, so walk a copy. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    g_ptr_array_add (windows, g_object_ref (l->data));
  for (guint i = 0; i < windows->len; i++)
    gtk_window_close (GTK_WINDOW (g_ptr_array_index (windows, i)));

  g_application_quit (app);
}

/* Closing, it may stay on screen a moment: the next Ctrl+, opens anew. */
static void
on_dialog_closed (AccordApplication *self,
                  AdwDialog         *dialog)
{
  AdwDialog **slots[] = { &self->preferences, &self->shortcuts, &self->about };

  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    if (*slots[i] == dialog)
      g_clear_weak_pointer (slots[i]);
}

/**
 * accord_application_show_dialog:
 * @name: "preferences", "shortcuts" or "about"
 * @window: the window to show it over
 *
 * Shows one of the app's dialogs over @window, unless it is open there
 * already, even under another: a second Ctrl+, opens no copy.
 */
void
accord_application_show_dialog (AccordApplication *self,
                                const char        *name,
                                GtkWindow         *window)
{
  AdwDialog **open;
  AdwDialog *dialog;

  g_return_if_fail (ACCORD_IS_APPLICATION (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (GTK_IS_WINDOW (window));

  if (g_str_equal (name, "preferences"))
    open = &self->preferences;
  else if (g_str_equal (name, "shortcuts"))
    open = &self->shortcuts;
  else if (g_str_equal (name, "about"))
    open = &self->about;
  else
    g_return_if_reached ();

  if (*open != NULL && gtk_widget_get_root (GTK_WIDGET (*open)) == GTK_ROOT (window))
    return;

  if (open == &self->preferences)
    dialog = accord_preferences_dialog_new (self);
  else if (open == &self->shortcuts)
    dialog = accord_shortcuts_dialog_new ();
  else
    dialog = accord_about_dialog_new ();
  g_set_weak_pointer (open, dialog);
  g_signal_connect_object (dialog, "closed", G_CALLBACK (on_dialog_closed), self, G_CONNECT_SWAPPED);
  adw_dialog_present (dialog, GTK_WIDGET (window));
}

/* app.preferences, app.shortcuts and app.about */
static void
accord_application_dialog_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  if (window != NULL)
    accord_application_show_dialog (ACCORD_APPLICATION (user_data), g_action_get_name (G_ACTION (action)), window);
}

/* Never cancels: the banner's button, Ctrl+R and F5. */
static void
accord_application_refresh_now_action (GSimpleAction *action,
                                       GVariant      *parameter,
                                       gpointer       user_data)
{
  accord_application_refresh (ACCORD_APPLICATION (user_data));
}

/* A second activation while refreshing stops it: the refresh button
 * starts and cancels alike. */
static void
accord_application_refresh_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  AccordApplication *self = ACCORD_APPLICATION (user_data);

  /* Stopped already, and ending, with nothing to follow: the button
   * says so. (A refresh waiting to follow is stopped as one running.) */
  if (self->sync != NULL && accord_sync_get_winding_down (self->sync))
    return;
  if (self->sync != NULL && accord_sync_get_running (self->sync))
    {
      GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

      if (self->scheduler != NULL)
        accord_sync_scheduler_hold (self->scheduler, g_get_real_time () / G_USEC_PER_SEC);
      accord_sync_cancel (self->sync);
      /* The button turning back from a spinner is not read out. */
      if (window != NULL)
        gtk_accessible_announce (GTK_ACCESSIBLE (window), _("Refresh stopped"),
                                 GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_MEDIUM);
    }
  else
    accord_application_refresh (self);
}

/* Not for menus: `accord --import` or `--import-bookmarks`, run beside
 * this instance, says what it stored: "snapshot" or "bookmarks". */
static void
accord_application_data_changed_action (GSimpleAction *action,
                                        GVariant      *parameter,
                                        gpointer       user_data)
{
  AccordApplication *self = ACCORD_APPLICATION (user_data);
  const char *what = g_variant_get_string (parameter, NULL);

  if (self->store == NULL)
    return;
  if (g_str_equal (what, "snapshot"))
    accord_store_snapshot_changed_elsewhere (self->store);
  else if (g_str_equal (what, "bookmarks"))
    accord_store_bookmarks_changed_elsewhere (self->store);
}

static const GActionEntry app_actions[] = {
  { "data-changed", accord_application_data_changed_action, "s" },
  { "refresh", accord_application_refresh_action },
  { "refresh-now", accord_application_refresh_now_action },
  { "preferences", accord_application_dialog_action },
  { "quit", accord_application_quit_action },
  { "about", accord_application_dialog_action },
  { "shortcuts", accord_application_dialog_action },
};

static void
accord_application_shutdown (GApplication *app)
{
  AccordApplication *self = ACCORD_APPLICATION (app);

  /* The wait for the last writes below runs the main loop: neither a
   * refresh stopped for a new address nor the schedule starts one then. */
  self->quitting = TRUE;
  if (self->sync != NULL)
    accord_sync_cancel (self->sync);
  /* A command line waiting on a refresh hears why it ends, rather than
   * losing its connection to this process. */
  while (self->command_calls->len > 0)
    {
      /* Translators: after "error: ", on the command line */
      g_autofree char *line = g_strdup_printf ("error: %s", _("Accord was closed before the refresh ended"));

      answer_command_line (g_ptr_array_index (self->command_calls, 0), FALSE, line);
    }
  /* Bookmarks the user just set are stored before the process ends. */
  if (self->store != NULL)
    accord_store_wait_for_writes (self->store);

  G_APPLICATION_CLASS (accord_application_parent_class)->shutdown (app);
}

/* Whether an Accord already owns its name on the session bus, asked
 * without registering: registering would start GTK, which needs a display. */
static gboolean
running_instance_exists (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  if (bus == NULL)
    return FALSE;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner", g_variant_new ("(s)", APP_ID),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

/* An import from the command line went into the database behind the
 * back of a running instance, if there is one: it is told @what changed,
 * so its windows show it. The message expects no answer, so a busy
 * instance holds nothing up, and starts no instance that does not run. */
static void
tell_running_instance (const char *what)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GDBusMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (bus == NULL)
    return;
  /* GApplication's object path for its id. */
  path = g_strconcat ("/", APP_ID, NULL);
  g_strdelimit (path, ".", '/');
  g_strdelimit (path, "-", '_');
  message = g_dbus_message_new_method_call (APP_ID, path, "org.gtk.Actions", "Activate");
  g_dbus_message_set_body (message, g_variant_new_parsed ("('data-changed', [<%s>], @a{sv} {})", what));
  g_dbus_message_set_flags (message, G_DBUS_MESSAGE_FLAGS_NO_REPLY_EXPECTED | G_DBUS_MESSAGE_FLAGS_NO_AUTO_START);
  if (!g_dbus_connection_send_message (bus, message, G_DBUS_SEND_MESSAGE_FLAGS_NONE, NULL, &error) ||
      !g_dbus_connection_flush_sync (bus, NULL, &error))
    g_debug ("Could not tell a running instance of the import: %s", error->message);
}

static int
after_import (int         status,
              const char *what)
{
  if (status == 0)
    tell_running_instance (what);
  return status;
}

/* How many times --endpoint was given; @endpoint gets the first address,
 * if any. */
static guint
lookup_endpoints (GVariantDict  *options,
                  const char   **endpoint)
{
  g_autofree const char **endpoints = NULL;

  if (!g_variant_dict_lookup (options, "endpoint", "^a&s", &endpoints) || endpoints[0] == NULL)
    return 0;
  *endpoint = endpoints[0];
  return g_strv_length ((char **) endpoints);
}

static int
refresh_here (GVariantDict *options)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *configured = g_settings_get_string (settings, "endpoint-url");
  const char *endpoint = configured;

  lookup_endpoints (options, &endpoint);
  return accord_command_refresh (endpoint, NULL);
}

static const char * const commands[] = { "check", "import", "export-bookmarks", "import-bookmarks", "refresh",
                                         "version" };

static gboolean
is_command (GVariantDict *options)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_variant_dict_contains (options, commands[i]))
      return TRUE;
  return FALSE;
}

/* Each command does one thing, and takes one FILE: more is refused
 * rather than quietly left undone. */
static gboolean
check_one_command (GVariantDict *options)
{
  g_autofree const char **extra = NULL;
  const char *first = NULL;

  if (g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &extra) && extra[0] != NULL)
    {
      g_autofree char *problem = g_strdup_printf (_("unexpected argument \"%s\""), extra[0]);

      g_printerr ("error: %s\n", problem);
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree const char **files = NULL;

      if (!g_variant_dict_contains (options, commands[i]))
        continue;
      /* Given twice, GOption would keep the last one only. */
      if (g_variant_dict_lookup (options, commands[i], "^a&ay", &files) && files[0] != NULL && files[1] != NULL)
        {
          /* Translators: %s is an option, such as "import"; FILE as in the options' help */
          g_autofree char *problem = g_strdup_printf (_("--%s takes one FILE"), commands[i]);

          g_printerr ("error: %s\n", problem);
          return FALSE;
        }
      /* "" would be read as the folder Accord was started in. */
      if (files != NULL && files[0] != NULL && files[0][0] == '\0')
        {
          /* Translators: %s is an option, such as "import"; FILE as in the options' help */
          g_autofree char *problem = g_strdup_printf (_("--%s takes a FILE, not an empty name"), commands[i]);

          g_printerr ("error: %s\n", problem);
          return FALSE;
        }
      if (first != NULL)
        {
          g_autofree char *problem = g_strdup_printf (_("--%s and --%s cannot be used together"), first,
                                                      commands[i]);

          g_printerr ("error: %s\n", problem);
          return FALSE;
        }
      first = commands[i];
    }
  return TRUE;
}

/* The one FILE of the command @name, if it was given. */
static gboolean
lookup_file (GVariantDict  *options,
             const char    *name,
             const char   **file)
{
  g_autofree const char **files = NULL;

  if (!g_variant_dict_lookup (options, name, "^a&ay", &files) || files[0] == NULL)
    return FALSE;
  *file = files[0];
  return TRUE;
}

static int
accord_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  const char *endpoint;
  const char *file;

  if (!check_one_command (options))
    return 1;
  /* With any other command, it would be quietly left undone. */
  if (g_variant_dict_contains (options, "endpoint") && !g_variant_dict_contains (options, "refresh"))
    {
      g_printerr ("error: %s\n", _("--endpoint goes with --refresh"));
      return 1;
    }
  if (lookup_endpoints (options, &endpoint) > 1)
    {
      /* Translators: URL as in the options' help */
      g_printerr ("error: %s\n", _("--endpoint takes one URL"));
      return 1;
    }
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }
  if (is_command (options))
    accord_command_log_as_warnings ();
  if (lookup_file (options, "check", &file))
    return accord_command_check (file);
  if (lookup_file (options, "import", &file))
    return after_import (accord_command_import (file, NULL), "snapshot");
  if (lookup_file (options, "export-bookmarks", &file))
    return accord_command_export_bookmarks (file, NULL);
  if (lookup_file (options, "import-bookmarks", &file))
    return after_import (accord_command_import_bookmarks (file, NULL), "bookmarks");
  if (g_variant_dict_contains (options, "refresh") && !running_instance_exists ())
    return refresh_here (options);

  return G_APPLICATION_CLASS (accord_application_parent_class)->handle_local_options (app, options);
}

static int
accord_application_command_line (GApplication            *app,
                                 GApplicationCommandLine *command_line)
{
  AccordApplication *self = ACCORD_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  const char *endpoint = NULL;

  if (!g_variant_dict_contains (options, "refresh"))
    {
      g_application_activate (app);
      return 0;
    }

  /* `accord --refresh` while Accord runs: this instance does the work,
   * so the database is never opened twice, and answers the caller. */
  if (self->sync == NULL)
    {
      g_application_command_line_printerr (command_line, "error: %s\n",
                                           self->store_error ? self->store_error->message
                                                             /* Translators: why accord --refresh failed */
                                                             : _("Accord’s data could not be opened"));
      return 1;
    }
  if (lookup_endpoints (options, &endpoint) > 0)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *trimmed = g_strstrip (g_strdup (endpoint));

      if (!accord_sync_check_endpoint (endpoint, &error))
        {
          g_application_command_line_printerr (command_line, "error: %s\n", error->message);
          return 1;
        }
      /* A run under way is joined only when it reads the same address:
       * its result would tell nothing of another. */
      if (accord_sync_get_running (self->sync) &&
          g_strcmp0 (trimmed, accord_sync_get_endpoint (self->sync)) != 0)
        {
          g_application_command_line_printerr (command_line, "error: %s\n",
                                               /* Translators: why accord --refresh --endpoint failed */
                                               _("a refresh from another address is under way; try again when it ends"));
          return 1;
        }
    }

  g_application_hold (app);
  start_sync (self, command_line, endpoint, TRUE);
  return 0;
}

static const GOptionEntry option_entries[] = {
  { "check", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL,
    N_("Validate a feed without storing it (FILE may be - for standard input)"), N_("FILE") },
  { "import", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL,
    N_("Validate a feed and make it the stored data (FILE may be - for standard input)"), N_("FILE") },
  { "export-bookmarks", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL,
    N_("Write all bookmarks to a JSON file (- for standard output)"), N_("FILE") },
  { "import-bookmarks", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL,
    N_("Add the bookmarks of a file written by --export-bookmarks (- for standard input)"), N_("FILE") },
  { "refresh", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Refresh the data from the feed once (through the running Accord, if any)"), NULL },
  { "endpoint", 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL,
    N_("With --refresh: the feed address to use instead of the one in the preferences"), N_("URL") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
  /* Caught to be refused: see check_one_command(). */
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL, NULL },
  { NULL }
};

static void
accord_application_dispose (GObject *object)
{
  AccordApplication *self = ACCORD_APPLICATION (object);

  g_clear_pointer (&self->command_calls, g_ptr_array_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->scheduler);
  g_clear_object (&self->sync);
  g_clear_object (&self->sync_cancellable);
  drop_entity_prefetch (self);
  g_clear_object (&self->store);
  g_clear_error (&self->store_error);
  g_clear_weak_pointer (&self->preferences);
  g_clear_weak_pointer (&self->shortcuts);
  g_clear_weak_pointer (&self->about);

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
  app_class->shutdown = accord_application_shutdown;
  app_class->handle_local_options = accord_application_handle_local_options;
  app_class->command_line = accord_application_command_line;

  /**
   * AccordApplication::sync-finished:
   * @result: (nullable): what the sync did, or %NULL when it failed
   * @error: (nullable): why it failed
   * @asked: whether the user asked for it, rather than the schedule
   */
  signals[SYNC_FINISHED] =
    g_signal_new ("sync-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_POINTER, G_TYPE_ERROR, G_TYPE_BOOLEAN);
}

static void
accord_application_init (AccordApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Follow the organisations, laws and news that shape AI governance."));
  g_application_set_option_context_description (G_APPLICATION (self),
                                                _("Without an option, Accord opens its window. The options "
                                                  "work without a display, on the data of the current user."));
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  self->command_calls = g_ptr_array_new ();
}

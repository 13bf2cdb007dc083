#define G_LOG_DOMAIN "accord-preferences-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "accord-clock-format.h"
#include "accord-i18n.h"
#include "accord-widget-utils.h"
#include "accord-preferences-dialog.h"

/* Where the data comes from and how often it is refreshed, and how the
 * last refreshes went, in words. */
struct _AccordPreferencesDialog
{
  AdwPreferencesDialog  parent_instance;

  AccordApplication    *application;

  AdwComboRow          *language_row;
  AdwEntryRow          *endpoint_row;
  char                 *endpoint_shown; /* the settings' address, as the field last got it */
  GtkLabel             *endpoint_problem;
  GtkWidget            *endpoint_reset_button;
  AdwComboRow          *interval_row;
  GArray               *intervals;      /* of guint minutes, as the row lists them */
  AdwButtonRow         *refresh_row;
  AdwActionRow         *last_success_row;
  AdwActionRow         *last_error_row;
  GtkLabel             *last_error_badge;

  gboolean              user_acted;     /* pressed a key or clicked yet */
};

G_DEFINE_FINAL_TYPE (AccordPreferencesDialog, accord_preferences_dialog, ADW_TYPE_PREFERENCES_DIALOG)

static char *
describe_time (gint64 unix_time)
{
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;

  if (unix_time <= 0)
    return g_strdup (_("Never"));

  when = g_date_time_new_from_unix_local (unix_time);
  date = accord_i18n_format_day (when);
  time = accord_i18n_format_time (when, accord_clock_format_get_twelve_hour (accord_clock_format_get_default ()));
  /* Translators: a date and a time, as in "5 June 2026 at 14:05" */
  return g_strdup_printf (C_("date and time", "%1$s at %2$s"), date, time);
}

/* The reason was written in the language of its time, which a change of
 * language since has left behind: it is marked as other texts are. */
static void
update_last_error_badge (AccordPreferencesDialog *self,
                         AccordStore             *store,
                         gboolean                 has_error)
{
  g_autofree char *written_in = has_error ? accord_store_dup_sync_state (store, "last-error-language") : NULL;
  gboolean other = written_in != NULL && !g_str_equal (written_in, accord_i18n_get_language ());
  gboolean english = g_strcmp0 (written_in, "en") == 0;

  accord_language_badge_show (self->last_error_badge, other ? (english ? "en" : "fr") : NULL,
                              /* Translators: tooltip of the badge beside the last refresh
                               * error, kept as it was written in the other language */
                              english ? _("Written in English, before the language was changed")
                                      : _("Written in French, before the language was changed"));
}

static void
update_status (AccordPreferencesDialog *self)
{
  AccordStore *store = accord_application_get_store (self->application);
  g_autofree char *success = NULL;
  g_autofree char *error = NULL;

  if (store == NULL)
    return;

  success = describe_time (accord_store_get_sync_time (store, "last-success"));
  error = accord_store_dup_sync_state (store, "last-error");
  adw_action_row_set_subtitle (self->last_success_row, success);
  if (error != NULL)
    {
      /* Written to follow "Couldn't refresh:", the reason stands alone here. */
      g_autofree char *sentence = accord_i18n_capitalize (error);

      adw_action_row_set_subtitle (self->last_error_row, sentence);
    }
  else
    /* Translators: under "Last Error": there was none */
    adw_action_row_set_subtitle (self->last_error_row, _("None"));
  update_last_error_badge (self, store, error != NULL);
}

/* The settings' values, in the order of the combo row. */
static const char * const languages[] = { "", "en", "fr" };

static gboolean
language_to_position (GValue   *value,
                      GVariant *variant,
                      gpointer  user_data)
{
  const char *language = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_str_equal (language, languages[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
position_to_language (const GValue       *value,
                      const GVariantType *expected_type,
                      gpointer            user_data)
{
  guint position = g_value_get_uint (value);

  if (position >= G_N_ELEMENTS (languages))
    return NULL;
  return g_variant_new_string (languages[position]);
}

/* Choosing a language makes the app rebuild its windows, this dialog
 * included, in that language. */
static void
setup_language_row (AccordPreferencesDialog *self,
                    GSettings               *settings)
{
  /* Translators: the language of the system; the other two choices are
   * each named in their own language, so that anyone finds theirs */
  const char *names[] = { _("System Default"), "English", "Français", NULL };
  g_autoptr(GtkStringList) model = gtk_string_list_new (names);

  adw_combo_row_set_model (self->language_row, G_LIST_MODEL (model));
  g_settings_bind_with_mapping (settings, "language", self->language_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                language_to_position, position_to_language, NULL, NULL);
}

/* The usual choices, in minutes; 0 refreshes only when asked. */
static const guint interval_choices[] = { 0, 30, 60, 180, 360, 720, 1440, 10080 };

static char *
describe_interval (guint minutes)
{
  switch (minutes)
    {
    case 0:
      return g_strdup (_("Only When Asked"));
    case 60:
      return g_strdup (_("Every Hour"));
    case 1440:
      return g_strdup (_("Every Day"));
    case 10080:
      return g_strdup (_("Every Week"));
    default:
      if (minutes % 60 == 0)
        /* Translators: a refresh interval, as in "Every 6 Hours"; more than one hour */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Every %u Hour", "Every %u Hours", minutes / 60),
                                minutes / 60);
      /* Translators: a refresh interval, as in "Every 30 Minutes" */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Every %u Minute", "Every %u Minutes", minutes), minutes);
    }
}

/* Where the row lists @minutes, or -1. */
static int
interval_position (AccordPreferencesDialog *self,
                   guint                    minutes)
{
  for (guint i = 0; i < self->intervals->len; i++)
    if (g_array_index (self->intervals, guint, i) == minutes)
      return (int) i;
  return -1;
}

static gboolean
interval_to_position (GValue   *value,
                      GVariant *variant,
                      gpointer  user_data)
{
  int position = interval_position (user_data, g_variant_get_uint32 (variant));

  if (position < 0)
    return FALSE;
  g_value_set_uint (value, (guint) position);
  return TRUE;
}

static GVariant *
position_to_interval (const GValue       *value,
                      const GVariantType *expected_type,
                      gpointer            user_data)
{
  AccordPreferencesDialog *self = user_data;
  guint position = g_value_get_uint (value);

  if (position >= self->intervals->len)
    return NULL;
  return g_variant_new_uint32 (g_array_index (self->intervals, guint, position));
}

/* On a phone the interval chosen shows as the row's subtitle. The row
 * fills that in only once the choice changes, not when it is told to
 * use it: until then, it would show none. */
static void
on_interval_use_subtitle (AccordPreferencesDialog *self)
{
  GtkStringObject *chosen = adw_combo_row_get_selected_item (self->interval_row);

  if (adw_combo_row_get_use_subtitle (self->interval_row) && chosen != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->interval_row), gtk_string_object_get_string (chosen));
}

/* The usual intervals, and among them, in its place, one set otherwise
 * (with gsettings, say), so that opening the dialog never changes it. */
static void
setup_interval_row (AccordPreferencesDialog *self,
                    GSettings               *settings)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  guint current = g_settings_get_uint (settings, "sync-interval");
  gboolean listed = FALSE;

  self->intervals = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < G_N_ELEMENTS (interval_choices); i++)
    {
      if (!listed && current < interval_choices[i])
        {
          g_array_append_val (self->intervals, current);
          listed = TRUE;
        }
      listed |= current == interval_choices[i];
      g_array_append_val (self->intervals, interval_choices[i]);
    }
  if (!listed)
    g_array_append_val (self->intervals, current);

  for (guint i = 0; i < self->intervals->len; i++)
    {
      g_autofree char *label = describe_interval (g_array_index (self->intervals, guint, i));

      gtk_string_list_append (model, label);
    }
  adw_combo_row_set_model (self->interval_row, G_LIST_MODEL (model));
  g_settings_bind_with_mapping (settings, "sync-interval", self->interval_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                interval_to_position, position_to_interval, self, NULL);
}

/* An interval set elsewhere while the dialog is open (with gsettings,
 * say) that the row does not list: listed in its place too, before the
 * binding hears of it, which would otherwise show the default instead.
 * Unbound meanwhile, so that the new list's first choice is never
 * written back. */
static void
on_interval_set (AccordPreferencesDialog *self,
                 const char              *key,
                 GSettings               *settings)
{
  if (self->intervals == NULL || interval_position (self, g_settings_get_uint (settings, "sync-interval")) >= 0)
    return;
  g_settings_unbind (self->interval_row, "selected");
  g_clear_pointer (&self->intervals, g_array_unref);
  setup_interval_row (self, settings);
}

static char *
default_endpoint (AccordPreferencesDialog *self)
{
  g_autoptr(GVariant) value = g_settings_get_default_value (accord_application_get_settings (self->application),
                                                            "endpoint-url");

  return g_variant_dup_string (value, NULL);
}

/* The text field inside the address's row. */
static GtkAccessible *
endpoint_text (AccordPreferencesDialog *self)
{
  return GTK_ACCESSIBLE (gtk_editable_get_delegate (GTK_EDITABLE (self->endpoint_row)));
}

static void
on_endpoint_changed (AccordPreferencesDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->endpoint_row));
  g_autoptr(GError) error = NULL;
  gboolean valid = accord_sync_check_endpoint (text, &error);

  if (self->application != NULL)
    {
      g_autofree char *fallback = default_endpoint (self);
      g_autofree char *trimmed = g_strstrip (g_strdup (text));

      gtk_widget_set_visible (self->endpoint_reset_button, !g_str_equal (trimmed, fallback));
    }

  /* The reason shows as the user types, not after a failed refresh. */
  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (self->endpoint_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->endpoint_row), "error");
  gtk_label_set_text (self->endpoint_problem, valid ? "" : error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->endpoint_problem), !valid);
  /* Said of the text field, which has the focus, not of its row. */
  gtk_accessible_update_state (endpoint_text (self), GTK_ACCESSIBLE_STATE_INVALID,
                               valid ? GTK_ACCESSIBLE_INVALID_FALSE : GTK_ACCESSIBLE_INVALID_TRUE, -1);
  /* The apply button stays: hidden while the text is wrong, it would not
   * come back for a text made right in one edit, as by a paste. Applying
   * a wrong address does nothing; the reason shows below it. */
}

static void
on_endpoint_applied (AccordPreferencesDialog *self)
{
  GSettings *settings = accord_application_get_settings (self->application);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->endpoint_row));
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autofree char *current = g_settings_get_string (settings, "endpoint-url");

  if (!accord_sync_check_endpoint (trimmed, NULL) || g_str_equal (trimmed, current))
    return;
  g_settings_set_string (settings, "endpoint-url", trimmed);
  /* A new address is tried at once, not at the next refresh due: what
   * it serves, or why it fails, shows while the user is here. */
  accord_application_refresh_new_endpoint (self->application);
}

/* The address Accord came with, back in the field; applied as any
 * other, so that a slip of the mouse changes nothing yet. */
static void
on_endpoint_reset (AccordPreferencesDialog *self)
{
  g_autofree char *fallback = default_endpoint (self);

  gtk_editable_set_text (GTK_EDITABLE (self->endpoint_row), fallback);
  gtk_widget_grab_focus (GTK_WIDGET (self->endpoint_row));
}

/* The settings' address in the field, as if typed and applied: no apply
 * button for it. */
static void
show_endpoint (AccordPreferencesDialog *self,
               const char              *endpoint)
{
  gboolean apply_button = adw_entry_row_get_show_apply_button (self->endpoint_row);

  adw_entry_row_set_show_apply_button (self->endpoint_row, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->endpoint_row), endpoint);
  adw_entry_row_set_show_apply_button (self->endpoint_row, apply_button);
  g_set_str (&self->endpoint_shown, endpoint);
}

/* An address set elsewhere while the dialog is open (by another
 * instance, with gsettings) shows in the field, unless the user has
 * typed another there meanwhile: left behind, the old one would be
 * applied again by Refresh Now. */
static void
on_endpoint_set (AccordPreferencesDialog *self,
                 const char              *key,
                 GSettings               *settings)
{
  g_autofree char *endpoint = g_settings_get_string (settings, "endpoint-url");
  g_autofree char *typed = NULL;
  g_autofree char *shown = NULL;

  if (self->endpoint_row == NULL)
    return;
  typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->endpoint_row))));
  shown = g_strstrip (g_strdup (self->endpoint_shown));
  if (g_str_equal (typed, shown))
    show_endpoint (self, endpoint);
  else
    g_set_str (&self->endpoint_shown, endpoint);
}

/* An address typed but not applied yet is what the user means to
 * refresh from: applied first; a wrong one, whose reason shows under
 * it, is not refreshed around. */
static void
on_refresh_activated (AccordPreferencesDialog *self)
{
  GSettings *settings = accord_application_get_settings (self->application);
  g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->endpoint_row))));
  g_autofree char *current = g_settings_get_string (settings, "endpoint-url");

  if (g_str_equal (typed, current))
    accord_application_refresh (self->application);
  else if (accord_sync_check_endpoint (typed, NULL))
    on_endpoint_applied (self);
  else
    gtk_widget_error_bell (GTK_WIDGET (self));
}

static void
on_sync_finished (AccordPreferencesDialog *self)
{
  update_status (self);
}

/* The refresh under way shows here too: the sidebar's spinner is behind
 * the dialog. */
static void
on_sync_running (AccordPreferencesDialog *self,
                 GParamSpec              *pspec,
                 AccordSync              *sync)
{
  gboolean running = accord_sync_get_running (sync);
  gboolean stopping = accord_sync_get_winding_down (sync);

  /* Left sensitive, so that the keyboard focus stays on it: pressed
   * again, it joins the refresh under way, or follows one stopped. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->refresh_row),
                                 stopping ? _("Stopping…") : running ? _("Refreshing…") : _("_Refresh Now"));
}

AdwDialog *
accord_preferences_dialog_new (AccordApplication *application)
{
  AccordPreferencesDialog *self;
  GSettings *settings;
  g_autofree char *endpoint = NULL;

  g_return_val_if_fail (ACCORD_IS_APPLICATION (application), NULL);

  self = g_object_new (ACCORD_TYPE_PREFERENCES_DIALOG, NULL);
  settings = accord_application_get_settings (application);
  setup_language_row (self, settings);
  self->application = g_object_ref (application);

  endpoint = g_settings_get_string (settings, "endpoint-url");
  show_endpoint (self, endpoint);
  /* Checked as typed text is, even when it is empty and so changed
   * nothing: an address left blank says why it fails. */
  on_endpoint_changed (self);
  adw_entry_row_set_show_apply_button (self->endpoint_row, TRUE);
  /* A screen reader reads the reason with the field. */
  gtk_accessible_update_relation (endpoint_text (self), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->endpoint_problem, NULL, -1);
  g_signal_connect_object (settings, "changed::endpoint-url", G_CALLBACK (on_endpoint_set), self,
                           G_CONNECT_SWAPPED);
  /* Before the binding's own handler, which it has to run ahead of. */
  g_signal_connect_object (settings, "changed::sync-interval", G_CALLBACK (on_interval_set), self,
                           G_CONNECT_SWAPPED);
  setup_interval_row (self, settings);
  g_signal_connect_object (application, "sync-finished", G_CALLBACK (on_sync_finished), self, G_CONNECT_SWAPPED);
  /* The data file not opened, a refresh has nowhere to go: Refresh Now
   * shows it cannot, as the sidebar's button does, rather than do
   * nothing when pressed. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_row),
                            g_action_group_get_action_enabled (G_ACTION_GROUP (application), "refresh-now"));
  if (accord_application_get_sync (application) != NULL)
    {
      AccordSync *sync = accord_application_get_sync (application);

      g_signal_connect_object (sync, "notify::running", G_CALLBACK (on_sync_running), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (sync, "notify::stopping", G_CALLBACK (on_sync_running), self, G_CONNECT_SWAPPED);
      on_sync_running (self, NULL, sync);
    }
  g_signal_connect_object (accord_clock_format_get_default (), "notify::twelve-hour", G_CALLBACK (update_status),
                           self, G_CONNECT_SWAPPED);
  update_status (self);

  return ADW_DIALOG (self);
}

/**
 * accord_preferences_dialog_get_endpoint_text:
 *
 * Returns: the feed address as typed, applied or not
 */
const char *
accord_preferences_dialog_get_endpoint_text (AccordPreferencesDialog *self)
{
  g_return_val_if_fail (ACCORD_IS_PREFERENCES_DIALOG (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->endpoint_row));
}

/**
 * accord_preferences_dialog_set_endpoint_text:
 * @text: a feed address typed in another dialog, not applied yet
 *
 * Puts back what the user was typing, as when a change of language
 * builds the dialog again.
 */
void
accord_preferences_dialog_set_endpoint_text (AccordPreferencesDialog *self,
                                             const char              *text)
{
  g_return_if_fail (ACCORD_IS_PREFERENCES_DIALOG (self));
  g_return_if_fail (text != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->endpoint_row), text);
}

static void
accord_preferences_dialog_dispose (GObject *object)
{
  AccordPreferencesDialog *self = ACCORD_PREFERENCES_DIALOG (object);

  /* Before what the mapping reads goes. */
  if (self->interval_row != NULL)
    g_settings_unbind (self->interval_row, "selected");
  g_clear_pointer (&self->intervals, g_array_unref);
  g_clear_pointer (&self->endpoint_shown, g_free);
  g_clear_object (&self->application);
  gtk_widget_dispose_template (GTK_WIDGET (object), ACCORD_TYPE_PREFERENCES_DIALOG);

  G_OBJECT_CLASS (accord_preferences_dialog_parent_class)->dispose (object);
}

/* On a phone the dialog turns into a bottom sheet as it opens, and
 * libadwaita moves the focus on from the focus widget meanwhile, to a row
 * further down. Until the user first presses a key or clicks, the focus
 * stays on the language, the first setting. */
static void
show_address_start (gpointer data)
{
  g_autoptr(GtkEditable) address = data;

  gtk_editable_select_region (address, 0, 0);
}

static void
keep_first_focus (AccordPreferencesDialog *self)
{
  GtkWidget *focus = adw_dialog_get_focus (ADW_DIALOG (self));
  GtkWidget *first = GTK_WIDGET (self->language_row);

  if (self->user_acted || focus == NULL || focus == first || gtk_widget_is_ancestor (focus, first))
    return;
  gtk_widget_grab_focus (first);
  /* The address, focused on the way, selects its text and scrolls to its
   * end as the focus reaches it, after this: then it shows from its start
   * again. */
  if (gtk_widget_is_ancestor (focus, GTK_WIDGET (self->endpoint_row)))
    g_idle_add_once (show_address_start, g_object_ref (self->endpoint_row));
}

static void
on_user_acted (AccordPreferencesDialog *self)
{
  self->user_acted = TRUE;
}

/* Seen on its way to the focus, never taken from it. */
static gboolean
on_key_pressed (AccordPreferencesDialog *self)
{
  on_user_acted (self);
  return GDK_EVENT_PROPAGATE;
}

static void
accord_preferences_dialog_class_init (AccordPreferencesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = accord_preferences_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/accordapp/Accord/accord-preferences-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AccordPreferencesDialog, language_row);
  gtk_widget_class_bind_template_child (widget_class, AccordPreferencesDialog, endpoint_row);
  gtk_widget_class_bind_template_child (widget_class, AccordPreferencesDialog, endpoint_problem);
  gtk_widget_class_bind_template_child (widget_class, AccordPreferencesDialog, endpoint_reset_button);
  gtk_widget_class_bind_template_child (widget_class, AccordPreferencesDialog, interval_row);
  gtk_widget_class_bind_template_child (widget_class, AccordPreferencesDialog, refresh_row);
  gtk_widget_class_bind_template_child (widget_class, AccordPreferencesDialog, last_success_row);
  gtk_widget_class_bind_template_child (widget_class, AccordPreferencesDialog, last_error_row);
  gtk_widget_class_bind_template_child (widget_class, AccordPreferencesDialog, last_error_badge);
  gtk_widget_class_bind_template_callback (widget_class, on_endpoint_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_interval_use_subtitle);
  gtk_widget_class_bind_template_callback (widget_class, on_endpoint_applied);
  gtk_widget_class_bind_template_callback (widget_class, on_endpoint_reset);
  gtk_widget_class_bind_template_callback (widget_class, on_refresh_activated);
}

static void
accord_preferences_dialog_init (AccordPreferencesDialog *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (on_user_acted), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (self, "notify::focus-widget", G_CALLBACK (keep_first_focus), NULL);
}

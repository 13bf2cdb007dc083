#define G_LOG_DOMAIN "accord-clock-format"

#include "config.h"

#include "accord-clock-format.h"
#include "accord-utils.h"

/* Whether the desktop shows times on a 12-hour clock, as GNOME's Date &
 * Time settings choose. Outside a sandbox GNOME's own setting is read;
 * in a Flatpak, which cannot read it, the settings portal tells it. */

#define INTERFACE_SCHEMA   "org.gnome.desktop.interface"
#define CLOCK_FORMAT_KEY   "clock-format"
#define PORTAL_BUS_NAME    "org.freedesktop.portal.Desktop"
#define PORTAL_OBJECT_PATH "/org/freedesktop/portal/desktop"
#define PORTAL_SETTINGS    "org.freedesktop.portal.Settings"

struct _AccordClockFormat
{
  GObject          parent_instance;

  GSettings       *settings;       /* outside a sandbox */
  GDBusConnection *bus;            /* in one: the portal's */
  guint            subscription;
  const char      *portal_method;  /* the one asked */
  GCancellable    *cancellable;
  gboolean         twelve_hour;
};

G_DEFINE_FINAL_TYPE (AccordClockFormat, accord_clock_format, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TWELVE_HOUR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_clock_format (AccordClockFormat *self,
                  const char        *format)
{
  gboolean twelve_hour = g_strcmp0 (format, "12h") == 0;

  if (twelve_hour == self->twelve_hour)
    return;
  self->twelve_hour = twelve_hour;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TWELVE_HOUR]);
}

/* The portal's values come in a variant, and its older Read() wraps them
 * in one more. */
static void
set_clock_format_from_variant (AccordClockFormat *self,
                               GVariant          *value)
{
  g_autoptr(GVariant) inner = g_variant_ref (value);

  while (g_variant_is_of_type (inner, G_VARIANT_TYPE_VARIANT))
    {
      GVariant *unwrapped = g_variant_get_variant (inner);

      g_variant_unref (inner);
      inner = unwrapped;
    }
  if (g_variant_is_of_type (inner, G_VARIANT_TYPE_STRING))
    set_clock_format (self, g_variant_get_string (inner, NULL));
}

static void
on_settings_changed (AccordClockFormat *self)
{
  g_autofree char *format = g_settings_get_string (self->settings, CLOCK_FORMAT_KEY);

  set_clock_format (self, format);
}

static void
on_portal_setting_changed (GDBusConnection *bus,
                           const char      *sender,
                           const char      *object_path,
                           const char      *interface_name,
                           const char      *signal_name,
                           GVariant        *parameters,
                           gpointer         user_data)
{
  AccordClockFormat *self = user_data;
  const char *namespace, *key;
  g_autoptr(GVariant) value = NULL;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ssv)")))
    return;
  g_variant_get (parameters, "(&s&sv)", &namespace, &key, &value);
  if (g_str_equal (namespace, INTERFACE_SCHEMA) && g_str_equal (key, CLOCK_FORMAT_KEY))
    set_clock_format_from_variant (self, value);
}

static void read_from_portal (AccordClockFormat *self,
                              const char        *method);

static void
on_portal_read (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);
  AccordClockFormat *self;
  g_autoptr(GVariant) value = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = user_data;
  /* Portals before version 2 have only Read(). */
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) &&
      g_str_equal (self->portal_method, "ReadOne"))
    {
      read_from_portal (self, "Read");
      return;
    }
  if (reply == NULL)
    {
      /* No portal, or a desktop without the setting: a 24-hour clock. */
      g_debug ("The clock format could not be read: %s", error->message);
      return;
    }
  g_variant_get (reply, "(v)", &value);
  set_clock_format_from_variant (self, value);
}

static void
read_from_portal (AccordClockFormat *self,
                  const char        *method)
{
  self->portal_method = method;
  g_dbus_connection_call (self->bus, PORTAL_BUS_NAME, PORTAL_OBJECT_PATH, PORTAL_SETTINGS, method,
                          g_variant_new ("(ss)", INTERFACE_SCHEMA, CLOCK_FORMAT_KEY), G_VARIANT_TYPE ("(v)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable, on_portal_read, self);
}

static void
accord_clock_format_dispose (GObject *object)
{
  AccordClockFormat *self = ACCORD_CLOCK_FORMAT (object);

  g_cancellable_cancel (self->cancellable);
  if (self->subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->bus, self->subscription);
  self->subscription = 0;
  g_clear_object (&self->bus);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (accord_clock_format_parent_class)->dispose (object);
}

static void
accord_clock_format_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AccordClockFormat *self = ACCORD_CLOCK_FORMAT (object);

  switch (prop_id)
    {
    case PROP_TWELVE_HOUR:
      g_value_set_boolean (value, self->twelve_hour);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
accord_clock_format_class_init (AccordClockFormatClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = accord_clock_format_dispose;
  object_class->get_property = accord_clock_format_get_property;

  /**
   * AccordClockFormat:twelve-hour:
   *
   * Whether times are shown on a 12-hour clock ("2:05 PM") rather than a
   * 24-hour one ("14:05").
   */
  properties[PROP_TWELVE_HOUR] =
    g_param_spec_boolean ("twelve-hour", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
accord_clock_format_init (AccordClockFormat *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * accord_clock_format_new_for_portal:
 * @bus: the session bus the settings portal is on
 *
 * Returns: (transfer full): the clock format as the portal tells it,
 *   which is how a sandboxed app learns it; a 24-hour clock until it has
 */
AccordClockFormat *
accord_clock_format_new_for_portal (GDBusConnection *bus)
{
  AccordClockFormat *self;

  g_return_val_if_fail (G_IS_DBUS_CONNECTION (bus), NULL);

  self = g_object_new (ACCORD_TYPE_CLOCK_FORMAT, NULL);
  self->bus = g_object_ref (bus);
  self->subscription = g_dbus_connection_signal_subscribe (bus, PORTAL_BUS_NAME, PORTAL_SETTINGS, "SettingChanged",
                                                           PORTAL_OBJECT_PATH, INTERFACE_SCHEMA,
                                                           G_DBUS_SIGNAL_FLAGS_NONE, on_portal_setting_changed,
                                                           self, NULL);
  read_from_portal (self, "ReadOne");
  return self;
}

static AccordClockFormat *
new_for_settings (void)
{
  AccordClockFormat *self = g_object_new (ACCORD_TYPE_CLOCK_FORMAT, NULL);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, INTERFACE_SCHEMA, TRUE)
                                             : NULL;

  /* Without GNOME's schemas: a 24-hour clock. */
  if (schema == NULL || !g_settings_schema_has_key (schema, CLOCK_FORMAT_KEY))
    return self;
  self->settings = g_settings_new_full (schema, NULL, NULL);
  g_signal_connect_object (self->settings, "changed::" CLOCK_FORMAT_KEY, G_CALLBACK (on_settings_changed), self,
                           G_CONNECT_SWAPPED);
  on_settings_changed (self);
  return self;
}

/**
 * accord_clock_format_get_default:
 *
 * Returns: (transfer none): the desktop's clock format, followed as it
 *   changes
 */
AccordClockFormat *
accord_clock_format_get_default (void)
{
  static AccordClockFormat *clock_format;

  if (clock_format == NULL)
    {
      GApplication *app = g_application_get_default ();
      /* The application's own: no connecting, no waiting. */
      GDBusConnection *bus = accord_is_flatpak () && app != NULL ? g_application_get_dbus_connection (app) : NULL;

      clock_format = bus != NULL ? accord_clock_format_new_for_portal (bus) : new_for_settings ();
    }
  return clock_format;
}

/**
 * accord_clock_format_get_twelve_hour:
 *
 * Returns: whether times are shown on a 12-hour clock
 */
gboolean
accord_clock_format_get_twelve_hour (AccordClockFormat *self)
{
  g_return_val_if_fail (ACCORD_IS_CLOCK_FORMAT (self), FALSE);

  return self->twelve_hour;
}

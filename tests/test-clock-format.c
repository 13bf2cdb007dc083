#define G_LOG_DOMAIN "accord-test-clock-format"

#include "config.h"

#include <gio/gio.h>

#include "accord-clock-format.h"
#include "accord-i18n.h"

/* Times follow the desktop's clock format: GNOME's setting where Accord
 * can read it, the settings portal in a sandbox. The portal is played
 * here by the test itself, on the session bus the tests run with. */

#define PORTAL_BUS_NAME "org.freedesktop.portal.Desktop"
#define PORTAL_PATH     "/org/freedesktop/portal/desktop"

static const char portal_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.portal.Settings'>"
  "    <method name='Read'>"
  "      <arg type='s' name='namespace' direction='in'/>"
  "      <arg type='s' name='key' direction='in'/>"
  "      <arg type='v' name='value' direction='out'/>"
  "    </method>"
  "    <method name='ReadOne'>"
  "      <arg type='s' name='namespace' direction='in'/>"
  "      <arg type='s' name='key' direction='in'/>"
  "      <arg type='v' name='value' direction='out'/>"
  "    </method>"
  "    <signal name='SettingChanged'>"
  "      <arg type='s' name='namespace'/>"
  "      <arg type='s' name='key'/>"
  "      <arg type='v' name='value'/>"
  "    </signal>"
  "  </interface>"
  "</node>";

typedef struct
{
  GDBusConnection *bus;
  guint            object_id;
  guint            name_id;
  gboolean         owned;
  gboolean         has_read_one;  /* a portal of version 2 or later */
  char            *clock_format;
  guint            reads;
} FakePortal;

static void
portal_method_call (GDBusConnection       *bus,
                    const char            *sender,
                    const char            *object_path,
                    const char            *interface_name,
                    const char            *method_name,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation,
                    gpointer               user_data)
{
  FakePortal *portal = user_data;
  const char *namespace, *key;
  GVariant *value;

  g_variant_get (parameters, "(&s&s)", &namespace, &key);
  portal->reads++;
  if (g_str_equal (method_name, "ReadOne") && !portal->has_read_one)
    {
      g_dbus_method_invocation_return_dbus_error (invocation, "org.freedesktop.DBus.Error.UnknownMethod",
                                                  "No such method");
      return;
    }
  if (!g_str_equal (namespace, "org.gnome.desktop.interface") || !g_str_equal (key, "clock-format"))
    {
      g_dbus_method_invocation_return_dbus_error (invocation, "org.freedesktop.portal.Error.NotFound",
                                                  "Requested setting not found");
      return;
    }
  value = g_variant_new_string (portal->clock_format);
  /* Read() wraps the value in one more variant. */
  if (g_str_equal (method_name, "Read"))
    value = g_variant_new_variant (value);
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(v)", value));
}

static const GDBusInterfaceVTable portal_vtable = { portal_method_call, NULL, NULL, { 0 } };

static void
on_name_acquired (GDBusConnection *bus,
                  const char      *name,
                  gpointer         user_data)
{
  FakePortal *portal = user_data;

  portal->owned = TRUE;
}

static void
wait_until (gboolean *flag)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!*flag && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (*flag);
}

static FakePortal *
fake_portal_new (const char *clock_format,
                 gboolean    has_read_one)
{
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (portal_xml, NULL);
  FakePortal *portal = g_new0 (FakePortal, 1);
  g_autoptr(GError) error = NULL;

  portal->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  portal->clock_format = g_strdup (clock_format);
  portal->has_read_one = has_read_one;
  portal->object_id = g_dbus_connection_register_object (portal->bus, PORTAL_PATH, info->interfaces[0],
                                                         &portal_vtable, portal, NULL, &error);
  g_assert_no_error (error);
  portal->name_id = g_bus_own_name_on_connection (portal->bus, PORTAL_BUS_NAME, G_BUS_NAME_OWNER_FLAGS_NONE,
                                                  on_name_acquired, NULL, portal, NULL);
  wait_until (&portal->owned);
  return portal;
}

static void
fake_portal_change (FakePortal *portal,
                    const char *namespace,
                    const char *key,
                    const char *value)
{
  g_autoptr(GError) error = NULL;

  g_dbus_connection_emit_signal (portal->bus, NULL, PORTAL_PATH, "org.freedesktop.portal.Settings",
                                 "SettingChanged", g_variant_new ("(ssv)", namespace, key,
                                                                  g_variant_new_string (value)),
                                 &error);
  g_assert_no_error (error);
}

static void
fake_portal_free (FakePortal *portal)
{
  g_bus_unown_name (portal->name_id);
  g_dbus_connection_unregister_object (portal->bus, portal->object_id);
  g_object_unref (portal->bus);
  g_free (portal->clock_format);
  g_free (portal);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakePortal, fake_portal_free)

/* Lets the bus carry what is on its way. */
static void
spin (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

typedef struct
{
  AccordClockFormat *clock_format;
  gboolean           twelve_hour;
  gboolean           changed;
} Watch;

static void
on_notify (AccordClockFormat *clock_format,
           GParamSpec        *pspec,
           Watch             *watch)
{
  watch->twelve_hour = accord_clock_format_get_twelve_hour (clock_format);
  watch->changed = TRUE;
}

static void
watch_clock_format (Watch             *watch,
                    AccordClockFormat *clock_format)
{
  watch->clock_format = clock_format;
  g_signal_connect (clock_format, "notify::twelve-hour", G_CALLBACK (on_notify), watch);
}

static void
wait_for_change (Watch    *watch,
                 gboolean  twelve_hour)
{
  wait_until (&watch->changed);
  g_assert_cmpint (watch->twelve_hour, ==, twelve_hour);
  g_assert_cmpint (accord_clock_format_get_twelve_hour (watch->clock_format), ==, twelve_hour);
  /* For the next change, which may be told as soon as it is made. */
  watch->changed = FALSE;
}

static void
test_format_time (void)
{
  static const struct { int hour, minute; const char *twenty_four, *twelve; } cases[] = {
    { 0, 30, "00:30", "12:30 AM" },
    { 9, 5, "09:05", "9:05 AM" },
    { 11, 59, "11:59", "11:59 AM" },
    { 12, 0, "12:00", "12:00 PM" },
    { 14, 5, "14:05", "2:05 PM" },
    { 23, 59, "23:59", "11:59 PM" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) when = g_date_time_new_local (2026, 6, 5, cases[i].hour, cases[i].minute, 0);
      g_autofree char *twenty_four = accord_i18n_format_time (when, FALSE);
      g_autofree char *twelve = accord_i18n_format_time (when, TRUE);

      g_assert_cmpstr (twenty_four, ==, cases[i].twenty_four);
      g_assert_cmpstr (twelve, ==, cases[i].twelve);
    }
}

/* Outside a sandbox: GNOME's own setting, as it changes. */
static void
test_follows_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, "org.gnome.desktop.interface",
                                                                               TRUE)
                                             : NULL;
  g_autoptr(GSettings) settings = NULL;
  AccordClockFormat *clock_format;
  Watch watch = { 0 };

  if (schema == NULL || !g_settings_schema_has_key (schema, "clock-format"))
    {
      g_test_skip ("GNOME's desktop settings are not installed");
      return;
    }

  settings = g_settings_new ("org.gnome.desktop.interface");
  g_settings_set_string (settings, "clock-format", "12h");
  clock_format = accord_clock_format_get_default ();
  g_assert_true (accord_clock_format_get_twelve_hour (clock_format));

  watch_clock_format (&watch, clock_format);
  g_settings_set_string (settings, "clock-format", "24h");
  wait_for_change (&watch, FALSE);
  g_settings_set_string (settings, "clock-format", "12h");
  wait_for_change (&watch, TRUE);
  g_signal_handlers_disconnect_by_data (clock_format, &watch);
  g_settings_reset (settings, "clock-format");
}

/* In a sandbox: what the portal says, and then what it says changed. */
static void
test_follows_portal (void)
{
  g_autoptr(FakePortal) portal = fake_portal_new ("12h", TRUE);
  g_autoptr(AccordClockFormat) clock_format = accord_clock_format_new_for_portal (portal->bus);
  Watch watch = { 0 };

  watch_clock_format (&watch, clock_format);
  wait_for_change (&watch, TRUE);

  /* Other settings are not the clock's. */
  fake_portal_change (portal, "org.gnome.desktop.interface", "color-scheme", "24h");
  fake_portal_change (portal, "org.gnome.desktop.wm.preferences", "clock-format", "24h");
  spin (100);
  g_assert_true (accord_clock_format_get_twelve_hour (clock_format));

  fake_portal_change (portal, "org.gnome.desktop.interface", "clock-format", "24h");
  wait_for_change (&watch, FALSE);
  fake_portal_change (portal, "org.gnome.desktop.interface", "clock-format", "12h");
  wait_for_change (&watch, TRUE);
}

/* A portal older than ReadOne() answers Read(). */
static void
test_older_portal (void)
{
  g_autoptr(FakePortal) portal = fake_portal_new ("12h", FALSE);
  g_autoptr(AccordClockFormat) clock_format = accord_clock_format_new_for_portal (portal->bus);
  Watch watch = { 0 };

  watch_clock_format (&watch, clock_format);
  wait_for_change (&watch, TRUE);
  g_assert_cmpuint (portal->reads, ==, 2);
}

/* No portal: a 24-hour clock, quietly. */
static void
test_no_portal (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(AccordClockFormat) clock_format = accord_clock_format_new_for_portal (bus);

  spin (300);
  g_assert_false (accord_clock_format_get_twelve_hour (clock_format));
}

/* Gone before the portal answers: the answer finds nothing to set. */
static void
test_disposed_before_answer (void)
{
  g_autoptr(FakePortal) portal = fake_portal_new ("12h", TRUE);
  AccordClockFormat *clock_format = accord_clock_format_new_for_portal (portal->bus);

  g_object_unref (clock_format);
  spin (200);
  fake_portal_change (portal, "org.gnome.desktop.interface", "clock-format", "24h");
  spin (100);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/clock-format/format-time", test_format_time);
  g_test_add_func ("/clock-format/follows-settings", test_follows_settings);
  g_test_add_func ("/clock-format/follows-portal", test_follows_portal);
  g_test_add_func ("/clock-format/older-portal", test_older_portal);
  g_test_add_func ("/clock-format/no-portal", test_no_portal);
  g_test_add_func ("/clock-format/disposed-before-answer", test_disposed_before_answer);

  return g_test_run ();
}

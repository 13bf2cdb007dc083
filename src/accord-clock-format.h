#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ACCORD_TYPE_CLOCK_FORMAT (accord_clock_format_get_type ())

G_DECLARE_FINAL_TYPE (AccordClockFormat, accord_clock_format, ACCORD, CLOCK_FORMAT, GObject)

AccordClockFormat *accord_clock_format_get_default     (void);
AccordClockFormat *accord_clock_format_new_for_portal  (GDBusConnection   *bus);
gboolean           accord_clock_format_get_twelve_hour (AccordClockFormat *self);

G_END_DECLS

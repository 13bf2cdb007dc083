#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ACCORD_TYPE_APPLICATION (accord_application_get_type ())

G_DECLARE_FINAL_TYPE (AccordApplication, accord_application, ACCORD, APPLICATION, AdwApplication)

AccordApplication *accord_application_new          (void);
GSettings         *accord_application_get_settings (AccordApplication *self);

G_END_DECLS

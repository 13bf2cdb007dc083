#pragma once

#include <adwaita.h>

#include "accord-store.h"
#include "accord-sync.h"

G_BEGIN_DECLS

#define ACCORD_TYPE_APPLICATION (accord_application_get_type ())

G_DECLARE_FINAL_TYPE (AccordApplication, accord_application, ACCORD, APPLICATION, AdwApplication)

AccordApplication *accord_application_new          (void);
GSettings         *accord_application_get_settings    (AccordApplication *self);
void               accord_application_show_dialog     (AccordApplication *self,
                                                       const char        *name,
                                                       GtkWindow         *window);
AccordStore       *accord_application_get_store       (AccordApplication *self);
AccordStore       *accord_application_get_default_store (void);
const GError      *accord_application_get_store_error (AccordApplication *self);
const GError      *accord_application_get_builtin_error (AccordApplication *self);
GListModel        *accord_application_take_entities   (AccordApplication *self);
AccordSync        *accord_application_get_sync        (AccordApplication *self);
void               accord_application_refresh         (AccordApplication *self);
void               accord_application_refresh_new_endpoint (AccordApplication *self);

G_END_DECLS

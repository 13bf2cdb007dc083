#pragma once

#include <adwaita.h>

#include "accord-application.h"

G_BEGIN_DECLS

#define ACCORD_TYPE_PREFERENCES_DIALOG (accord_preferences_dialog_get_type ())

G_DECLARE_FINAL_TYPE (AccordPreferencesDialog, accord_preferences_dialog, ACCORD, PREFERENCES_DIALOG, AdwPreferencesDialog)

AdwDialog  *accord_preferences_dialog_new               (AccordApplication       *application);
const char *accord_preferences_dialog_get_endpoint_text (AccordPreferencesDialog *self);
void        accord_preferences_dialog_set_endpoint_text (AccordPreferencesDialog *self,
                                                         const char              *text);

G_END_DECLS

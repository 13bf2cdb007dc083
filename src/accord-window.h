#pragma once

#include <adwaita.h>

#include "accord-application.h"

G_BEGIN_DECLS

#define ACCORD_TYPE_WINDOW (accord_window_get_type ())

G_DECLARE_FINAL_TYPE (AccordWindow, accord_window, ACCORD, WINDOW, AdwApplicationWindow)

AccordWindow *accord_window_new (AccordApplication *application);

G_END_DECLS

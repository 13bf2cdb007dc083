#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

AdwDialog *accord_about_dialog_new (void);

G_END_DECLS

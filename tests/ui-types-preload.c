#define G_LOG_DOMAIN "accord-ui-types-preload"

#include "config.h"

#include <adwaita.h>

#include "accord-shortcut-label.h"

/* Loaded into gtk4-builder-tool with LD_PRELOAD so that it knows the
 * template parents from libadwaita; the tool resolves every other type,
 * ours included, by looking up its get_type() function. */
__attribute__((constructor))
static void
register_template_parents (void)
{
  g_type_ensure (ADW_TYPE_APPLICATION_WINDOW);
  g_type_ensure (ADW_TYPE_BIN);
  g_type_ensure (ADW_TYPE_DIALOG);
  g_type_ensure (ADW_TYPE_NAVIGATION_PAGE);
  g_type_ensure (ADW_TYPE_PREFERENCES_DIALOG);
  g_type_ensure (ACCORD_TYPE_SHORTCUT_LABEL);
}

#define G_LOG_DOMAIN "accord-ui-types-preload"

#include "config.h"

#include <adwaita.h>

#include "accord-bookmarks-view.h"
#include "accord-resources.h"
#include "accord-entity-view.h"
#include "accord-shortcut-label.h"
#include "accord-sidebar.h"

/* Loaded into gtk4-builder-tool with LD_PRELOAD so that it knows the
 * template parents from libadwaita; the tool resolves every other type,
 * ours included, by looking up its get_type() function. */
__attribute__((constructor))
static void
register_template_parents (void)
{
  /* Our widgets' templates come from the app's resources, which register
   * themselves once linked in: naming them here links them in. */
  static GResource *(* volatile link_resources) (void) = accord_get_resource;
  (void) link_resources;

  g_type_ensure (ADW_TYPE_APPLICATION_WINDOW);
  g_type_ensure (ADW_TYPE_BIN);
  g_type_ensure (ADW_TYPE_BREAKPOINT_BIN);
  g_type_ensure (ADW_TYPE_DIALOG);
  g_type_ensure (ADW_TYPE_NAVIGATION_PAGE);
  g_type_ensure (ADW_TYPE_PREFERENCES_DIALOG);
  g_type_ensure (ACCORD_TYPE_SHORTCUT_LABEL);
  g_type_ensure (ACCORD_TYPE_SIDEBAR);
  g_type_ensure (ACCORD_TYPE_ENTITY_VIEW);
  g_type_ensure (ACCORD_TYPE_BOOKMARKS_VIEW);
}

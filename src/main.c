#define G_LOG_DOMAIN "accord"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "accord-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AccordApplication) app = NULL;

  const char *localedir = g_getenv ("ACCORD_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* build-aux/dev run points this at the build tree's translations. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = accord_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}

#define G_LOG_DOMAIN "accord-main"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <signal.h>
#include <unistd.h>

#include "accord-application.h"
#include "accord-language.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AccordApplication) app = NULL;

  const char *localedir = g_getenv ("ACCORD_LOCALEDIR");
  int status;

  /* Started with standard input closed, the first descriptor GLib opens
   * would take its place, and reading "-" would wait on it for ever: it
   * reads as empty instead. */
  if (fcntl (STDIN_FILENO, F_GETFD) == -1 && errno == EBADF)
    open ("/dev/null", O_RDONLY);

  /* Before any thread starts, and only here (threads start before GTK
   * does): see accord-language.c. build-aux/dev run points
   * ACCORD_LOCALEDIR at the build tree's translations. */
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "");
  accord_language_init (localedir != NULL ? localedir : LOCALEDIR);

  /* Past a file size limit (ulimit -f), a write fails as on a full disk,
   * which Accord tells of and recovers from, rather than kill it with its
   * data half written. */
  signal (SIGXFSZ, SIG_IGN);

  app = accord_application_new ();
  status = g_application_run (G_APPLICATION (app), argc, argv);

  return status;
}

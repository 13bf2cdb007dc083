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

/* Started with a standard descriptor closed, the next one Accord opens
 * would take its place: reading "-" would wait on it for ever, and what
 * is written to standard output would land in it (an eventfd, a data
 * file). Standard input reads as empty instead, and writes to the others
 * fail, as they would have. */
static void
keep_standard_descriptors (void)
{
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; fd++)
    if (fcntl (fd, F_GETFD) == -1 && errno == EBADF)
      {
        int opened = open ("/dev/null", O_RDONLY);

        /* With the lower ones open, it gets @fd's number; should it not,
         * it is moved there. */
        if (opened >= 0 && opened != fd)
          {
            dup2 (opened, fd);
            close (opened);
          }
      }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AccordApplication) app = NULL;

  const char *localedir = g_getenv ("ACCORD_LOCALEDIR");
  int status;

  keep_standard_descriptors ();

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

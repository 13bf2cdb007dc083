#pragma once

#include <gio/gio.h>

#include "accord-sync.h"

G_BEGIN_DECLS

void  accord_command_log_as_warnings (void);

/* The command-line tools behind `accord --check` and friends. Each prints
 * its one-line summary or its error and returns the exit status. FILE may
 * be "-" for standard input (or output, for an export). */
int accord_command_check            (const char *file);
int accord_command_import           (const char *file,
                                     const char *store_path);
int accord_command_export_bookmarks (const char *file,
                                     const char *store_path);
int accord_command_import_bookmarks (const char *file,
                                     const char *store_path);

int accord_command_refresh          (const char *endpoint,
                                     const char *store_path);

char   *accord_describe_sync        (const AccordSyncResult *result,
                                     const GError           *error);

G_END_DECLS

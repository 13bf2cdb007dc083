#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "accord-application.h"
#include "accord-sidebar.h"
#include "accord-window.h"

G_BEGIN_DECLS

typedef gboolean (*AccordTestCondition) (void);
typedef void     (*AccordTestAddTests)  (AccordWindow *first_window);

char      *accord_test_init_app       (int                 *argc,
                                       char              ***argv,
                                       const char          *localedir);
void       accord_test_spin           (guint                ms);
void       accord_test_wait_for_named (AccordTestCondition  condition,
                                       const char          *name);
/* Named in the message of a wait that fails. */
#define accord_test_wait_for(condition) accord_test_wait_for_named ((condition), #condition)
gpointer   accord_test_template_child (gpointer             widget,
                                       GType                type,
                                       const char          *name);
GPtrArray *accord_test_find_all       (gpointer             widget,
                                       GType                type);
JsonNode  *accord_test_builtin_feed   (void);
gboolean   accord_test_french         (void);
void       accord_test_activate_sidebar_entity (AccordWindow *window,
                                                const char   *entity_id);
void       accord_test_wait_for_search (AccordSidebar     *sidebar);
void       accord_test_import_feed    (GBytes              *bytes,
                                       AccordSnapshotOrigin  origin);
void       accord_test_search         (AccordSidebar       *sidebar,
                                       const char          *text);
int        accord_test_run_app        (AccordApplication   *app,
                                       AccordTestAddTests   tests);
SoupServer *accord_test_feed_server           (SoupServerCallback   handler,
                                              char               **url);
SoupServer *accord_test_feed_not_found_server (char **url);
GtkWidget *accord_test_profile_columns (AccordWindow        *window);

G_END_DECLS

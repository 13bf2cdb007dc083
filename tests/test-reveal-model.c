#define G_LOG_DOMAIN "accord-test-reveal-model"

#include "config.h"

#include <gtk/gtk.h>

#include "accord-reveal-model.h"
#include "accord-widget-test-utils.h"

/* AccordRevealModel's signals, checked the way a list view uses them: a
 * mirror list applies every items-changed it hears and must end up
 * holding what the model holds, and a change to one item must be told
 * as a change to that item, not to every row. */

typedef struct
{
  GListModel *model;
  GListStore *mirror;
  guint       last_position, last_removed, last_added;
} Watch;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Watch      *watch)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_cmpuint (position + removed, <=, g_list_model_get_n_items (G_LIST_MODEL (watch->mirror)));
  for (guint i = 0; i < added; i++)
    g_ptr_array_add (items, g_list_model_get_item (model, position + i));
  g_list_store_splice (watch->mirror, position, removed, items->pdata, added);
  watch->last_position = position;
  watch->last_removed = removed;
  watch->last_added = added;
}

static void
watch_init (Watch      *watch,
            GListModel *model)
{
  watch->model = model;
  watch->mirror = g_list_store_new (G_TYPE_OBJECT);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      g_list_store_append (watch->mirror, item);
    }
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), watch);
}

static void
watch_clear (Watch *watch)
{
  g_signal_handlers_disconnect_by_data (watch->model, watch);
  g_clear_object (&watch->mirror);
}

static void
assert_mirrored (Watch *watch)
{
  guint n = g_list_model_get_n_items (watch->model);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (watch->mirror)), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) held = g_list_model_get_item (watch->model, i);
      g_autoptr(GObject) mirrored = g_list_model_get_item (G_LIST_MODEL (watch->mirror), i);

      g_assert_true (held == mirrored);
    }
}

static void
assert_last_change (Watch *watch,
                    guint  position,
                    guint  removed,
                    guint  added)
{
  g_assert_cmpuint (watch->last_position, ==, position);
  g_assert_cmpuint (watch->last_removed, ==, removed);
  g_assert_cmpuint (watch->last_added, ==, added);
}

static GListStore *
store_of (guint n)
{
  GListStore *store = g_list_store_new (G_TYPE_OBJECT);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_object_new (G_TYPE_OBJECT, NULL);
      g_list_store_append (store, item);
    }
  return store;
}

static void
replace_item (GListStore *store,
              guint       position)
{
  g_autoptr(GObject) item = g_object_new (G_TYPE_OBJECT, NULL);

  g_list_store_splice (store, position, 1, (gpointer *) &item, 1);
}

static void
append_items (GListStore *store,
              guint       n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_object_new (G_TYPE_OBJECT, NULL);
      g_list_store_append (store, item);
    }
}

/* Fewer items than the first ones: every change passes through as is. */
static void
test_short_list (void)
{
  g_autoptr(GListStore) store = store_of (12);
  g_autoptr(AccordRevealModel) reveal = accord_reveal_model_new (G_LIST_MODEL (store), 24);
  Watch watch = { 0 };

  watch_init (&watch, G_LIST_MODEL (reveal));
  replace_item (store, 0);
  assert_last_change (&watch, 0, 1, 1);
  append_items (store, 20);
  assert_mirrored (&watch);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reveal)), ==, 24);
  g_list_store_remove (store, 3);
  assert_mirrored (&watch);
  watch_clear (&watch);
}

/* A long list shows its first items until revealed: changes among them
 * show, the others wait. */
static void
test_long_list_before_reveal (void)
{
  g_autoptr(GListStore) store = store_of (100);
  g_autoptr(AccordRevealModel) reveal = accord_reveal_model_new (G_LIST_MODEL (store), 24);
  Watch watch = { 0 };

  watch_init (&watch, G_LIST_MODEL (reveal));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reveal)), ==, 24);
  replace_item (store, 5);
  assert_last_change (&watch, 5, 1, 1);
  g_list_store_remove (store, 0);
  assert_mirrored (&watch);
  append_items (store, 3);
  assert_mirrored (&watch);
  g_list_store_splice (store, 20, 10, NULL, 0);
  assert_mirrored (&watch);

  accord_reveal_model_reveal_all (reveal);
  assert_mirrored (&watch);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reveal)), ==, g_list_model_get_n_items (G_LIST_MODEL (store)));
  replace_item (store, 50);
  assert_last_change (&watch, 50, 1, 1);
  watch_clear (&watch);
}

static const char ROW_UI[] =
  "<interface><template class=\"GtkListItem\"><property name=\"child\">"
  "<object class=\"GtkLabel\"><property name=\"label\">row</property></object>"
  "</property></template></interface>";

static gboolean
revealed (gpointer reveal)
{
  return accord_reveal_model_get_all_revealed (reveal);
}

/* Revealed a batch a frame, in a real list view: once all are in, a
 * change to one item is a change to that item, and later items show. */
static void
test_revealed_when_drawn (void)
{
  g_autoptr(GListStore) store = store_of (60);
  g_autoptr(AccordRevealModel) reveal = accord_reveal_model_new (G_LIST_MODEL (store), 8);
  g_autoptr(GBytes) row_ui = g_bytes_new_static (ROW_UI, sizeof ROW_UI - 1);
  g_autoptr(GtkListItemFactory) factory = gtk_builder_list_item_factory_new_from_bytes (NULL, row_ui);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (reveal)))),
                                       g_object_ref (factory));
  Watch watch = { 0 };
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  gtk_window_set_default_size (GTK_WINDOW (window), 300, 200);
  gtk_window_present (GTK_WINDOW (window));
  watch_init (&watch, G_LIST_MODEL (reveal));
  accord_reveal_model_reveal_when_drawn (reveal, list);
  while (!revealed (reveal))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  assert_mirrored (&watch);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reveal)), ==, 60);

  replace_item (store, 0);
  assert_last_change (&watch, 0, 1, 1);
  append_items (store, 30);
  assert_mirrored (&watch);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reveal)), ==, 90);

  watch_clear (&watch);
  gtk_window_destroy (GTK_WINDOW (window));
  accord_test_spin (10);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reveal-model/short-list", test_short_list);
  g_test_add_func ("/reveal-model/long-list-before-reveal", test_long_list_before_reveal);
  g_test_add_func ("/reveal-model/revealed-when-drawn", test_revealed_when_drawn);
  return g_test_run ();
}

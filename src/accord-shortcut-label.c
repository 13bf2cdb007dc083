#define G_LOG_DOMAIN "accord-shortcut-label"

#include "config.h"

#include "accord-shortcut-label.h"
#include "accord-widget-utils.h"

/* Shows an accelerator as a row of key caps ("Ctrl" "F"), in the
 * user's language, with GTK's own key names. */
struct _AccordShortcutLabel
{
  GtkWidget  parent_instance;

  char      *accelerator;
  char      *label;       /* the whole accelerator, as read aloud */
};

G_DEFINE_FINAL_TYPE (AccordShortcutLabel, accord_shortcut_label, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ACCELERATOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GdkModifierType modifier_order[] = {
  GDK_SUPER_MASK, GDK_CONTROL_MASK, GDK_SHIFT_MASK, GDK_ALT_MASK,
};

const char *
accord_shortcut_label_get_accelerator (AccordShortcutLabel *self)
{
  g_return_val_if_fail (ACCORD_IS_SHORTCUT_LABEL (self), NULL);

  return self->accelerator;
}

/* The shortcut in words ("Ctrl+F"), or NULL when it has none. */
const char *
accord_shortcut_label_get_label (AccordShortcutLabel *self)
{
  g_return_val_if_fail (ACCORD_IS_SHORTCUT_LABEL (self), NULL);

  return self->label;
}

static void
accord_shortcut_label_add_key (AccordShortcutLabel *self,
                               const char          *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "keycap");
  gtk_widget_set_parent (label, GTK_WIDGET (self));
}

static void
accord_shortcut_label_rebuild (AccordShortcutLabel *self)
{
  guint keyval = 0;
  GdkModifierType mods = 0;
  g_autofree char *key_label = NULL;

  accord_widget_remove_children (GTK_WIDGET (self));
  g_clear_pointer (&self->label, g_free);

  if (self->accelerator == NULL || !gtk_accelerator_parse (self->accelerator, &keyval, &mods))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (modifier_order); i++)
    {
      g_autofree char *mod_label = NULL;

      if ((mods & modifier_order[i]) == 0)
        continue;

      mod_label = gtk_accelerator_get_label (0, modifier_order[i]);
      /* GTK ends a modifier's name with "+" when it stands alone. */
      if (g_str_has_suffix (mod_label, "+"))
        mod_label[strlen (mod_label) - 1] = '\0';
      accord_shortcut_label_add_key (self, mod_label);
    }

  key_label = gtk_accelerator_get_label (keyval, 0);
  accord_shortcut_label_add_key (self, key_label);

  self->label = gtk_accelerator_get_label (keyval, mods);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->label,
                                  -1);
}

void
accord_shortcut_label_set_accelerator (AccordShortcutLabel *self,
                                       const char          *accelerator)
{
  g_return_if_fail (ACCORD_IS_SHORTCUT_LABEL (self));

  if (g_set_str (&self->accelerator, accelerator))
    {
      accord_shortcut_label_rebuild (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCELERATOR]);
    }
}

static void
accord_shortcut_label_dispose (GObject *object)
{
  AccordShortcutLabel *self = ACCORD_SHORTCUT_LABEL (object);

  accord_widget_remove_children (GTK_WIDGET (self));
  g_clear_pointer (&self->accelerator, g_free);
  g_clear_pointer (&self->label, g_free);

  G_OBJECT_CLASS (accord_shortcut_label_parent_class)->dispose (object);
}

static void
accord_shortcut_label_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  AccordShortcutLabel *self = ACCORD_SHORTCUT_LABEL (object);

  switch (prop_id)
    {
    case PROP_ACCELERATOR:
      g_value_set_string (value, self->accelerator);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
accord_shortcut_label_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  AccordShortcutLabel *self = ACCORD_SHORTCUT_LABEL (object);

  switch (prop_id)
    {
    case PROP_ACCELERATOR:
      accord_shortcut_label_set_accelerator (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
accord_shortcut_label_class_init (AccordShortcutLabelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = accord_shortcut_label_dispose;
  object_class->get_property = accord_shortcut_label_get_property;
  object_class->set_property = accord_shortcut_label_set_property;

  properties[PROP_ACCELERATOR] =
    g_param_spec_string ("accelerator", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  /* Adwaita draws keys only as "shortcut > .keycap", as in GtkShortcutLabel. */
  gtk_widget_class_set_css_name (widget_class, "shortcut");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
accord_shortcut_label_init (AccordShortcutLabel *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 4);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
}

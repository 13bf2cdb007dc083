#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A gettext message catalog (.mo file) read directly, so that a text can
 * be looked up in any language without changing the process's locale. */
typedef struct _AccordCatalog AccordCatalog;

AccordCatalog *accord_catalog_new_from_file (const char     *path,
                                             GError        **error);
AccordCatalog *accord_catalog_new_from_data (GBytes         *bytes,
                                             GError        **error);
void           accord_catalog_free          (AccordCatalog  *self);
const char    *accord_catalog_lookup        (AccordCatalog  *self,
                                             const char     *msgid);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccordCatalog, accord_catalog_free)

G_END_DECLS

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void accord_test_fail_on_warnings (const char *except_domain,
                                   const char *except_fragment);

G_END_DECLS

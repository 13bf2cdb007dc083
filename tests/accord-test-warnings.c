#define G_LOG_DOMAIN "accord-test"

#include "config.h"

#include <string.h>

#include "accord-test-warnings.h"

static const char *allowed_domain;
static const char *allowed_fragment;

static GLogWriterOutput
check_warnings (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  const char *domain = NULL, *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }

  if ((log_level & G_LOG_LEVEL_WARNING) != 0 &&
      !(g_strcmp0 (domain, allowed_domain) == 0 && message != NULL && strstr (message, allowed_fragment) != NULL))
    g_test_fail_printf ("%s: %s", domain ? domain : "", message ? message : "");

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/**
 * accord_test_fail_on_warnings:
 * @except_domain: the log domain of the one warning let through
 * @except_fragment: words of its message
 *
 * Warnings fail the test, as g_test_init() has them do, except one that
 * tells of the machine rather than of Accord. Criticals still abort.
 */
void
accord_test_fail_on_warnings (const char *except_domain,
                              const char *except_fragment)
{
  g_return_if_fail (except_domain != NULL && except_fragment != NULL);

  allowed_domain = except_domain;
  allowed_fragment = except_fragment;
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_log_set_writer_func (check_warnings, NULL, NULL);
}

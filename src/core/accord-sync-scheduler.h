#pragma once

#include <gio/gio.h>

#include "accord-store.h"

G_BEGIN_DECLS

#define ACCORD_TYPE_SYNC_SCHEDULER (accord_sync_scheduler_get_type ())

G_DECLARE_FINAL_TYPE (AccordSyncScheduler, accord_sync_scheduler, ACCORD, SYNC_SCHEDULER, GObject)

AccordSyncScheduler *accord_sync_scheduler_new          (AccordStore          *store,
                                                         GNetworkMonitor      *monitor,
                                                         GPowerProfileMonitor *power_monitor);
void                 accord_sync_scheduler_set_interval (AccordSyncScheduler *self,
                                                         guint                minutes);
gboolean             accord_sync_scheduler_is_due       (AccordSyncScheduler *self,
                                                         gint64               now);
void                 accord_sync_scheduler_check        (AccordSyncScheduler *self);
void                 accord_sync_scheduler_hold         (AccordSyncScheduler *self,
                                                         gint64               now);

G_END_DECLS

/**
 * Periodic runs in service mode, on {@code cartographer.schedule.cron}. Depends on {@code run};
 * a tick while a run is in progress is skipped and logged, never queued.
 */
package io.cartographer.schedule;

/**
 * The request log: the last N finished requests in memory, for the console's Requests tab and its inspector.
 * {@link dev.switchboard.engine.telemetry.requestlog.RecentRequests} is a request listener over a lock-free ring;
 * each {@link dev.switchboard.engine.telemetry.requestlog.RequestEntry} is the request's event with its sequence
 * number and its detail (cache key, the steps' timeline, verdicts, and the text where the namespace stores it).
 */
package dev.switchboard.engine.telemetry.requestlog;

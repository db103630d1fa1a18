/**
 * The replay harness, our simulator (as Caffeine's is for its policies): drives a
 * {@link dev.switchboard.workload.Workload} through an engine and reports hits per tier, false hits, cost and
 * latency per served-by.
 */
package dev.switchboard.replay;

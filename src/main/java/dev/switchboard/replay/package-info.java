/**
 * The replay harness, our simulator (as Caffeine's is for its policies): drives a
 * {@link dev.switchboard.workload.Workload} through an engine and reports hits per tier, false hits, cost and
 * latency per served-by. Under the simulator's quality model ({@code simulated.quality}) every answered request is
 * also scored by {@link dev.switchboard.engine.provider.SimulatedQuality#correct} (a cached answer carries the code it
 * was written with): accuracy, per answering model with its cost, per the workload line's task and complexity.
 * {@link dev.switchboard.replay.WhatIf} tries a draft config against the current one: both in a
 * {@link dev.switchboard.replay.Sandbox} (the simulator for every provider, stores of their own), each replaying the
 * workload on the workload's own clock, compared in a {@link dev.switchboard.replay.WhatIfResult}.
 */
package dev.switchboard.replay;

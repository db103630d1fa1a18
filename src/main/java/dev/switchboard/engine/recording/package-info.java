/**
 * Recording the traffic the engine serves as a workload file (the shared JSON Lines format the replay harness and
 * what-if read): {@link dev.switchboard.engine.recording.Recording} is told of each request after the input guards
 * (so what it writes is what the engine keyed and sent, redacted), for namespaces that may be stored only, and hands
 * it to one writer thread through a bounded queue (full: dropped and counted, the request never waits);
 * {@code TrafficFile} rolls the file at a size bound. This package knows nothing of the workload package: it writes
 * the format's field names itself.
 */
package dev.switchboard.engine.recording;

/**
 * The command line (picocli): {@code replay} now; {@code console}, {@code serve}, {@code bench},
 * {@code workload}, {@code report} and {@code screenshot} as they land. Commands parse options, load the
 * config, and print readable errors; the work itself lives in the engine and the replay harness.
 */
package dev.switchboard.cli;

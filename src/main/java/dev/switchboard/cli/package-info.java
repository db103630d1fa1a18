/**
 * The command line (picocli): {@code console} (the default), {@code serve} (the HTTP gateway), {@code replay}, {@code report}, {@code privacy},
 * {@code workload generate}, {@code screenshot}, {@code bench}, {@code keys} (the gateway's keys: create, list,
 * revoke, each audited), {@code semantic eval} (the semantic cache measured on labelled pairs) and {@code audit}
 * (verify the audit trail's hash chain, export a period, purge). Commands parse options, load the config, and
 * refuse bad input with one line naming the option, file or line and the reason (exit code 2, see
 * {@code Commands}); the work itself lives in the engine and the replay harness. Without {@code --config} a command
 * uses {@code $SWITCHBOARD_HOME/config.yaml}, made from the bundled sample on first use ({@code DefaultConfig}).
 * The jar starts in {@link dev.switchboard.cli.Launcher}, compiled for Java 8, which checks the Java version first.
 */
package dev.switchboard.cli;

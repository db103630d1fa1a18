/**
 * The orchestration engine. {@link dev.switchboard.engine.Engine} is the public face; {@code Orchestrator}
 * runs the request path; the sub-packages are its parts, one concern each. Nothing here imports JavaFX, and
 * nothing here calls into the console: the console polls {@link dev.switchboard.engine.Engine#snapshot()}.
 */
package dev.switchboard.engine;

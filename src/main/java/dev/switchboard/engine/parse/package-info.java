/**
 * Output parsing: the engine never trusts raw model output. When a request expects structure (an OpenAI
 * {@code response_format}, or its namespace's configured schema or fields: an
 * {@link dev.switchboard.engine.parse.Expectation}), {@link dev.switchboard.engine.parse.OutputParser} runs the answer
 * through a chain of {@link dev.switchboard.engine.parse.Strategy strategies}: strict JSON, JSON extracted from fences
 * or prose with common repairs (trailing commas, single quotes, unquoted keys, comments, Python literals),
 * {@code key: value} lines, then looser key-value shapes (other delimiters, bullets, bold keys, tables), each
 * candidate validated against the expectation (JSON Schemas by networknt's json-schema-validator, key-value values
 * typed by the schema first). The result, {@link dev.switchboard.engine.parse.Parsed}, names the winning strategy or
 * the schema path that failed last; a refusal is told apart. The parser never calls a model:
 * {@link dev.switchboard.engine.parse.Reprompt} builds the follow-up, {@link dev.switchboard.engine.parse.ParseStep}
 * (step 8) sends it through the {@code Reasker} the orchestrator gives it (the engine's own provider path), and
 * {@link dev.switchboard.engine.parse.ParseStats} counts what happened.
 *
 * <p>{@link dev.switchboard.engine.parse.SchemaSampler} draws values from a schema, for the simulator and tests.
 * This package sees only the request model and the errors; the providers and the config use it, never the reverse.
 *
 * <p>Cost: a clean strict-JSON answer takes one Jackson parse and one validation (no regex, no exception); see
 * {@code ParseBench} for the measured figures.
 */
package dev.switchboard.engine.parse;

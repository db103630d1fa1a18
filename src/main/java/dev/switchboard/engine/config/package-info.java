/**
 * Configuration: immutable records loaded from YAML by {@link dev.switchboard.engine.config.ConfigLoader}.
 * Validation rules live in the records' constructors so the loader, the console's editors and the API apply
 * the same ones; every failure names the field path and the reason. Checks that span sections live in
 * {@link dev.switchboard.engine.config.SwitchboardConfig}'s constructor: models name known providers, fallbacks do
 * not loop, {@code semantic.provider} names a provider of kind {@code openai} with a threshold to be had for its
 * model, {@code simulated.output} and {@code simulated.quality} name known models. {@code simulated.quality}
 * ({@link dev.switchboard.engine.config.QualitySettings}) names task classes and complexities by
 * {@code engine.route}'s enums, so this package depends on {@code engine.route}, which must not depend on it. The {@code parse:} section is the output parser's own
 * {@link dev.switchboard.engine.parse.ParseSettings} (its schemas, as YAML mappings, must compile);
 * {@link dev.switchboard.engine.config.ConfigFile#save} leaves it as written. {@link dev.switchboard.engine.config.ConfigLoader#loadProviders} reads the providers section alone, for
 * tools.
 */
package dev.switchboard.engine.config;

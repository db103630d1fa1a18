/**
 * Configuration: immutable records loaded from YAML by {@link dev.switchboard.engine.config.ConfigLoader}.
 * Validation rules live in the records' constructors so the loader, the console's editors and the API apply
 * the same ones; every failure names the field path and the reason.
 */
package dev.switchboard.engine.config;

/**
 * The Parsing tab: {@link dev.switchboard.console.parsing.ParsingController} edits the config's {@code parse}
 * section (the chain's order and switches, max re-prompts, raw_on_failure, named JSON Schemas checked as typed by
 * {@link dev.switchboard.console.parsing.SchemaCheck}) through {@link dev.switchboard.console.parsing.ParseForm}, and
 * shows the parser's figures per strategy and per expectation. {@link dev.switchboard.console.parsing.ParseFigures}
 * is the console's view of the engine's parse snapshot (built by {@link dev.switchboard.console.parsing.ParseAdapter},
 * the one place that reads it), shared with the dashboard's parser tile; {@link
 * dev.switchboard.console.parsing.RepromptRate} turns successive totals into re-prompts per minute.
 */
package dev.switchboard.console.parsing;

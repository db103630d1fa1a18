/**
 * The Costs tab: cost reports over the ledger with filters, a chart and tables, exported to CSV or PDF.
 * Queries and file writes run in the background; {@link dev.switchboard.console.costs.ReportFilters} checks the
 * filters without JavaFX.
 */
package dev.switchboard.console.costs;

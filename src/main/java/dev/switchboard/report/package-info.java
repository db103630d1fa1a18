/**
 * Renders cost reports for people and spreadsheets: {@link dev.switchboard.report.PdfReport} turns a
 * {@link dev.switchboard.engine.cost.CostReport} into a PDF (summary, vector chart, tables) and
 * {@link dev.switchboard.report.CsvExport} streams ledger rows to CSV. Used by the CLI {@code report} command and
 * by the console; it draws with OpenPDF and JFreeChart (AWT, headless) and has no JavaFX in it, so it runs on
 * a server without a display.
 */
package dev.switchboard.report;

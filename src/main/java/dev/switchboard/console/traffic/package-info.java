/**
 * The Traffic tab: replay a workload file through the running engine, with pause, stop and progress, and the last
 * run's report as tables ({@code ReportRows}, free of JavaFX).
 */
package dev.switchboard.console.traffic;

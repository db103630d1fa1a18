/** The Traffic tab: replay a workload file through the running engine, with pause, stop and progress. */
package dev.switchboard.console.traffic;

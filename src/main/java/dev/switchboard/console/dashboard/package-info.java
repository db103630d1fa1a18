/** The Dashboard tab: TilesFX tiles fed by the snapshot poller. */
package dev.switchboard.console.dashboard;

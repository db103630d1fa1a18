/**
 * The Dashboard tab: TilesFX tiles fed by the snapshot poller, among them the output parser's ({@code ParserTile})
 * and the guards' ({@code GuardTile}), drawn from the console's figures for them.
 */
package dev.switchboard.console.dashboard;

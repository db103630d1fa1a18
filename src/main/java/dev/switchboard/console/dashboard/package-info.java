/**
 * The Dashboard tab: TilesFX tiles fed by the snapshot poller, among them the output parser's ({@code ParserTile}),
 * the guards' ({@code GuardTile}) and the routes' ({@code RoutingTile}: routed requests, the share each model
 * answered, the saving against the premium model), drawn from the console's figures for them.
 */
package dev.switchboard.console.dashboard;

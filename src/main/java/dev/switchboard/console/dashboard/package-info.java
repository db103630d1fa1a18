/**
 * The Dashboard tab: TilesFX tiles fed by the snapshot poller, reflowed to the window's width ({@code TileGrid}:
 * the columns that fit and their width, free of JavaFX); each opens its tab when clicked. Among them the three
 * tiers in one ({@code TierTile}), figures with separators and dollars ({@code FigureTile}), spend against budget
 * ({@code SpendTiles} with {@code BudgetBar}), a breaker per model ({@code BreakerTile}), the output parser's
 * ({@code ParserTile}), the guards' ({@code GuardTile}) and the routes' ({@code RoutingTile}: routed requests, the
 * share each model answered, the saving against the premium model), drawn from the console's figures for them.
 */
package dev.switchboard.console.dashboard;

/**
 * Money: the cost ledger (every answered request, journaled locally, then written to SQL in batches), budgets
 * with alert, soft and hard limits shared across instances through the database's running totals, and the
 * queries behind cost reports and privacy requests. Days and months are UTC.
 */
package dev.switchboard.engine.cost;

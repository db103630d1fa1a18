package dev.switchboard.engine.cost;

/**
 * The ledger's state for the console.
 *
 * @param state     OFF (not configured), UP (writing), DOWN (the database cannot be written: records wait in the
 *                  journal), or FAILED (the journal itself cannot be written)
 * @param reason    why it is DOWN or FAILED; empty otherwise
 * @param recorded  records this instance journaled
 * @param written   records written to SQL, this instance's and recovered ones
 * @param pending   this instance's records in the journal, not yet in SQL
 * @param recovered records from journals of processes that died, written since start
 * @param lost      records that could not be journaled (FAILED), counted so they are not silently missing
 * @param refused   records handed to the ledger after it was closed, refused with an exception
 * @param rejected  records SQL refused for their data (a value too long for its column), set aside in the
 *                  {@code ledger_rejected} table since start so the rest could be written
 * @param lastRejection why the last of them was refused, in the database's words; empty when none was
 */
public record LedgerSnapshot(String state, String reason, long recorded, long written, long pending, long recovered,
                             long lost, long refused, long rejected, String lastRejection, String database,
                             BudgetsSnapshot budgets) {
}

-- Money in the ledger becomes exact: whole micro-dollars (USD 1e-6) in BIGINT instead of DOUBLE PRECISION, so
-- sums over millions of rows are exact and exports print 0.000045, not 0.000045299999999999997. Existing amounts
-- are rounded to the nearest micro-dollar, ties half up: through DECIMAL, because PostgreSQL rounds a double's ties
-- to even, and DECIMAL(38, 12) drops the binary tail (0.000045299999999999997 -> 45). Instances of an older
-- version cannot write after this: their records wait in their journals (this version reads the old format; the
-- log names the folder to move old segments into). Upgrade the instances sharing a database together. The
-- UPDATEs rewrite every row: on a large ledger, expect it to take a while.
ALTER TABLE ledger_event ADD COLUMN cost_micros BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE ledger_event ADD COLUMN saved_micros BIGINT DEFAULT 0 NOT NULL;
UPDATE ledger_event SET cost_micros = CAST(ROUND(CAST(cost_usd AS DECIMAL(38, 12)) * 1000000) AS BIGINT),
                        saved_micros = CAST(ROUND(CAST(saved_usd AS DECIMAL(38, 12)) * 1000000) AS BIGINT);
ALTER TABLE ledger_event DROP COLUMN cost_usd;
ALTER TABLE ledger_event DROP COLUMN saved_usd;
ALTER TABLE ledger_event ALTER COLUMN cost_micros DROP DEFAULT;
ALTER TABLE ledger_event ALTER COLUMN saved_micros DROP DEFAULT;

ALTER TABLE spend_total ADD COLUMN cost_micros BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE spend_total ADD COLUMN saved_micros BIGINT DEFAULT 0 NOT NULL;
UPDATE spend_total SET cost_micros = CAST(ROUND(CAST(cost_usd AS DECIMAL(38, 12)) * 1000000) AS BIGINT),
                       saved_micros = CAST(ROUND(CAST(saved_usd AS DECIMAL(38, 12)) * 1000000) AS BIGINT);
ALTER TABLE spend_total DROP COLUMN cost_usd;
ALTER TABLE spend_total DROP COLUMN saved_usd;
ALTER TABLE spend_total ALTER COLUMN cost_micros DROP DEFAULT;
ALTER TABLE spend_total ALTER COLUMN saved_micros DROP DEFAULT;

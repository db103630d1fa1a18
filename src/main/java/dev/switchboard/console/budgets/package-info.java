/**
 * The Budgets tab: spending limits per day and month (all traffic, every user, named users), their alert, soft and
 * hard thresholds, and the model prices spend is counted in ({@code BudgetsForm} holds the rules, free of JavaFX),
 * applied live and saved; and privacy requests, exporting or deleting one user's cost-ledger records.
 */
package dev.switchboard.console.budgets;

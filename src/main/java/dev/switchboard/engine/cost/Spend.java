package dev.switchboard.engine.cost;

/**
 * One user's spend (or all traffic's, for no user) today and this month (UTC), with the budgets that apply to it,
 * in whole micro-dollars; a limit of 0 means no budget is set. For callers that show someone their own spend.
 *
 * @param user null for all traffic
 */
public record Spend(String user, long todayMicros, long dailyLimitMicros, long monthMicros, long monthlyLimitMicros) {
}

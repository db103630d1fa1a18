package dev.switchboard.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.cost.Micros;
import dev.switchboard.engine.cost.Spend;
import dev.switchboard.gateway.keys.GatewayKey;
import java.math.BigDecimal;

/**
 * {@code GET /v1/usage}: the caller's own spend today and this month (UTC) against the budgets that apply to it,
 * read from the engine's running totals (no SQL). With keys: the key's owner, and the key's own monthly budget.
 * With keys off: the {@code x-switchboard-user} named, or all traffic when none is. Amounts in USD, exact to the
 * micro-dollar; a limit is null when no budget is set.
 */
final class UsageEndpoint {
    private final Engine engine;

    UsageEndpoint(Engine engine) {
        this.engine = engine;
    }

    ObjectNode usage(Callers.Caller caller) {
        Spend s = engine.ledger().budgets().spendOf(caller.user());
        ObjectNode o = Router.MAPPER.createObjectNode();
        o.put("object", "usage");
        o.put("user", s.user());
        o.set("today", period(s.todayMicros(), s.dailyLimitMicros(), false));
        o.set("month", period(s.monthMicros(), s.monthlyLimitMicros(), false));
        GatewayKey k = caller.key();
        if (k != null) {
            ObjectNode key = o.putObject("key");
            key.put("id", k.id());
            key.put("prefix", k.prefix());
            key.put("name", k.name());
            key.put("plan", k.plan());
            var models = key.putArray("models");
            k.models().forEach(models::add);
            if (k.budgetMicros() == null) {
                key.putNull("monthly_budget");
            } else {
                key.set("monthly_budget", period(s.monthMicros(), k.budgetMicros(), true));
            }
        }
        return o;
    }

    /** @param zeroIsALimit a key's budget of 0 allows nothing; a config budget of 0 is no budget */
    private ObjectNode period(long spent, long limit, boolean zeroIsALimit) {
        ObjectNode p = Router.MAPPER.createObjectNode();
        p.put("spent_usd", usd(spent));
        if (limit > 0 || zeroIsALimit && limit == 0) {
            p.put("limit_usd", usd(limit));
            p.put("remaining_usd", usd(Math.max(0, limit - spent)));
        } else {
            p.putNull("limit_usd");
            p.putNull("remaining_usd");
        }
        return p;
    }

    private static BigDecimal usd(long micros) {
        return Micros.toUsd(micros);
    }
}

package dev.switchboard.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.testsupport.Await;
import dev.switchboard.testsupport.Services;
import dev.switchboard.testsupport.TestConfigs;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Two engines in one JVM sharing the real Redis (L2) and PostgreSQL (L3), as two instances of a team would.
 */
class SharedTiersIT {
    private Engine a;
    private Engine b;
    private final String run = UUID.randomUUID().toString();

    @BeforeEach
    void start() {
        Services.requireRedis();
        Services.requirePostgres();
        a = Engine.start(TestConfigs.team());
        b = Engine.start(TestConfigs.team());
        Await.until(Duration.ofSeconds(5), "both instances subscribed to invalidations",
                () -> a.cache().isListening() && b.cache().isListening());
    }

    @AfterEach
    void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private ChatRequest ask(String what) {
        return ChatRequest.builder().model("gpt-4o-mini").prompt(what + " " + run).build();
    }

    @Test
    void answerWrittenByOneInstanceIsServedByTheOtherFromL2AndPromoted() {
        ChatResult first = a.submit(ask("shared"));
        assertThat(first.servedBy()).isEqualTo(ServedBy.PROVIDER);
        a.cache().awaitWrites(Duration.ofSeconds(5));

        ChatResult fromB = b.submit(ask("shared"));
        assertThat(fromB.servedBy()).isEqualTo(ServedBy.L2);
        assertThat(fromB.answer()).isEqualTo(first.answer());
        assertThat(b.submit(ask("shared")).servedBy()).isEqualTo(ServedBy.L1);

        try (Jedis j = new Jedis(java.net.URI.create(Services.redisUrl()))) {
            // Redis keeps the entry its 1 h TTL plus the stale grace (1 h by default) for serving stale.
            long pttl = j.pttl(RedisTier.PREFIX + first.cacheKey().value());
            assertThat(pttl).isBetween(Duration.ofMinutes(119).toMillis(), Duration.ofHours(2).toMillis());
        }
    }

    @Test
    void l3AnswersWhenL2HasLostTheEntry() {
        ChatResult first = a.submit(ask("durable"));
        a.cache().awaitWrites(Duration.ofSeconds(5));
        try (Jedis j = new Jedis(java.net.URI.create(Services.redisUrl()))) {
            j.del(RedisTier.PREFIX + first.cacheKey().value());
        }
        ChatResult fromB = b.submit(ask("durable"));
        assertThat(fromB.servedBy()).isEqualTo(ServedBy.L3);
        b.cache().awaitWrites(Duration.ofSeconds(5));
        assertThat(b.cache().peek(Tier.L2, first.cacheKey())).as("promoted into L2").isNotNull();
        assertThat(b.cache().peek(Tier.L1, first.cacheKey())).as("promoted into L1").isNotNull();
    }

    @Test
    void invalidationInOneInstanceReachesTheOthersL1WithinASecond() {
        ChatResult r = a.submit(ask("to-invalidate"));
        a.cache().awaitWrites(Duration.ofSeconds(5));
        b.submit(ask("to-invalidate"));
        assertThat(b.cache().peek(Tier.L1, r.cacheKey())).isNotNull();

        TieredCache.InvalidationResult removed = a.cache().invalidate(r.cacheKey());
        assertThat(removed.removed()).containsEntry(Tier.L1, 1L).containsEntry(Tier.L2, 1L).containsEntry(Tier.L3, 1L);
        Duration took = Await.until(Duration.ofSeconds(1), "B's L1 to drop the key",
                () -> b.cache().peek(Tier.L1, r.cacheKey()) == null);
        assertThat(took).isLessThan(Duration.ofSeconds(1));
        assertThat(b.submit(ask("to-invalidate")).servedBy()).isEqualTo(ServedBy.PROVIDER);
    }

    @Test
    void versionAndNamespaceInvalidationsReachTheOtherInstance() {
        String ns = "ns-" + run.substring(0, 8);
        ChatRequest inNs = ask("namespaced").toBuilder().namespace(ns).build();
        ChatResult r = a.submit(inNs);
        a.cache().awaitWrites(Duration.ofSeconds(5));
        b.submit(inNs);
        assertThat(b.cache().peek(Tier.L1, r.cacheKey())).isNotNull();
        TieredCache.InvalidationResult res = a.cache().invalidateNamespace(ns);
        assertThat(res.removed()).containsEntry(Tier.L2, 1L).containsEntry(Tier.L3, 1L);
        Await.until(Duration.ofSeconds(1), "namespace invalidation at B",
                () -> b.cache().peek(Tier.L1, r.cacheKey()) == null);

        ChatResult v = a.submit(ask("versioned").toBuilder().model("gpt-4o").build());
        a.cache().awaitWrites(Duration.ofSeconds(5));
        b.submit(ask("versioned").toBuilder().model("gpt-4o").build());
        assertThat(b.cache().peek(Tier.L1, v.cacheKey())).isNotNull();
        a.cache().invalidateVersion("gpt-4o", "2024-08-06");
        Await.until(Duration.ofSeconds(1), "version invalidation at B",
                () -> b.cache().peek(Tier.L1, v.cacheKey()) == null);
        assertThat(a.cache().peek(Tier.L2, v.cacheKey())).isNull();
        assertThat(a.cache().peek(Tier.L3, v.cacheKey())).isNull();
    }
}

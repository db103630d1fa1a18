package dev.switchboard.engine.cache;

import dev.switchboard.store.Failures;
import dev.switchboard.store.RedisConnections;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisPubSub;

/**
 * Carries invalidations between engine instances over Redis pub/sub so every instance's L1 drops what one of
 * them invalidated. Pub/sub is fire-and-forget: after a lost subscription the local L1 is flushed on
 * reconnect, since messages sent in between are gone.
 */
final class InvalidationBus implements AutoCloseable {
    static final String CHANNEL = "sb:invalidate";
    private static final Logger LOG = LoggerFactory.getLogger(InvalidationBus.class);

    private final RedisConnections connections;
    private final JedisPooled publisher;
    private final String instanceId;
    private final Consumer<Invalidation> onRemote;
    private final Runnable onResubscribe;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean subscribed;
    private volatile Jedis current;
    private volatile Listener listener;

    InvalidationBus(RedisConnections connections, String instanceId, Consumer<Invalidation> onRemote,
                    Runnable onResubscribe) {
        this.connections = connections;
        this.publisher = connections.pooled(4);
        this.instanceId = instanceId;
        this.onRemote = onRemote;
        this.onResubscribe = onResubscribe;
        this.thread = Thread.ofPlatform().name("sb-invalidation-bus").daemon().start(this::subscribeLoop);
    }

    private final class Listener extends JedisPubSub {
        private final boolean reconnect;

        Listener(boolean reconnect) {
            this.reconnect = reconnect;
        }

        @Override
        public void onSubscribe(String channel, int count) {
            subscribed = true;
            if (reconnect) {
                onResubscribe.run();
            }
        }

        @Override
        public void onMessage(String channel, String message) {
            Invalidation inv = Invalidation.decode(message);
            if (inv != null && !inv.origin().equals(instanceId)) {
                onRemote.accept(inv);
            }
        }
    }

    private void subscribeLoop() {
        boolean everSubscribed = false;
        while (running) {
            try (Jedis jedis = connections.dedicatedForSubscribe()) {
                current = jedis;
                Listener l = new Listener(everSubscribed);
                listener = l;
                everSubscribed = true;
                jedis.subscribe(l, CHANNEL);
            } catch (RuntimeException e) {
                if (running) {
                    LOG.debug("invalidation subscription lost: {}", Failures.oneLine(e));
                }
            } finally {
                subscribed = false;
                current = null;
            }
            if (running) {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    boolean isSubscribed() {
        return subscribed;
    }

    /** @return false when Redis could not take the message (the other instances' L1 will expire by TTL) */
    boolean publish(Invalidation.Kind kind, String value) {
        String message = new Invalidation(instanceId, kind, value).encode();
        try {
            publisher.publish(CHANNEL, message);
            return true;
        } catch (RuntimeException first) {
            // Most often a connection that died with an earlier Redis outage: drop the idle ones, try once more.
            RedisConnections.dropIdle(publisher);
            try {
                publisher.publish(CHANNEL, message);
                return true;
            } catch (RuntimeException e) {
                LOG.warn("could not broadcast invalidation {} {}: {}", kind, value, Failures.oneLine(e));
                return false;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        Listener l = listener;
        try {
            if (l != null && l.isSubscribed()) {
                l.unsubscribe();
            }
        } catch (RuntimeException ignored) {
            // Closing the socket below ends the subscription anyway.
        }
        Jedis j = current;
        if (j != null) {
            try {
                j.disconnect();
            } catch (RuntimeException ignored) {
                // Already gone.
            }
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.close();
    }
}

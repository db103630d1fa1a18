package dev.switchboard.gateway.keys;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchboard.engine.clock.Ticker;
import dev.switchboard.engine.config.LedgerConfig;
import dev.switchboard.store.Database;
import dev.switchboard.store.Failures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's keys, in SQL (table {@code gateway_key}, on the cost ledger's database): create, list and revoke
 * for the CLI and the console, and {@link #authenticate} for every request the gateway takes.
 *
 * <p>{@code authenticate} is the hot path: it hashes the presented secret and answers from memory when it can,
 * live keys and refusals alike, each for {@link #CACHE_TTL} (Caffeine, bounded in size, expiry measured by the
 * injected {@link Ticker}); a secret not of the form {@code sb-} + 40 characters is refused without a lookup.
 * Concurrent lookups of one secret share one query, and no monitor is held while it runs. A revoke through this store
 * drops the key from its cache at once; another store on the same database (another instance) stops accepting the
 * key within {@link #CACHE_TTL}.
 *
 * <p>No method takes or returns a secret except {@link #create} (which returns it once) and {@link #authenticate}
 * (which takes it); neither logs it nor puts it in a message. Database failures are
 * {@link KeyStoreUnavailableException}s; bad input, {@link KeyValidationException}s naming the field. Every method
 * refuses work once the store is closed.
 */
public final class KeyStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyStore.class);
    /** How long an answer of {@link #authenticate} is reused before the database is asked again. */
    public static final Duration CACHE_TTL = Duration.ofSeconds(5);
    /** Live keys remembered; more than any deployment has in use within {@link #CACHE_TTL}. */
    static final int LIVE_ENTRIES = 10_000;
    /** Refused secrets remembered, apart from the live keys so a flood of bad secrets cannot evict them. */
    static final int REFUSED_ENTRIES = 10_000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(5);
    private static final int POOL_SIZE = 4;
    /** A new id, prefix or hash that collides with a stored one is drawn again; this many times at most. */
    private static final int ATTEMPTS = 3;
    private static final String COLUMNS = "id, prefix, name, owner, plan, budget_micros, models, created_at, "
            + "revoked_at";

    private final Database db;
    private final boolean ownsDatabase;
    private final InstantSource clock;
    /** SHA-256 of a secret to its live key. Keyed by the hash, so the secrets themselves are not kept in memory. */
    private final Cache<String, GatewayKey> live;
    /** SHA-256 of a secret that matched no live key. */
    private final Cache<String, Boolean> refused;
    private final ConcurrentHashMap<String, CompletableFuture<Optional<GatewayKey>>> lookups =
            new ConcurrentHashMap<>();
    /** Moved by every revoke here: a lookup that raced one does not keep what it read. */
    private final AtomicLong revocations = new AtomicLong();
    private volatile boolean migrated;
    private volatile boolean closed;

    private KeyStore(Database db, boolean ownsDatabase, InstantSource clock, Ticker ticker) {
        this.db = db;
        this.ownsDatabase = ownsDatabase;
        this.clock = clock;
        com.github.benmanes.caffeine.cache.Ticker t = ticker::read;
        this.live = Caffeine.newBuilder().ticker(t).expireAfterWrite(CACHE_TTL).maximumSize(LIVE_ENTRIES).build();
        this.refused = Caffeine.newBuilder().ticker(t).expireAfterWrite(CACHE_TTL).maximumSize(REFUSED_ENTRIES)
                .build();
    }

    /**
     * Opens the keys in the cost ledger's database, on a small pool of their own (closed with this store). Never
     * fails because the database is down: each call tries it, and migrates the schema the first time it answers.
     *
     * @throws IllegalArgumentException when the ledger is off in the config, or its URL cannot be used
     */
    public static KeyStore open(LedgerConfig ledger, InstantSource clock) {
        if (!ledger.enabled()) {
            throw new IllegalArgumentException("gateway keys live in the cost ledger's database, and the ledger is "
                    + "off in this config (ledger.enabled: false)");
        }
        Database db = Database.open(ledger.url(), ledger.user(), ledger.password(), CONNECT_TIMEOUT, POOL_SIZE,
                STATEMENT_TIMEOUT);
        return new KeyStore(db, true, clock, Ticker.system());
    }

    /** Opens the keys in {@code db}, which stays the caller's to close. */
    public static KeyStore open(Database db, InstantSource clock) {
        return open(db, clock, Ticker.system());
    }

    /** As {@link #open(Database, InstantSource)}, with the cache's expiry measured by {@code ticker} (tests). */
    public static KeyStore open(Database db, InstantSource clock, Ticker ticker) {
        return new KeyStore(db, false, clock, ticker);
    }

    /**
     * Creates a key and returns it with its secret, which is shown this once: only its SHA-256 is stored.
     *
     * @param name         what the key is for, a name like {@code ci-bot}; null or blank for none
     * @param owner        required: the user the key's requests are recorded and budgeted under
     * @param plan         a plan name; null or blank for the default plan
     * @param budgetMicros USD micro-dollars per UTC month, zero or more; null for no budget
     * @param models       the models the key may use; null or empty for every model
     * @throws KeyValidationException naming the field at fault
     */
    public CreatedKey create(String name, String owner, String plan, Long budgetMicros, Set<String> models) {
        checkOpen();
        String o = KeyFields.checkOwner(owner);
        String n = KeyFields.checkName("name", name);
        String p = KeyFields.checkName("plan", plan);
        Long budget = KeyFields.checkBudget(budgetMicros);
        Set<String> m = KeyFields.checkModels(models);
        String joined = m.isEmpty() ? null : String.join(",", m);
        for (int attempt = 1; ; attempt++) {
            String secret = Secrets.generate();
            String hash = Secrets.sha256(secret);
            GatewayKey key = new GatewayKey(Secrets.newId(), Secrets.prefix(secret), n, o, p, budget, m,
                    Instant.ofEpochMilli(clock.millis()), null);
            try {
                sql(c -> {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO gateway_key (id, prefix, secret_sha256,"
                            + " name, owner, plan, budget_micros, models, created_at, revoked_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)")) {
                        ps.setString(1, key.id());
                        ps.setString(2, key.prefix());
                        ps.setString(3, hash);
                        ps.setString(4, n);
                        ps.setString(5, o);
                        ps.setString(6, p);
                        if (budget == null) {
                            ps.setNull(7, Types.BIGINT);
                        } else {
                            ps.setLong(7, budget);
                        }
                        ps.setString(8, joined);
                        ps.setLong(9, key.createdAt().toEpochMilli());
                        return ps.executeUpdate();
                    }
                });
            } catch (Collision e) {
                if (attempt < ATTEMPTS) {
                    continue;
                }
                throw new KeyStoreUnavailableException("could not store a new key in " + db.describe()
                        + ": its random id or prefix collided " + ATTEMPTS + " times in a row");
            }
            refused.invalidate(hash);
            LOG.info("gateway key {} ({}) created for owner {}", key.id(), key.prefix(), o);
            return new CreatedKey(key, secret);
        }
    }

    /** Every key, newest first (keys created in the same millisecond by id), revoked ones included. */
    public List<GatewayKey> list() {
        checkOpen();
        return sql(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM gateway_key ORDER BY created_at DESC, id DESC");
                 ResultSet rs = ps.executeQuery()) {
                List<GatewayKey> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(read(rs));
                }
                return out;
            }
        });
    }

    /** The key with this id ({@code gk_...}) or display prefix ({@code sb-3fA9c1x}), revoked or not. */
    public Optional<GatewayKey> find(String idOrPrefix) {
        checkOpen();
        String ref = reference(idOrPrefix);
        if (ref == null) {
            return Optional.empty();
        }
        return sql(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM gateway_key WHERE id = ? OR prefix = ?")) {
                ps.setString(1, ref);
                ps.setString(2, ref);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    /**
     * Revokes the key with this id or display prefix: from now on this store refuses it, other stores on the same
     * database within {@link #CACHE_TTL}. A key revoked before keeps its first revocation time.
     *
     * @return true when the key exists (and is now revoked); false when no key has this id or prefix
     * @throws KeyValidationException when given a whole secret instead of an id or prefix
     */
    public boolean revoke(String idOrPrefix) {
        checkOpen();
        String ref = reference(idOrPrefix);
        if (ref == null) {
            return false;
        }
        String hash = sql(c -> {
            String h;
            boolean wasRevoked;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, secret_sha256, revoked_at FROM gateway_key WHERE id = ? OR prefix = ?")) {
                ps.setString(1, ref);
                ps.setString(2, ref);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    h = rs.getString(2).strip();
                    rs.getLong(3);
                    wasRevoked = !rs.wasNull();
                }
            }
            if (!wasRevoked) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE gateway_key SET revoked_at = ? WHERE secret_sha256 = ? AND revoked_at IS NULL")) {
                    ps.setLong(1, clock.millis());
                    ps.setString(2, h);
                    ps.executeUpdate();
                }
            }
            return h;
        });
        if (hash == null) {
            return false;
        }
        // After the commit: a lookup that read the key before it is either in the cache now (dropped here) or will
        // see the counter moved when it stores what it read (and drop that itself).
        revocations.incrementAndGet();
        live.invalidate(hash);
        LOG.info("gateway key {} revoked", ref);
        return true;
    }

    /**
     * The live key this secret belongs to; empty for an unknown or revoked key or a string that is no secret. Most
     * calls are answered from memory (see the class comment).
     *
     * @throws KeyStoreUnavailableException when the database must be asked and cannot answer (the gateway's 503)
     */
    public Optional<GatewayKey> authenticate(String presentedSecret) {
        checkOpen();
        if (!Secrets.wellFormed(presentedSecret)) {
            return Optional.empty();
        }
        String hash = Secrets.sha256(presentedSecret);
        GatewayKey known = live.getIfPresent(hash);
        if (known != null) {
            return Optional.of(known);
        }
        if (refused.getIfPresent(hash) != null) {
            return Optional.empty();
        }
        CompletableFuture<Optional<GatewayKey>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<GatewayKey>> running = lookups.putIfAbsent(hash, mine);
        if (running != null) {
            return await(running);
        }
        try {
            long before = revocations.get();
            Optional<GatewayKey> found = lookup(hash);
            if (found.isPresent()) {
                live.put(hash, found.get());
            } else {
                refused.put(hash, Boolean.TRUE);
            }
            if (revocations.get() != before) {
                // A revoke here ran while the lookup did: what it read may be from before it.
                live.invalidate(hash);
                refused.invalidate(hash);
            }
            mine.complete(found);
            return found;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            lookups.remove(hash, mine);
        }
    }

    private static Optional<GatewayKey> await(CompletableFuture<Optional<GatewayKey>> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private Optional<GatewayKey> lookup(String hash) {
        return sql(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM gateway_key WHERE secret_sha256 = ? AND revoked_at IS NULL")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
    }

    private static GatewayKey read(ResultSet rs) throws SQLException {
        long budget = rs.getLong("budget_micros");
        Long budgetMicros = rs.wasNull() ? null : budget;
        String models = rs.getString("models");
        Set<String> m = new TreeSet<>();
        if (models != null && !models.isBlank()) {
            m.addAll(List.of(models.split(",")));
        }
        long revoked = rs.getLong("revoked_at");
        Instant revokedAt = rs.wasNull() ? null : Instant.ofEpochMilli(revoked);
        return new GatewayKey(rs.getString("id"), rs.getString("prefix"), rs.getString("name"),
                rs.getString("owner"), rs.getString("plan"), budgetMicros, m,
                Instant.ofEpochMilli(rs.getLong("created_at")), revokedAt);
    }

    // ---- naming a key ----

    /** The id or prefix to look for; null for nothing; refuses a whole secret, which must not travel this way. */
    private static String reference(String idOrPrefix) {
        if (idOrPrefix == null || idOrPrefix.isBlank()) {
            return null;
        }
        String r = idOrPrefix.strip();
        if (r.startsWith(Secrets.SCHEME) && r.length() > Secrets.PREFIX_LENGTH) {
            throw new KeyValidationException("key", "give the key's id or its " + Secrets.PREFIX_LENGTH
                    + "-character prefix (sb-XXXXXXX), not its secret");
        }
        return r;
    }

    // ---- SQL ----

    @FunctionalInterface
    private interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    /** A unique id, prefix or hash already taken: the caller draws new ones. */
    private static final class Collision extends RuntimeException {
        Collision() {
            super(null, null, false, false);
        }
    }

    private <T> T sql(Work<T> work) {
        try {
            if (!migrated) {
                db.ensureReady();
                migrated = true;
            }
            try (Connection c = db.dataSource().getConnection()) {
                return work.apply(c);
            }
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new Collision();
            }
            throw new KeyStoreUnavailableException("the gateway keys' database " + db.describe()
                    + " did not answer: " + Failures.oneLine(e));
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the key store is closed");
        }
    }

    /** Refuses work from now on; closes the pool when this store opened it. */
    @Override
    public void close() {
        closed = true;
        if (ownsDatabase) {
            db.close();
        }
    }
}

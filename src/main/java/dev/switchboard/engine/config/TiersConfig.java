package dev.switchboard.engine.config;

import java.util.Objects;

/** The three exact-match cache tiers. */
public record TiersConfig(L1Config l1, L2Config l2, L3Config l3) {
    public TiersConfig {
        Objects.requireNonNull(l1, "l1");
        Objects.requireNonNull(l2, "l2");
        Objects.requireNonNull(l3, "l3");
    }

    public TiersConfig withL1(L1Config c) {
        return new TiersConfig(c, l2, l3);
    }

    public TiersConfig withL2(L2Config c) {
        return new TiersConfig(l1, c, l3);
    }

    public TiersConfig withL3(L3Config c) {
        return new TiersConfig(l1, l2, c);
    }
}

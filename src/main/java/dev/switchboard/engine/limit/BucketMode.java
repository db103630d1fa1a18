package dev.switchboard.engine.limit;

/** Where a bucket's state lives: this process, Redis (shared by all instances), or here because Redis is gone. */
public enum BucketMode {
    LOCAL, SHARED, FALLBACK
}

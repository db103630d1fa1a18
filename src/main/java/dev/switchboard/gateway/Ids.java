package dev.switchboard.gateway;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Request and response ids: random, not secret, short. */
final class Ids {
    /** A caller's own {@code x-request-id} is echoed only when it is this tame: it goes into a response header. */
    private static final Pattern CALLER_ID = Pattern.compile("[A-Za-z0-9._:/+=-]{1,128}");

    private Ids() {
    }

    /** 24 lowercase hex digits. */
    static String random() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String a = Long.toHexString(r.nextLong() | Long.MIN_VALUE);
        String b = Long.toHexString(r.nextLong() | Long.MIN_VALUE);
        return a.substring(4) + b.substring(4);
    }

    /** The caller's request id when it sent a usable one, else a new {@code req_...}. */
    static String request(String callers) {
        return callers != null && CALLER_ID.matcher(callers).matches() ? callers : "req_" + random();
    }
}

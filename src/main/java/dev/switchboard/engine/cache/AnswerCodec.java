package dev.switchboard.engine.cache;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON bytes for an entry in Redis: readable with redis-cli, tolerant of fields added later. */
final class AnswerCodec {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private AnswerCodec() {
    }

    static byte[] encode(CachedAnswer a) {
        try {
            return JSON.writeValueAsBytes(a);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CachedAnswer decode(byte[] bytes) {
        try {
            return JSON.readValue(bytes, CachedAnswer.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable cache entry: " + e.getMessage(), e);
        }
    }
}

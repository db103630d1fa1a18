package dev.switchboard.cli;

import dev.switchboard.engine.Engine;
import dev.switchboard.replay.ReplayOptions;
import dev.switchboard.replay.ReplayRunner;
import dev.switchboard.workload.Workload;
import java.util.ArrayList;
import java.util.List;

/** What the benchmarks that compare engines block by block share: a block of replays, and the median of blocks. */
final class BenchBlocks {
    private BenchBlocks() {
    }

    /** Replays the workload {@code runs} times, the cache flushed before each; requests per second overall. */
    static double block(Engine engine, Workload w, ReplayOptions options, int runs) throws InterruptedException {
        long requests = 0;
        double seconds = 0;
        for (int i = 0; i < runs; i++) {
            engine.cache().flushAll();
            var r = new ReplayRunner(engine, null).run(w, options);
            requests += r.requests();
            seconds += r.wallSeconds();
        }
        return requests / seconds;
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n == 0 ? 0 : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}

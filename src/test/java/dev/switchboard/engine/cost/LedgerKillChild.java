package dev.switchboard.engine.cost;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigLoader;
import dev.switchboard.engine.request.ChatRequest;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process {@link LedgerKillIT} kills: an engine answering requests from 16 threads, each request with a user
 * of its own, printing the user of every answer it has received, and every 100 ms how many records it has
 * written to SQL ({@code #written N}). It runs until it is killed.
 */
public final class LedgerKillChild {
    private LedgerKillChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        Engine engine = Engine.start(new ConfigLoader().load(Path.of(args[0])));
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        AtomicInteger next = new AtomicInteger();
        for (int t = 0; t < 16; t++) {
            Thread.ofVirtual().start(() -> {
                while (true) {
                    int i = next.getAndIncrement();
                    // Every fourth request repeats an earlier prompt, so cache hits are in the ledger too.
                    int prompt = i % 4 == 3 ? i - 3 : i;
                    engine.submit(ChatRequest.builder().model("gpt-4o-mini").user("u" + i).prompt("question " + prompt)
                            .maxTokens(64).build());
                    synchronized (out) {
                        out.println("u" + i);
                        out.flush();
                    }
                }
            });
        }
        // How many records this process has written to SQL itself, so the test can kill it mid-way.
        while (true) {
            Thread.sleep(100);
            synchronized (out) {
                out.println("#written " + engine.snapshot().ledger().written());
                out.flush();
            }
        }
    }
}

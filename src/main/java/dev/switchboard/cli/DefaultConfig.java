package dev.switchboard.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The config used when no {@code --config} is given: {@code $SWITCHBOARD_HOME/config.yaml} ({@code SWITCHBOARD_HOME}
 * defaults to {@code ~/.switchboard}, as for the embedded database and the journal), whatever the working directory.
 * The first start creates it from the sample bundled in the jar ({@code sample-configs/local.yaml}), with the demo
 * workload beside it for the Traffic tab, and says so in one line.
 */
final class DefaultConfig {
    static final String SAMPLE = "/sample-configs/local.yaml";
    static final String DEMO_WORKLOAD = "/sample-configs/demo-workload.jsonl";

    private DefaultConfig() {
    }

    /** {@code $SWITCHBOARD_HOME}, or {@code ~/.switchboard}; a leading {@code ~} is the user's home. */
    static Path home(Function<String, String> env) {
        String h = env.apply("SWITCHBOARD_HOME");
        if (h == null || h.isBlank()) {
            h = "~/.switchboard";
        }
        if (h.equals("~") || h.startsWith("~/")) {
            h = System.getProperty("user.home") + h.substring(1);
        }
        return Path.of(h);
    }

    /**
     * @return the default config file, created from the bundled sample if it does not exist yet
     * @throws IOException when it cannot be created
     */
    static Path ensure(Function<String, String> env, PrintWriter err) throws IOException {
        Path home = home(env);
        Path config = home.resolve("config.yaml");
        if (Files.exists(config)) {
            return config;
        }
        Files.createDirectories(home);
        copy(SAMPLE, config);
        Path demo = home.resolve("demo-workload.jsonl");
        if (!Files.exists(demo)) {
            copy(DEMO_WORKLOAD, demo);
        }
        err.println("switchboard: created " + config + " from the bundled sample config (L1 and an embedded H2 file, "
                + "simulated models); edit it, or pass --config FILE");
        return config;
    }

    /** Writes a bundled resource to {@code target} unless another process got there first. */
    private static void copy(String resource, Path target) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            try (InputStream in = DefaultConfig.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("the bundled " + resource.substring(1) + " is missing from this build");
                }
                Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, target);
        } catch (FileAlreadyExistsException raced) {
            // Another switchboard started at the same moment and wrote the same file.
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

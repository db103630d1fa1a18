package dev.switchboard.cli;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigFile;
import dev.switchboard.gateway.Gateway;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard serve}: the engine headless behind the HTTP gateway, until SIGTERM or Ctrl-C (or
 * {@code --duration}), which stop it gracefully (requests in flight finish within {@code gateway.grace}, then the
 * engine closes and flushes the ledger). With {@code --record FILE} the traffic served is recorded as a workload.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the engine over HTTP: OpenAI- and Anthropic-compatible endpoints, until stopped.")
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = Commands.CONFIG_HELP)
    Path config;

    @Option(names = "--port", paramLabel = "N", defaultValue = "4000",
            description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}). On any address but a loopback one, "
                    + "gateway keys are required unless the config's gateway.require_keys says otherwise.")
    String host;

    @Option(names = "--metrics-port", paramLabel = "N", description = MetricsPort.HELP
            + " The gateway serves GET /metrics too, behind a key when keys are required.")
    Integer metricsPort;

    @Option(names = "--record", paramLabel = "FILE",
            description = "Record the traffic served to FILE as a workload (store namespaces only, after the input "
                    + "guards; rolls at recording.max_bytes). Its directory must exist.")
    Path record;

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "Stop by itself after this long, e.g. 10m or 1h (default: until Ctrl-C).")
    String duration;

    @Override
    public Integer call() throws InterruptedException {
        return serve(spec, "--record");
    }

    /** @param recordOption the option that names the recording's file, for messages ({@code --out} for record) */
    Integer serve(CommandSpec spec, String recordOption) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        java.time.Duration stopAfter = null;
        if (duration != null) {
            try {
                stopAfter = dev.switchboard.engine.config.Durations.parse(duration);
            } catch (IllegalArgumentException e) {
                return Commands.refuse(spec, Commands.given("--duration", duration) + ": " + e.getMessage());
            }
            if (stopAfter.isZero() || stopAfter.isNegative()) {
                return Commands.refuse(spec, Commands.given("--duration", duration) + ": must be positive, e.g. 10m");
            }
        }
        if (record != null && Commands.checkOut(spec, recordOption, record) != 0) {
            return 2;
        }
        if (port < 0 || port > 65_535) {
            return Commands.refuse(spec, Commands.given("--port", port) + ": must be between 0 and 65535");
        }
        if (host == null || host.isBlank()) {
            return Commands.refuse(spec, "--host: must name an address, e.g. 127.0.0.1 or 0.0.0.0");
        }
        if (MetricsPort.problem(metricsPort) != null) {
            return Commands.refuse(spec, MetricsPort.problem(metricsPort));
        }
        ServerTuning.apply();
        ConfigFile file = Commands.configFile(spec, config);
        Engine engine = file == null ? null : Commands.startEngine(file, err);
        if (engine == null) {
            return 2;
        }
        if (record != null) {
            try {
                // The command line's file wins over the config's recording.
                engine.recording().stop();
                engine.recording().start(record);
            } catch (IllegalArgumentException | IllegalStateException e) {
                engine.close();
                return Commands.refuse(spec, recordOption + " " + record + ": " + e.getMessage());
            }
        }
        Gateway gateway;
        dev.switchboard.gateway.MetricsServer metrics;
        try {
            gateway = Gateway.start(engine, host.strip(), port);
        } catch (IllegalStateException e) {
            engine.close();
            return Commands.refuse(spec, e.getMessage());
        }
        try {
            metrics = MetricsPort.start(engine, metricsPort, err);
        } catch (IllegalStateException e) {
            gateway.stop();
            engine.close();
            return Commands.refuse(spec, e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable stop = () -> {
            if (!stopping.compareAndSet(false, true)) {
                return;
            }
            // Gateway first, so requests in flight still have an engine; then the engine flushes the ledger.
            boolean all = gateway.stop();
            if (metrics != null) {
                metrics.close();
            }
            engine.close();
            err.println("switchboard: gateway stopped" + (all ? "" : " (some requests were cut after the grace "
                    + "period)") + "; engine closed");
            if (record != null) {
                var st = engine.recording().status();
                err.printf(java.util.Locale.ROOT, "switchboard: recorded %,d requests to %s (%,d bytes, %,d dropped "
                                + "for a full queue, %,d no-store left out%s)%n", st.lines(), st.file(), st.bytes(),
                        st.dropped(), st.skipped(), st.error() == null ? "" : "; stopped early: " + st.error());
            }
            err.flush();
            stopped.countDown();
        };
        Thread hook = new Thread(stop, "sb-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("switchboard: serving " + gateway.url() + "/v1 (OpenAI and Anthropic formats), gateway keys "
                + (gateway.keysRequired() ? "required" : "not required") + "; Ctrl-C stops");
        out.flush();
        if (record != null) {
            var r = engine.config().recording();
            err.println("switchboard: recording the traffic served to " + record + " (rolls at "
                    + dev.switchboard.engine.config.ByteSizes.format(r.maxBytes()) + ", " + r.files()
                    + " files kept)" + (stopAfter == null ? "" : "; stops after "
                    + dev.switchboard.engine.config.Durations.format(stopAfter)));
            err.flush();
        }
        try {
            if (stopAfter == null) {
                stopped.await();
            } else if (!stopped.await(stopAfter.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                stop.run();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // The JVM is stopping already; the hook finds the work done.
                }
            }
        } catch (InterruptedException e) {
            // Stopped from inside the process (an embedding caller, a test): the same graceful stop as a signal's.
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running already.
            }
            stop.run();
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}

package dev.switchboard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigException;
import dev.switchboard.engine.config.ConfigFile;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.telemetry.metrics.EngineMetrics;
import dev.switchboard.engine.telemetry.trace.TraceSettings;
import dev.switchboard.replay.ReplayOptions;
import dev.switchboard.workload.Workload;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchboard bench telemetry}: what metrics and tracing cost the request path. One JVM holds four engines
 * built from the same config (telemetry off; Prometheus metrics; metrics and tracing at 10%; metrics and every
 * request traced), and replays the workload through them in turn, block after block, so the machine's drift hits
 * every variant alike and the ratios compare like with like. Spans are exported over OTLP/HTTP to a sink in this
 * process that reads and drops them, so the exporter's work is counted too; the metrics are scraped once a block.
 */
@Command(name = "telemetry", mixinStandardHelpOptions = true,
        description = "Compare --max-rate replay throughput with telemetry off, with metrics, with metrics and "
                + "tracing at 10%, and with every request traced, alternating in one JVM. Prints JSON.")
final class TelemetryBench implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", defaultValue = "sample-configs/bench.yaml",
            description = "Engine configuration (default: ${DEFAULT-VALUE}); its own tracing section is ignored.")
    Path config;

    @Option(names = "--workload", required = true, description = "JSON Lines workload.")
    Path workload;

    @Option(names = "--rounds", defaultValue = "15",
            description = "Rounds, each one block per variant (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--runs-per-block", defaultValue = "3",
            description = "Replays of the workload in each block (default: ${DEFAULT-VALUE}).")
    int runsPerBlock;

    @Option(names = "--concurrency", defaultValue = "" + ReplayOptions.DEFAULT_CONCURRENCY,
            description = "Requests in flight (default: ${DEFAULT-VALUE}).")
    int concurrency;

    /** One way of running the engine: its name, whether metrics are attached, and its tracing. */
    private record Variant(String name, boolean metrics, double sampling) {
    }

    @Option(names = "--sampling", split = ",", defaultValue = "0.1,1",
            description = "The traced variants' sampling ratios, each with metrics (default: ${DEFAULT-VALUE}).")
    List<Double> sampling;

    /** Telemetry off, metrics alone, then metrics with tracing at each sampling ratio. */
    private List<Variant> variants() {
        List<Variant> vs = new ArrayList<>(List.of(new Variant("off", false, -1), new Variant("metrics", true, -1)));
        for (double r : sampling) {
            vs.add(new Variant("metrics_trace_" + (Math.rint(r * 1000) / 10) + "%", true, r));
        }
        return vs;
    }

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        if (rounds < 1) {
            return Commands.refuse(spec, Commands.given("--rounds", rounds) + ": must be at least 1");
        }
        if (runsPerBlock < 1) {
            return Commands.refuse(spec, Commands.given("--runs-per-block", runsPerBlock) + ": must be at least 1");
        }
        for (double r : sampling) {
            if (!(r >= 0 && r <= 1)) {
                return Commands.refuse(spec, Commands.given("--sampling", r) + ": each ratio must be between 0 and 1");
            }
        }
        List<Variant> variants = variants();
        if (concurrency < 1 || concurrency > ReplayOptions.MAX_CONCURRENCY) {
            return Commands.refuse(spec, Commands.given("--concurrency", concurrency) + ": must be between 1 and "
                    + ReplayOptions.MAX_CONCURRENCY);
        }
        Workload w = Commands.readWorkload(spec, "--workload", workload);
        if (w == null) {
            return 2;
        }
        ConfigFile file = Commands.configFile(spec, config);
        if (file == null) {
            return 2;
        }
        SwitchboardConfig base;
        try {
            base = file.load();
        } catch (ConfigException e) {
            err.println("switchboard: config error: " + e.getMessage());
            return 2;
        }
        ReplayOptions options = ReplayOptions.maxRate(concurrency);
        LongAdder exports = new LongAdder();
        LongAdder exportedBytes = new LongAdder();
        HttpServer sink = sink(exports, exportedBytes);
        Map<Variant, Engine> engines = new LinkedHashMap<>();
        Map<Variant, EngineMetrics> metrics = new LinkedHashMap<>();
        Map<Variant, List<Double>> rps = new LinkedHashMap<>();
        try {
            String endpoint = "http://127.0.0.1:" + sink.getAddress().getPort() + "/v1/traces";
            for (Variant v : variants) {
                TraceSettings t = v.sampling() < 0 ? TraceSettings.defaults()
                        : new TraceSettings(true, endpoint, v.sampling(), "switchboard-bench");
                Engine e = Engine.start(base.withTracing(t));
                engines.put(v, e);
                if (v.metrics()) {
                    metrics.put(v, EngineMetrics.attach(e));
                }
                rps.put(v, new ArrayList<>());
            }
            for (int round = -1; round < rounds; round++) {
                StringBuilder line = new StringBuilder();
                for (Variant v : variants) {
                    double r = BenchBlocks.block(engines.get(v), w, options, runsPerBlock);
                    EngineMetrics m = metrics.get(v);
                    if (m != null) {
                        m.scrape();
                    }
                    if (round >= 0) {
                        rps.get(v).add(r);
                        line.append(String.format(Locale.ROOT, " %s %.0f", v.name(), r));
                    }
                }
                err.println(round < 0 ? "warm-up done" : "round " + (round + 1) + ":" + line);
                err.flush();
            }
        } finally {
            metrics.values().forEach(EngineMetrics::close);
            engines.values().forEach(Engine::close);
            sink.stop(0);
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode o = json.createObjectNode();
        o.put("workload", workload.toString());
        o.put("rounds", rounds);
        o.put("runs_per_block", runsPerBlock);
        o.put("concurrency", concurrency);
        // Each round's ratio to the round's own "off" block, then their median: paired, so the machine's drift
        // between rounds (a shared VM's neighbours) cancels out.
        List<Double> off = rps.get(variants.get(0));
        ObjectNode rpsNode = o.putObject("rps_median");
        ObjectNode ratio = o.putObject("over_off");
        for (Variant v : variants) {
            rpsNode.put(v.name(), Math.rint(BenchBlocks.median(rps.get(v))));
            List<Double> paired = new ArrayList<>();
            for (int i = 0; i < off.size(); i++) {
                paired.add(rps.get(v).get(i) / off.get(i));
            }
            ratio.put(v.name(), Math.rint(BenchBlocks.median(paired) * 1000) / 1000);
        }
        o.put("otlp_exports", exports.sum());
        o.put("otlp_bytes", exportedBytes.sum());
        spec.commandLine().getOut().println(json.writerWithDefaultPrettyPrinter().writeValueAsString(o));
        return 0;
    }

    /** An OTLP/HTTP receiver on loopback that reads each export, counts it and answers 200 with nothing. */
    private static HttpServer sink(LongAdder exports, LongAdder bytes) throws java.io.IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        s.createContext("/v1/traces", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                bytes.add(in.transferTo(java.io.OutputStream.nullOutputStream()));
            }
            exports.increment();
            ex.getResponseHeaders().set("content-type", "application/x-protobuf");
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        s.start();
        return s;
    }
}

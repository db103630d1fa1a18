package dev.switchboard.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard record}: {@code serve --record FILE} under a name of its own, the file required: the engine
 * headless behind the gateway, recording the traffic it serves as a workload until stopped or {@code --duration}.
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Serve the engine over HTTP and record the traffic served as a workload file, until stopped.")
final class RecordCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = Commands.CONFIG_HELP)
    Path config;

    @Option(names = "--out", paramLabel = "FILE", required = true,
            description = "The workload file written (rolls at recording.max_bytes to FILE.1, FILE.2, ...); its "
                    + "directory must exist.")
    Path out;

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "Stop after this long, e.g. 10m or 1h (default: until Ctrl-C).")
    String duration;

    @Option(names = "--port", paramLabel = "N", defaultValue = "4000",
            description = "Port to listen on, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--metrics-port", paramLabel = "N", description = MetricsPort.HELP)
    Integer metricsPort;

    @Override
    public Integer call() throws InterruptedException {
        ServeCommand serve = new ServeCommand();
        serve.config = config;
        serve.record = out;
        serve.duration = duration;
        serve.port = port;
        serve.host = host;
        serve.metricsPort = metricsPort;
        return serve.serve(spec, "--out");
    }
}

package dev.switchboard.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import io.netty.util.ResourceLeakDetector;
import java.lang.management.ManagementFactory;

/**
 * Process settings for {@code serve}, a long-running server started with a plain {@code java -jar}: what a server's
 * JVM flags would say, applied from inside, and only where the operator did not set them on the command line.
 */
final class ServerTuning {
    private static final String LEAK_DETECTION = "io.netty.leakDetection.level";

    private ServerTuning() {
    }

    static void apply() {
        if (System.getProperty(LEAK_DETECTION) == null) {
            // Netty's default samples one buffer in 128 with a stack trace, 2% of the miss path's CPU; tests keep it.
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        // G1 keeps up to 70% of its heap free by default: after a burst of 2,000 connections the gateway held 460 MB
        // resident for 140 MB of live objects. A server gives it back: at most 20% free after a collection shrinks
        // the heap (measured: 387 MB resident in the same run, same throughput). Both flags are manageable.
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (isDefault(vm, "MinHeapFreeRatio") && isDefault(vm, "MaxHeapFreeRatio")) {
                vm.setVMOption("MinHeapFreeRatio", "5");
                vm.setVMOption("MaxHeapFreeRatio", "20");
            }
        } catch (RuntimeException e) {
            // Another VM (no HotSpot flags): its defaults stand.
        }
    }

    private static boolean isDefault(HotSpotDiagnosticMXBean vm, String flag) {
        return vm.getVMOption(flag).getOrigin() == VMOption.Origin.DEFAULT;
    }
}

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
        // G1 grows its heap for a burst and keeps it: after a minute at 20,000 req/s the gateway held 600 MB resident
        // for 15 MB of live objects. A server gives it back (JEP 346): when no collection ran for 3 s, a concurrent
        // cycle runs and its remark shrinks the heap to G1's default 70% free (390 MB resident at 2,000 connections
        // in the peer bench). Shrinking to 20% free held it at 369 MB but left too little heap for the next burst:
        // 2,000 connections then reached 96-98% of direct instead of 99.7%. Under load, collections run anyway and
        // this never fires. The flag is manageable.
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (isDefault(vm, "G1PeriodicGCInterval")) {
                vm.setVMOption("G1PeriodicGCInterval", "3000");
            }
        } catch (RuntimeException e) {
            // Another VM (no HotSpot flags): its defaults stand.
        }
    }

    private static boolean isDefault(HotSpotDiagnosticMXBean vm, String flag) {
        return vm.getVMOption(flag).getOrigin() == VMOption.Origin.DEFAULT;
    }
}

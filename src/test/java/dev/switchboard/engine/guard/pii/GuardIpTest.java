package dev.switchboard.engine.guard.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GuardIpTest {
    private final IpDetector d = new IpDetector();

    @Test
    void findsIpv4WithAndWithoutAPort() {
        assertThat(Spans.of(d, "server 192.168.1.10 is down.")).containsExactly("192.168.1.10");
        assertThat(Spans.of(d, "http://10.0.0.5:8080/health")).containsExactly("10.0.0.5");
        assertThat(Spans.of(d, "ssh admin@172.16.0.1")).containsExactly("172.16.0.1");
        assertThat(Spans.of(d, "0.0.0.0 and 255.255.255.255")).containsExactly("0.0.0.0", "255.255.255.255");
    }

    @Test
    void findsIpv6InFullCompressedAndMappedForms() {
        assertThat(Spans.of(d, "addr 2001:0db8:85a3:0000:0000:8a2e:0370:7334 ok"))
                .containsExactly("2001:0db8:85a3:0000:0000:8a2e:0370:7334");
        assertThat(Spans.of(d, "2001:db8::1, fe80::1ff:fe23:4567:890a and ::1")).containsExactly("2001:db8::1",
                "fe80::1ff:fe23:4567:890a", "::1");
        assertThat(Spans.of(d, "[::ffff:192.0.2.128]:443")).containsExactly("::ffff:192.0.2.128");
    }

    @Test
    void ignoresVersionsTimesMacsAndScopeOperators() {
        assertThat(d.find("v2.3.1 and 1.2.3.4.5 and 10.0.0 and 256.1.1.1 and 01.2.3.4")).isEmpty();
        assertThat(d.find("at 12:30:45, MAC 00:1A:2B:3C:4D:5E")).isEmpty();
        assertThat(d.find("std::vector and Vec::new() and 16:9")).isEmpty();
        assertThat(d.find("1::2::3 and 1:2:3:4:5:6:7:8:9")).isEmpty();
    }
}

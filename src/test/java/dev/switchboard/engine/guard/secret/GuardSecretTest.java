package dev.switchboard.engine.guard.secret;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.guard.detect.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuardSecretTest {
    private final SecretDetector d = new SecretDetector();

    private List<String> spans(String text) {
        return d.find(text).stream().map(f -> text.substring(f.start(), f.end())).toList();
    }

    @Test
    void findsEveryKnownPrefix() {
        String[] keys = {"sk-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0f", "sk-proj-Ab3dEf6hIj9kLm2n_Op5qRs8tUv1w-Xy4z",
                "sk-ant-api03-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGh", "AKIAIOSFODNN7EXAMPL3",
                "ASIAY34FZKBOKMUTVV7A", "ghp_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7c",
                "gho_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7c", "ghs_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7c",
                "github_pat_11ABCDEFG0123456789_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z",
                "xoxb-123456789012-1234567890123-Ab3dEf6hIj9kLm2nOp5qRs8t", "AIzaSyAb3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zA",
                "glpat-Ab3dEf6hIj9kLm2nOp5q", "sk_live_Ab3dEf6hIj9kLm2nOp5qRs8t", "rk_live_Ab3dEf6hIj9kLm2nOp5qRs8t",
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"};
        for (String k : keys) {
            assertThat(spans("my key is " + k + " ok")).as(k).containsExactly(k);
            assertThat(d.find("x " + k).get(0).rule()).as(k).isEqualTo("secret.prefix");
        }
    }

    @Test
    void findsAPrivateKeyBlockWhole() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7\nabc==\n-----END RSA PRIVATE KEY-----";
        assertThat(spans("here:\n" + pem + "\nthanks")).containsExactly(pem);
    }

    @Test
    void findsRandomKeysByEntropy() {
        List<Finding> f = d.find("api_key = Zq7Xv2Lm9Pw4Rt8Ks3Nb6Hd1Jf5Gc0Ya");
        assertThat(f).extracting(Finding::rule).containsExactly("secret.entropy");
        assertThat(d.find("AWS secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY9")).hasSize(1);
        assertThat(d.find("token: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"))
                .as("hex with a key word beside it").hasSize(1);
    }

    @Test
    void ignoresUuidsDigestsIdentifiersAndEncodedWords() {
        assertThat(d.find("request 123e4567-e89b-12d3-a456-426614174000 failed")).isEmpty();
        assertThat(d.find("commit 9fceb02d0ae598e95dc970b74767f19372d61af8 broke it")).isEmpty();
        assertThat(d.find("sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")).isEmpty();
        assertThat(d.find("AbstractSingletonProxyFactoryBean and HttpServletRequestWrapperFactory2")).isEmpty();
        assertThat(d.find("decode dGhlIHF1aWNrIGJyb3duIGZveCBqdW1wcw== please")).isEmpty();
        assertThat(d.find("internationalization pneumonoultramicroscopic")).isEmpty();
        assertThat(d.find("the task-force met; use scikit-learn-extra-0.3")).isEmpty();
        assertThat(d.find("userAccountBalanceTotal2024")).isEmpty();
        String blob = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg"
                .repeat(4);
        assertThat(d.find("data:image/png;base64," + blob)).as("a pasted blob, not a key").isEmpty();
    }

    @Test
    void findsCredentialsInAssignmentsAndFlags() {
        String[][] cases = {{"REDIS_PASSWORD=vB6%tq!Rz0", "vB6%tq!Rz0"}, {"mail.smtp.passwd: Lk3#uy7Pw", "Lk3#uy7Pw"},
                {"{\"client_secret\": \"n7T&qWe4sZ\"}", "n7T&qWe4sZ"}, {"ADMIN_PWD := 'Fo9^gHj2k'", "Fo9^gHj2k"},
                {"sshpass -p 'Qm4!xYr8ab' ssh ops@host", "Qm4!xYr8ab"},
                {"curl --token=Tz8@kLw3Np https://api", "Tz8@kLw3Np"}};
        for (String[] c : cases) {
            assertThat(spans(c[0])).as(c[0]).containsExactly(c[1]);
            assertThat(d.find(c[0]).get(0).rule()).as(c[0]).isEqualTo(SecretDetector.ASSIGNMENT_RULE);
        }
    }

    @Test
    void ignoresPlaceholdersAndNonCredentialAssignments() {
        String[] benign = {"DB_PASS=${DB_PASS}", "password: <insert password>", "api_key=YOUR_API_KEY_HERE",
                "token: ${{ secrets.DEPLOY_TOKEN }}", "smtp_password=changeme123", "password = '##########'",
                "secret: Xx-xxxx-xxxx", "password_file: /run/Secrets/db1.txt", "token_endpoint=https://Id1.io/t",
                "pass = readPassword(Prompt1)", "key = keys[Slot2]", "grep -a 'Warn42!z' app.log",
                "docker run -p 0.0.0.0:443:8443/tcp app", "The passing grade: 60%, Good luck!"};
        for (String b : benign) {
            assertThat(d.find(b)).as(b).isEmpty();
        }
    }
}

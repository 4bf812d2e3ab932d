package dev.tandem.agent.security.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.agent.security.tls.CertificateIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PkiGeneratorTest {
    @TempDir
    Path dir;

    @Test
    void throwawayPkiHasCaNodesAndOneClientPerRole() throws Exception {
        PkiDirectory pki = PkiGenerator.throwaway(dir, "prg1", "node-a", "node-b");
        X509Certificate ca = Pem.readCertificate(pki.caCertificate());
        for (String n : List.of("node-a", "node-b", "admin", "operator", "viewer")) {
            X509Certificate c = Pem.readCertificate(pki.certificate(n));
            c.verify(ca.getPublicKey()); // signed by the group CA
            assertThat(Pem.readPrivateKey(pki.privateKey(n))).isNotNull();
        }
        assertThat(CertificateIdentity.of(Pem.readCertificate(pki.certificate("node-a"))))
                .contains(new CertificateIdentity("node-a", Role.NODE));
        assertThat(CertificateIdentity.of(Pem.readCertificate(pki.certificate("viewer"))))
                .contains(new CertificateIdentity("viewer", Role.VIEWER));
        assertThat(Pem.readCertificate(pki.certificate("node-b")).getSubjectAlternativeNames())
                .extracting(l -> String.valueOf(l.get(1))).contains("node-b", "localhost", "127.0.0.1");
        assertThat(Files.getPosixFilePermissions(pki.privateKey("node-a")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void aSecondRunReusesTheCaAndRefusesToOverwriteWithoutForce() throws Exception {
        PkiDirectory pki = PkiGenerator.throwaway(dir, "prg1", "node-a", "node-b");
        byte[] ca = Files.readAllBytes(pki.caCertificate());
        byte[] nodeA = Files.readAllBytes(pki.certificate("node-a"));

        PkiGenerator again = new PkiGenerator("prg1", Duration.ofDays(1)).node("node-a", List.of());
        assertThatThrownBy(() -> again.writeTo(pki, false, false)).hasMessageContaining("node-a").hasMessageContaining("--force");
        assertThat(Files.readAllBytes(pki.certificate("node-a"))).isEqualTo(nodeA);

        // renewal of one certificate: same CA, new node certificate, still verifies with the CA
        assertThat(again.writeTo(pki, false, true)).containsExactly("node-a");
        assertThat(Files.readAllBytes(pki.caCertificate())).isEqualTo(ca);
        assertThat(Files.readAllBytes(pki.certificate("node-a"))).isNotEqualTo(nodeA);
        Pem.readCertificate(pki.certificate("node-a")).verify(Pem.readCertificate(pki.caCertificate()).getPublicKey());
    }

    @Test
    void initPkiCommandWritesDefaultsAndRejectsBadArguments() throws Exception {
        int ok = new CommandLine(new InitPkiCommand()).execute("--dir", dir.toString(), "--group", "g1",
                "--node", "alpha", "--node", "beta", "--host", "alpha=10.0.0.5,alpha.example", "--client", "ann=operator");
        assertThat(ok).isZero();
        PkiDirectory pki = new PkiDirectory(dir);
        assertThat(pki.has("alpha")).isTrue();
        assertThat(pki.has("ann")).isTrue();
        assertThat(pki.has("admin")).isFalse(); // --client given: no default clients
        assertThat(Pem.readCertificate(pki.certificate("alpha")).getSubjectAlternativeNames())
                .extracting(l -> String.valueOf(l.get(1))).contains("alpha", "10.0.0.5", "alpha.example");
        assertThat(CertificateIdentity.of(Pem.readCertificate(pki.certificate("ann"))))
                .contains(new CertificateIdentity("ann", Role.OPERATOR));

        assertThat(new CommandLine(new InitPkiCommand()).execute("--dir", dir.toString(), "--node", "alpha")).isEqualTo(2);
        assertThat(new CommandLine(new InitPkiCommand()).execute("--dir", dir.toString(), "--client", "x=root")).isEqualTo(2);
        assertThat(new CommandLine(new InitPkiCommand()).execute("--dir", dir.toString(), "--node", "bad_name")).isEqualTo(2);
        assertThat(new CommandLine(new InitPkiCommand()).execute("--dir", dir.toString(), "--node", "ca")).isEqualTo(2);
    }
}

package dev.tandem.agent.security.pki;

import dev.tandem.agent.security.tls.TlsFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where init-pki writes, and the agent and clients read, PEM files (flat, one pair per name):
 * {@code ca.crt} and {@code ca.key} (the group CA: keep ca.key off the nodes), and
 * {@code <name>.crt} / {@code <name>.key} for each node and each admin client.
 */
public record PkiDirectory(Path dir) {
    public static final String CA = "ca";

    public Path certificate(String name) {
        return dir.resolve(name + ".crt");
    }

    public Path privateKey(String name) {
        return dir.resolve(name + ".key");
    }

    public Path caCertificate() {
        return certificate(CA);
    }

    /** The files the holder of {@code name}'s credential uses (its pair, and the group CA to trust). */
    public TlsFiles files(String name) {
        return new TlsFiles(certificate(name), privateKey(name), caCertificate());
    }

    public boolean has(String name) {
        return Files.exists(certificate(name)) || Files.exists(privateKey(name));
    }

    public void write(String name, Credential c) throws IOException {
        Pem.write(certificate(name), c.certificatePem(), false);
        Pem.write(privateKey(name), c.privateKeyPem(), true);
    }

    /** The CA written before (to issue more credentials with it). */
    public CertificateAuthority readCa(String group) throws IOException {
        var cert = Pem.readCertificate(caCertificate());
        var key = Pem.readPrivateKey(privateKey(CA));
        return CertificateAuthority.of(group, new Credential(cert, new java.security.KeyPair(cert.getPublicKey(), key)));
    }
}

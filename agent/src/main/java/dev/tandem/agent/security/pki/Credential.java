package dev.tandem.agent.security.pki;

import java.security.KeyPair;
import java.security.cert.X509Certificate;

/** A certificate with its key pair: a CA's, a node's or an admin client's. */
public record Credential(X509Certificate certificate, KeyPair keys) {
    public String certificatePem() {
        return Pem.certificate(certificate);
    }

    public String privateKeyPem() {
        return Pem.privateKey(keys.getPrivate());
    }
}

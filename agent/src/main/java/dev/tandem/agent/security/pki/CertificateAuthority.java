package dev.tandem.agent.security.pki;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A group CA that issues node and client certificates (EC P-256, SHA-256 ECDSA).
 * Subjects: {@code CN=<name>, OU=<role>, O=Tandem <group>}; node certificates also name the
 * node (and the given host names and addresses) as DNS/IP subject alternative names, so a
 * peer that dials with the node name as TLS authority checks it names that node.
 */
public final class CertificateAuthority {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String group;
    private final Credential ca;

    private CertificateAuthority(String group, Credential ca) {
        this.group = group;
        this.ca = ca;
    }

    /** A new self-signed group CA valid for {@code validity}. */
    public static CertificateAuthority create(String group, Duration validity) {
        KeyPair keys = newKeyPair();
        X500Name name = subject(group, "ca", "Tandem " + group + " CA");
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = builder(name, name, keys.getPublic(), validity)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            return new CertificateAuthority(group, new Credential(sign(b, keys), keys));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot create the CA: " + e.getMessage(), e);
        }
    }

    /** A CA whose certificate and key were written before (init-pki adding a credential later). */
    public static CertificateAuthority of(String group, Credential ca) {
        return new CertificateAuthority(group, ca);
    }

    public Credential credential() {
        return ca;
    }

    /** A node certificate: CN and DNS SAN = node name, plus {@code hosts} (names or IP literals). */
    public Credential issueNode(String node, List<String> hosts, Duration validity) {
        List<GeneralName> sans = new ArrayList<>();
        sans.add(new GeneralName(GeneralName.dNSName, node));
        for (String h : hosts) {
            if (h.equals(node)) {
                continue;
            }
            sans.add(isIpLiteral(h) ? new GeneralName(GeneralName.iPAddress, h) : new GeneralName(GeneralName.dNSName, h));
        }
        return issue(node, Role.NODE, sans, validity);
    }

    /** An admin API client certificate for {@code name} in {@code role} (not NODE). */
    public Credential issueClient(String name, Role role, Duration validity) {
        if (role == Role.NODE) {
            throw new IllegalArgumentException("use issueNode for node certificates");
        }
        return issue(name, role, List.of(), validity);
    }

    private Credential issue(String cn, Role role, List<GeneralName> sans, Duration validity) {
        KeyPair keys = newKeyPair();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = builder(X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                    subject(group, role.ou(), cn), keys.getPublic(), validity)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                    // nodes are servers (their ports) and clients (the peer link); admin clients are clients only
                    .addExtension(Extension.extendedKeyUsage, false, role == Role.NODE
                            ? new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth})
                            : new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.certificate()));
            if (!sans.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
            }
            return new Credential(sign(b, ca.keys()), keys);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot issue a certificate for " + cn + ": " + e.getMessage(), e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key, Duration validity) {
        Instant now = Instant.now();
        // a minute back: a peer whose clock is slightly behind still accepts a fresh certificate
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM).add(BigInteger.ONE),
                Date.from(now.minusSeconds(60)), Date.from(now.plus(validity)), subject, key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static X500Name subject(String group, String ou, String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Tandem " + group)
                .addRDN(BCStyle.OU, ou).addRDN(BCStyle.CN, cn).build();
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available: " + e.getMessage(), e);
        }
    }

    private static boolean isIpLiteral(String h) {
        if (!h.matches("[0-9.]+|[0-9A-Fa-f:]+") || !(h.contains(".") || h.contains(":"))) {
            return false;
        }
        try {
            InetAddress.getByName(h); // a literal: no lookup
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}

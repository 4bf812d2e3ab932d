package dev.tandem.agent.security.tls;

import dev.tandem.agent.security.pki.Role;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Who a verified certificate names: its subject CN and the role in its OU (docs/security.md).
 * The TLS handshake has already checked it against the group CA.
 */
public record CertificateIdentity(String name, Role role) {

    /** The identity of the other side of {@code session}; empty when it sent no certificate or an unusable subject. */
    public static Optional<CertificateIdentity> of(SSLSession session) {
        if (session == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                return Optional.empty();
            }
            return of(leaf);
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    public static Optional<CertificateIdentity> of(X509Certificate cert) {
        String cn = null;
        String ou = null;
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                String type = rdn.getType().toUpperCase(java.util.Locale.ROOT);
                String value = String.valueOf(rdn.getValue());
                // a subject with two CNs or two OUs is ambiguous: refuse rather than pick one
                if (type.equals("CN")) {
                    if (cn != null) {
                        return Optional.empty();
                    }
                    cn = value;
                } else if (type.equals("OU")) {
                    if (ou != null) {
                        return Optional.empty();
                    }
                    ou = value;
                }
            }
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        if (cn == null || ou == null || cn.isEmpty()) {
            return Optional.empty();
        }
        String name = cn;
        return Role.fromOu(ou).map(r -> new CertificateIdentity(name, r));
    }
}

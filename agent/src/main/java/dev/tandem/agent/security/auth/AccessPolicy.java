package dev.tandem.agent.security.auth;

import dev.tandem.agent.security.tls.CertificateIdentity;
import io.grpc.Status;
import java.util.Optional;

/** Decides per call whether a caller may call a method; {@link Status#OK} lets it through. */
@FunctionalInterface
public interface AccessPolicy {
    /**
     * @param fullMethodName e.g. {@code tandem.admin.v1.AdminService/Failover}
     * @param identity       the verified client certificate's identity; empty without one
     * @return OK, UNAUTHENTICATED (no usable credential) or PERMISSION_DENIED (credential not enough)
     */
    Status decide(String fullMethodName, Optional<CertificateIdentity> identity);

    /** Everything allowed: the --insecure mode (plaintext, no identities). */
    AccessPolicy ALLOW_ALL = (m, id) -> Status.OK;
}

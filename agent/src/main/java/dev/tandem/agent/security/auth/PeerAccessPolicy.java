package dev.tandem.agent.security.auth;

import dev.tandem.agent.security.pki.Role;
import dev.tandem.agent.security.tls.CertificateIdentity;
import io.grpc.Status;
import java.util.Optional;

/**
 * The peer port accepts calls only from the configured peer node: a node certificate
 * (OU=node) of the group CA whose CN is the peer's name. Everyone else, including this
 * node's own certificate and admin clients, is refused before the message is looked at.
 */
public final class PeerAccessPolicy implements AccessPolicy {
    private final String peer;

    public PeerAccessPolicy(String peer) {
        this.peer = peer;
    }

    @Override
    public Status decide(String method, Optional<CertificateIdentity> identity) {
        if (identity.isEmpty()) {
            return Status.UNAUTHENTICATED.withDescription("the peer port needs the peer node's certificate");
        }
        CertificateIdentity id = identity.get();
        if (id.role() != Role.NODE || !id.name().equals(peer)) {
            return Status.PERMISSION_DENIED.withDescription("the peer port accepts only node " + peer);
        }
        return Status.OK;
    }
}

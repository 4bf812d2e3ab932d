package dev.tandem.agent.security.tls;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * gRPC TLS credentials for the agent's ports and its callers, from PEM files.
 *
 * <ul>
 *   <li>peer port and admin port: the node certificate, and a client certificate is asked for
 *       ({@link #mutualServer}); whether a caller may do anything is then decided per call by
 *       {@link dev.tandem.agent.security.auth.AccessInterceptor}, so a caller without a certificate
 *       gets UNAUTHENTICATED (and health checks stay open) instead of a failed handshake. A
 *       certificate from another CA fails the handshake.</li>
 *   <li>client port: the node certificate only ({@link #server}); users authenticate by secret.</li>
 *   <li>callers: {@link #mutualClient} (peer link, tandemctl, console) or {@link #trustOnly}.</li>
 * </ul>
 */
public final class TlsCredentials {
    private TlsCredentials() {
    }

    /** Presents {@code node}'s certificate and asks (does not require) for a client certificate of the group CA. */
    public static ServerCredentials mutualServer(TlsFiles node) {
        try {
            node.check();
            return TlsServerCredentials.newBuilder()
                    .keyManager(node.certificate().toFile(), node.privateKey().toFile())
                    .trustManager(node.trustedCa().toFile())
                    .clientAuth(TlsServerCredentials.ClientAuth.OPTIONAL)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Presents {@code node}'s certificate; callers are not asked for one. */
    public static ServerCredentials server(TlsFiles node) {
        try {
            node.check();
            return TlsServerCredentials.create(node.certificate().toFile(), node.privateKey().toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Presents {@code own}'s certificate and trusts servers of {@code own}'s CA. */
    public static ChannelCredentials mutualClient(TlsFiles own) {
        try {
            own.check();
            return TlsChannelCredentials.newBuilder()
                    .keyManager(own.certificate().toFile(), own.privateKey().toFile())
                    .trustManager(own.trustedCa().toFile())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** No certificate of its own; trusts servers of the CA in {@code caCertificate} (client-port users, probes). */
    public static ChannelCredentials trustOnly(Path caCertificate) {
        try {
            return TlsChannelCredentials.newBuilder().trustManager(caCertificate.toFile()).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

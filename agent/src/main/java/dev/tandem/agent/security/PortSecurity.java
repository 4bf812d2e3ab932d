package dev.tandem.agent.security;

import dev.tandem.agent.security.auth.AccessInterceptor;
import dev.tandem.agent.security.auth.AccessPolicy;
import dev.tandem.agent.security.auth.AdminAccessPolicy;
import dev.tandem.agent.security.auth.PeerAccessPolicy;
import dev.tandem.agent.security.input.MessageLimits;
import dev.tandem.agent.security.input.StrictParsing;
import dev.tandem.agent.security.pki.PkiDirectory;
import dev.tandem.agent.security.tls.TlsCredentials;
import dev.tandem.agent.security.tls.TlsFiles;
import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one agent's ports are secured, in one place (docs/security.md): TLS with the node's
 * certificate on every port, mutual TLS with the peer identity check on the peer port,
 * client certificates with the role table on the admin port, server TLS on the client port;
 * a maximum message size per port and strict parsing everywhere. {@link #insecure} keeps the
 * limits and parsing but drops TLS and identities, and says so loudly.
 */
public final class PortSecurity {
    private static final Logger log = LoggerFactory.getLogger(PortSecurity.class);

    private final TlsFiles own;
    private final String peer;

    private PortSecurity(TlsFiles own, String peer) {
        this.own = own;
        this.peer = peer;
    }

    /** TLS for {@code node} from {@code pki} ({@code <node>.crt/.key} and {@code ca.crt}); the peer must be {@code peer}. */
    public static PortSecurity tls(PkiDirectory pki, String node, String peer) throws IOException {
        return new PortSecurity(pki.files(node).check(), peer);
    }

    /** Tells the peer on whose behalf a request is forwarded (the proven caller of the call running now). */
    private static final class ForwardedCaller implements io.grpc.ClientInterceptor {
        @Override
        public <Q, A> io.grpc.ClientCall<Q, A> interceptCall(io.grpc.MethodDescriptor<Q, A> method,
                                                            io.grpc.CallOptions options, io.grpc.Channel next) {
            java.util.Optional<dev.tandem.agent.security.auth.Caller> caller = dev.tandem.agent.security.auth.Caller.current();
            if (caller.isEmpty()) {
                return next.newCall(method, options);
            }
            return new io.grpc.ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void start(Listener<A> listener, io.grpc.Metadata headers) {
                    headers.put(dev.tandem.agent.security.auth.Caller.ON_BEHALF_OF, caller.get().audit());
                    super.start(listener, headers);
                }
            };
        }
    }

    /** Plaintext, no identities: anyone who reaches a port may do everything. For isolated tests and labs only. */
    public static PortSecurity insecure(String node) {
        log.warn("*** {}: running with --insecure: plaintext ports, NO authentication, anyone who can reach a port can "
                + "fail this node over, change its configuration and read its users ***", node);
        return new PortSecurity(null, null);
    }

    public boolean isInsecure() {
        return own == null;
    }

    /** The files this node presents (empty when insecure). */
    public TlsFiles files() {
        return own;
    }

    public NettyServerBuilder peerServer(InetSocketAddress bind) {
        return server(bind, true, MessageLimits.PEER_PORT_BYTES);
    }

    public NettyServerBuilder adminServer(InetSocketAddress bind) {
        return server(bind, true, MessageLimits.ADMIN_PORT_BYTES);
    }

    public NettyServerBuilder clientServer(InetSocketAddress bind) {
        return server(bind, false, MessageLimits.CLIENT_PORT_BYTES);
    }

    private NettyServerBuilder server(InetSocketAddress bind, boolean mutual, int maxMessage) {
        NettyServerBuilder b = own == null ? NettyServerBuilder.forAddress(bind)
                : NettyServerBuilder.forAddress(bind, mutual ? TlsCredentials.mutualServer(own) : TlsCredentials.server(own));
        return b.maxInboundMessageSize(maxMessage).maxInboundMetadataSize(MessageLimits.HEADER_BYTES);
    }

    /** A peer-port service: only the configured peer's certificate gets through; bodies parsed strictly. */
    public ServerServiceDefinition peerService(BindableService s) {
        return guarded(s.bindService(), "peer", own == null ? AccessPolicy.ALLOW_ALL : new PeerAccessPolicy(peer));
    }

    /** An admin-port service (admin API, health, reflection): the role table decides. */
    public ServerServiceDefinition adminService(ServerServiceDefinition s) {
        return guarded(s, "admin", own == null ? AccessPolicy.ALLOW_ALL : new AdminAccessPolicy());
    }

    /** The client port's server and service as this agent secures them. */
    public dev.tandem.agent.presence.clientport.ClientPortBinding clientBinding() {
        return new dev.tandem.agent.presence.clientport.ClientPortBinding() {
            @Override
            public NettyServerBuilder builder(InetSocketAddress bind) {
                return clientServer(bind);
            }

            @Override
            public ServerServiceDefinition service(BindableService s) {
                return clientService(s);
            }
        };
    }

    /** A client-port service: users log in with their secret; TLS hides it. The caller's address is in the Context. */
    public ServerServiceDefinition clientService(BindableService s) {
        return guarded(s.bindService(), "client", AccessPolicy.ALLOW_ALL);
    }

    private ServerServiceDefinition guarded(ServerServiceDefinition s, String port, AccessPolicy policy) {
        // interceptors run last-added first: errors bounded around everything, then access, then parsing
        return ServerInterceptors.intercept(StrictParsing.wrap(s), new AccessInterceptor(port, policy, own == null),
                new dev.tandem.agent.security.input.BoundedErrors());
    }

    /**
     * The channel to the peer's service port: presents this node's certificate and accepts only
     * a server certificate naming the peer node (the TLS authority is the peer's name).
     */
    public NettyChannelBuilder peerChannel(String target) {
        if (own == null) {
            return NettyChannelBuilder.forTarget(target).usePlaintext();
        }
        return NettyChannelBuilder.forTarget(target, TlsCredentials.mutualClient(own)).overrideAuthority(peer)
                .maxInboundMessageSize(MessageLimits.PEER_PORT_BYTES).intercept(new ForwardedCaller());
    }
}
